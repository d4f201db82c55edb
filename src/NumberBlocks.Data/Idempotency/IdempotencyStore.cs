using System.Data.Common;

namespace NumberBlocks.Data.Idempotency;

/// <summary>A stored idempotent request: what it was (method, path, SHA-256 of method, path and body) and its first response.</summary>
public sealed record IdempotencyRecord(string Method, string Path, byte[] RequestSha256, int Status, string? ContentType, byte[] Body,
    DateTimeOffset CreatedAt);

/// <summary>
/// The idempotency_keys table (migration 0005). Called inside a <see cref="RequestTransaction"/>, so a record is written
/// in the same transaction as the writes of the request it answers.
/// </summary>
public static class IdempotencyStore
{
    public static async Task<IdempotencyRecord?> FindAsync(NumberBlocksDbContext db, string scope, string key, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command(
            "SELECT request_method, request_path, request_sha256, response_status, response_content_type, response_body, created_at " +
            "FROM idempotency_keys WHERE scope = @s AND idempotency_key = @k")
            .With(db, "@s", scope).With(db, "@k", key);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return new IdempotencyRecord(reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2), reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetString(4), (byte[])reader.GetValue(5), ReadInstant(reader, 6));
    }

    public static async Task InsertAsync(NumberBlocksDbContext db, string scope, string key, IdempotencyRecord record, string? requestId,
        CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command(
            "INSERT INTO idempotency_keys (scope, idempotency_key, request_method, request_path, request_sha256, response_status, " +
            "response_content_type, response_body, request_id, created_at) VALUES (@s, @k, @m, @p, @h, @st, @ct, @b, @r, @t)")
            .With(db, "@s", scope).With(db, "@k", key).With(db, "@m", record.Method).With(db, "@p", record.Path)
            .With(db, "@h", record.RequestSha256).With(db, "@st", record.Status).With(db, "@ct", record.ContentType)
            .With(db, "@b", record.Body).With(db, "@r", requestId).With(db, "@t", record.CreatedAt);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task DeleteAsync(NumberBlocksDbContext db, string scope, string key, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command("DELETE FROM idempotency_keys WHERE scope = @s AND idempotency_key = @k")
            .With(db, "@s", scope).With(db, "@k", key);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Forgets every record created before <paramref name="cutoff"/>; returns how many.</summary>
    public static async Task<int> PurgeCreatedBeforeAsync(NumberBlocksDbContext db, DateTimeOffset cutoff, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command("DELETE FROM idempotency_keys WHERE created_at < @c").With(db, "@c", cutoff);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// PostgreSQL: takes a transaction-scoped advisory lock on (scope, key) without waiting; false when another
    /// transaction (another process) holds it, i.e. the same key is in flight there. SQLite needs none: BEGIN IMMEDIATE
    /// already serializes every writer, across processes too.
    /// </summary>
    public static async Task<bool> TryLockAsync(NumberBlocksDbContext db, string scope, string key, CancellationToken ct)
    {
        if (db.IsSqlite) return true;
        await db.EnsureOpenAsync(ct);
        await using var cmd = db.Command("SELECT pg_try_advisory_xact_lock(hashtextextended(@s || E'\\n' || @k, 8))")
            .With(db, "@s", scope).With(db, "@k", key);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    private static DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        long ticks => new DateTimeOffset(ticks, TimeSpan.Zero),
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto,
        var other => throw new InvalidCastException($"created_at is {other.GetType()}, not an instant."),
    };
}
