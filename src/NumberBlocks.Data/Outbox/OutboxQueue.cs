using System.Data.Common;

namespace NumberBlocks.Data.Outbox;

/// <summary>A message leased to one worker for one attempt, until <see cref="LeaseUntil"/>.</summary>
public sealed record LeasedMessage(Guid Id, Guid? AccountId, string Channel, string EventType, string? Destination, string? Subject,
    string Payload, int Attempts, Guid LeaseToken, DateTimeOffset LeaseUntil, DateTimeOffset CreatedAt, string? TraceParent = null)
{
    public string WebhookId => OutboxMessage.WebhookIdOf(Id);
}

/// <summary>
/// How long a lease of some messages lasts: one <see cref="AttemptTimeout"/> for every round of <see cref="PerRound"/>
/// attempts the worker makes until the last of them is attempted (counting the <see cref="Ahead"/> messages it already
/// holds unattempted or in flight, which go first), plus <see cref="Margin"/> to record the outcome. A lease that long
/// is never lost to another worker while the holder is still working through its queue at the slowest allowed pace.
/// </summary>
public readonly record struct LeaseTerms(TimeSpan AttemptTimeout, int PerRound, int Ahead, TimeSpan Margin)
{
    public TimeSpan For(int leased)
    {
        var perRound = Math.Max(1, PerRound);
        return AttemptTimeout * ((Math.Max(0, Ahead) + leased + perRound - 1) / perRound) + Margin;
    }
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
    private const string Due = "status = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)";

    private const string Returned = "id, account_id, channel, event_type, destination, subject, payload, attempts, lease_until, created_at, trace_parent";

    /// <summary>
    /// Leases up to <paramref name="max"/> due messages (oldest due first) under one new token, each until now plus
    /// <paramref name="terms"/> for the number actually leased, so one due message is leased for exactly one round.
    /// PostgreSQL: one autocommitted statement (no probe), skipping rows other workers are leasing. SQLite: a cheap
    /// read-only probe first, so idle polls never take the single-writer lock, then the lease in a write transaction.
    /// </summary>
    public static async Task<List<LeasedMessage>> LeaseDueAsync(NumberBlocksDbContext db, int max, DateTimeOffset now, LeaseTerms terms, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        var token = Guid.NewGuid();
        if (!db.IsSqlite)
        {
            // The lease length depends on how many rows were picked, so it is computed in the statement from their count;
            // a CTE with FOR UPDATE is evaluated once, however often it is referenced.
            await using var lease = db.Command(
                $"WITH picked AS (SELECT id FROM outbox_messages WHERE {Due} ORDER BY next_attempt_at, id LIMIT @max FOR UPDATE SKIP LOCKED), " +
                "counted AS (SELECT count(*) AS n FROM picked) " +
                "UPDATE outbox_messages o SET lease_token = @token, attempts = o.attempts + 1, updated_at = @now, " +
                "lease_until = @now + make_interval(secs => @round_seconds * ((@ahead + counted.n + @per_round - 1) / @per_round) + @margin_seconds) " +
                $"FROM picked, counted WHERE o.id = picked.id RETURNING {string.Join(", ", Returned.Split(", ").Select(c => "o." + c))}")
                .With(db, "@token", token).With(db, "@now", now).With(db, "@max", max)
                .With(db, "@round_seconds", terms.AttemptTimeout.TotalSeconds).With(db, "@ahead", Math.Max(0, terms.Ahead))
                .With(db, "@per_round", Math.Max(1, terms.PerRound)).With(db, "@margin_seconds", terms.Margin.TotalSeconds);
            return await ReadLeasedAsync(lease, token, ct);
        }

        int due;
        await using (var probe = db.Command($"SELECT COUNT(*) FROM (SELECT 1 FROM outbox_messages WHERE {Due} LIMIT @max) d")
            .With(db, "@now", now).With(db, "@max", max))
        {
            due = Convert.ToInt32(await probe.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        if (due == 0) return [];
        var leased = await db.RunAsync<List<LeasedMessage>>(async c =>
        {
            await using var cmd = db.Command(
                "UPDATE outbox_messages SET lease_token = @token, lease_until = @until, attempts = attempts + 1, updated_at = @now " +
                $"WHERE id IN (SELECT id FROM outbox_messages WHERE {Due} ORDER BY next_attempt_at, id LIMIT @max) RETURNING {Returned}")
                .With(db, "@token", token).With(db, "@until", now + terms.For(due)).With(db, "@now", now).With(db, "@max", due);
            return await ReadLeasedAsync(cmd, token, c);
        }, ct);
        return leased.Value;
    }

    private static async Task<List<LeasedMessage>> ReadLeasedAsync(DbCommand cmd, Guid token, CancellationToken ct)
    {
        var rows = new List<LeasedMessage>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            rows.Add(new LeasedMessage(reader.ReadGuid(0), reader.IsDBNull(1) ? null : reader.ReadGuid(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                reader.GetInt32(7), token, ReadInstant(reader, 8), ReadInstant(reader, 9), reader.IsDBNull(10) ? null : reader.GetString(10)));
        return rows;
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
