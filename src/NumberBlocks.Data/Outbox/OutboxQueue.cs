using System.Data.Common;

namespace NumberBlocks.Data.Outbox;

/// <summary>A message leased to one worker for one attempt.</summary>
public sealed record LeasedMessage(Guid Id, Guid? AccountId, string Channel, string EventType, string? Destination, string? Subject,
    string Payload, int Attempts, Guid LeaseToken, DateTimeOffset CreatedAt, string? TraceParent = null)
{
    public string WebhookId => OutboxMessage.WebhookIdOf(Id);
}

/// <summary>
/// The outcome of one attempt, to be recorded with <see cref="OutboxQueue.RecordAsync"/>: <see cref="Status"/> is
/// delivered, recorded or failed (completed now), or pending again at <see cref="NextAttemptAt"/>.
/// </summary>
public sealed record AttemptOutcome(LeasedMessage Message, string Status, int? StatusCode, string? Note, DateTimeOffset NextAttemptAt);

/// <summary>
/// The worker side of the outbox: lease due messages, then record each attempt's outcome. A lease is a token and an
/// expiry: a worker that dies mid-attempt leaves the message to be leased again once the lease expires (at-least-once),
/// and an outcome is recorded only by the token's holder, so two workers never both complete the same attempt.
/// PostgreSQL leases with FOR UPDATE SKIP LOCKED (workers in several processes skip each other's rows); SQLite leases
/// inside the single-writer transaction.
/// </summary>
public static class OutboxQueue
{
    /// <summary>
    /// Leases up to <paramref name="max"/> due messages, with a lease long enough for all of them: <paramref name="leaseFor"/>
    /// is given how many are due (at most <paramref name="max"/>) and returns the lease length, so a worker that attempts
    /// them in several rounds still holds every lease until its outcome is recorded, and one due message is leased for
    /// exactly one round. Empty (without taking the SQLite write lock) when nothing is due.
    /// </summary>
    public static async Task<List<LeasedMessage>> LeaseDueAsync(NumberBlocksDbContext db, int max, DateTimeOffset now, Func<int, TimeSpan> leaseFor, CancellationToken ct)
    {
        // Cheap read first, outside any write transaction: idle polls never take the SQLite write lock.
        await db.EnsureOpenAsync(ct);
        int due;
        await using (var probe = db.Command(
            "SELECT COUNT(*) FROM (SELECT 1 FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= @now " +
            "AND (lease_until IS NULL OR lease_until <= @now) LIMIT @max) d")
            .With(db, "@now", now).With(db, "@max", max))
        {
            due = Convert.ToInt32(await probe.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        // Another worker may take some of them first: fewer rows under a lease sized for more is still safe.
        return due == 0 ? [] : await LeaseAsync(db, due, now, now + leaseFor(due), ct);
    }

    private static async Task<List<LeasedMessage>> LeaseAsync(NumberBlocksDbContext db, int max, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        var token = Guid.NewGuid();
        var leased = await db.RunAsync<List<LeasedMessage>>(async c =>
        {
            var skipLocked = db.IsSqlite ? "" : " FOR UPDATE SKIP LOCKED";
            await using var cmd = db.Command(
                "UPDATE outbox_messages SET lease_token = @token, lease_until = @until, attempts = attempts + 1, updated_at = @now " +
                "WHERE id IN (SELECT id FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= @now " +
                $"AND (lease_until IS NULL OR lease_until <= @now) ORDER BY next_attempt_at, id LIMIT @max{skipLocked}) " +
                "RETURNING id, account_id, channel, event_type, destination, subject, payload, attempts, created_at, trace_parent")
                .With(db, "@token", token).With(db, "@until", leaseUntil).With(db, "@now", now).With(db, "@max", max);
            var rows = new List<LeasedMessage>();
            await using var reader = await cmd.ExecuteReaderAsync(c);
            while (await reader.ReadAsync(c))
                rows.Add(new LeasedMessage(reader.ReadGuid(0), reader.IsDBNull(1) ? null : reader.ReadGuid(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                    reader.GetInt32(7), token, ReadInstant(reader, 8), reader.IsDBNull(9) ? null : reader.GetString(9)));
            return rows;
        }, ct);
        return leased.Value;
    }

    /// <summary>
    /// Records the outcomes of many attempts in one write transaction (one statement on PostgreSQL); each is written only
    /// while its lease token still holds. Returns the ids recorded; a missing id lost its lease to another worker.
    /// </summary>
    public static async Task<HashSet<Guid>> RecordAsync(NumberBlocksDbContext db, IReadOnlyList<AttemptOutcome> outcomes, DateTimeOffset now, CancellationToken ct)
    {
        if (outcomes.Count == 0) return [];
        var result = await db.RunAsync<HashSet<Guid>>(async c =>
        {
            await db.EnsureOpenAsync(c);
            var recorded = new HashSet<Guid>();
            const string set = "status = {0}, next_attempt_at = {1}, completed_at = {2}, lease_token = NULL, lease_until = NULL, " +
                "last_status_code = {3}, last_error = {4}, updated_at = @now";
            if (db.IsSqlite)
            {
                await using var cmd = db.Command(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                        "UPDATE outbox_messages SET " + set + " WHERE id = @id AND lease_token = @token", "@status", "@next", "@done", "@code", "@note"))
                    .With(db, "@now", now).With(db, "@status", "").With(db, "@next", now).With(db, "@done", null).With(db, "@code", null)
                    .With(db, "@note", null).With(db, "@id", "").With(db, "@token", "");
                foreach (var o in outcomes)
                {
                    cmd.Parameters["@status"].Value = o.Status;
                    cmd.Parameters["@next"].Value = o.NextAttemptAt.UtcTicks;
                    cmd.Parameters["@done"].Value = o.Status == OutboxStatuses.Pending ? DBNull.Value : now.UtcTicks;
                    cmd.Parameters["@code"].Value = o.StatusCode is { } code ? code : DBNull.Value;
                    cmd.Parameters["@note"].Value = (object?)Truncate(o.Note, 1000) ?? DBNull.Value;
                    cmd.Parameters["@id"].Value = o.Message.Id.ToString();
                    cmd.Parameters["@token"].Value = o.Message.LeaseToken.ToString();
                    if (await cmd.ExecuteNonQueryAsync(c) == 1) recorded.Add(o.Message.Id);
                }
                return recorded;
            }
            await using var update = db.Command(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    "UPDATE outbox_messages o SET " + set + " FROM unnest(@id, @token, @status, @next, @done, @code, @note) " +
                    "AS u(id, token, status, next_at, done_at, code, note) WHERE o.id = u.id AND o.lease_token = u.token RETURNING o.id",
                    "u.status", "u.next_at", "u.done_at", "u.code", "u.note"))
                .With(db, "@now", now)
                .With(db, "@id", outcomes.Select(o => o.Message.Id).ToArray())
                .With(db, "@token", outcomes.Select(o => o.Message.LeaseToken).ToArray())
                .With(db, "@status", outcomes.Select(o => o.Status).ToArray())
                .With(db, "@next", outcomes.Select(o => o.NextAttemptAt.ToUniversalTime()).ToArray());
            update.Parameters.Add(new Npgsql.NpgsqlParameter("@done", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz)
            { Value = outcomes.Select(o => o.Status == OutboxStatuses.Pending ? (DateTimeOffset?)null : now.ToUniversalTime()).ToArray() });
            update.Parameters.Add(new Npgsql.NpgsqlParameter("@code", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer)
            { Value = outcomes.Select(o => o.StatusCode).ToArray() });
            update.Parameters.Add(new Npgsql.NpgsqlParameter("@note", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text)
            { Value = outcomes.Select(o => Truncate(o.Note, 1000)).ToArray() });
            await using var reader = await update.ExecuteReaderAsync(c);
            while (await reader.ReadAsync(c)) recorded.Add(reader.GetGuid(0));
            return recorded;
        }, ct);
        return result.Value;
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    private static DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) => reader.GetValue(ordinal) switch
    {
        long ticks => new DateTimeOffset(ticks, TimeSpan.Zero),
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto,
        var other => throw new InvalidCastException($"Column {ordinal} is {other.GetType()}, not an instant."),
    };
}
