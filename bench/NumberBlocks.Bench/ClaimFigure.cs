using System.Diagnostics;
using System.Net;
using System.Text;
using Npgsql;
using NumberBlocks.Data;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Bench;

/// <summary>
/// Figure 2: a claim against a large ledger, through the service's own claim path (NumberLedger inside a
/// WriteTransaction), for a free range and for an overlapping one; against a raw INSERT into ledger_claims that the
/// exclusion constraint checks (PostgreSQL) or a raw insert (SQLite), and a raw insert the constraint refuses.
/// </summary>
public static class ClaimFigure
{
    public static async Task<(Samples Claim, Samples RawClaim, Samples Reject, Samples RawReject)> RunAsync(BenchDatabase database, long ledger, int iterations)
    {
        await database.MigrateAsync();
        await database.PrefillLedgerAsync(ledger);
        await using var raw = await database.OpenRawAsync();
        await using var db = database.NewContext();

        var claim = new Samples("claim");
        var rawClaim = new Samples("raw claim");
        var reject = new Samples("reject");
        var rawReject = new Samples("raw reject");
        const int warmup = 20;
        var held = 4940100000000L + 5; // inside the first prefilled range
        for (var i = 0; i < iterations + warmup; i++)
        {
            var holder = LedgerHolder.PortingOrder(Guid.NewGuid(), Guid.NewGuid());
            var free = NumberRange.Of(E164Number.FromValue(4920130000000L + i * 1000L), E164Number.FromValue(4920130000000L + i * 1000L + 99));
            var sw = Stopwatch.StartNew();
            var result = await db.RunAsync(async ct =>
                await NumberLedger.ClaimAsync(db, holder, free, DateTimeOffset.UtcNow, ct) is { } c ? Result<bool>.Fail(c.ToError(null)) : Result<bool>.Ok(true),
                CancellationToken.None);
            if (i >= warmup) claim.Add(sw.Elapsed);
            if (result.IsFailure) throw new InvalidOperationException(result.FirstError.Detail);

            sw.Restart();
            await RawInsertAsync(database, raw, 4920170000000L + i * 1000L, expectRefusal: false);
            if (i >= warmup) rawClaim.Add(sw.Elapsed);

            var overlapping = NumberRange.Of(E164Number.FromValue(held), E164Number.FromValue(held + 99));
            sw.Restart();
            var refused = await db.RunAsync(async ct =>
                await NumberLedger.ClaimAsync(db, holder, overlapping, DateTimeOffset.UtcNow, ct) is { } c ? Result<bool>.Fail(c.ToError(null)) : Result<bool>.Ok(true),
                CancellationToken.None);
            if (i >= warmup) reject.Add(sw.Elapsed);
            if (refused.IsSuccess) throw new InvalidOperationException("The overlapping claim was accepted.");

            if (database.IsPostgres)
            {
                sw.Restart();
                await RawInsertAsync(database, raw, held, expectRefusal: true);
                if (i >= warmup) rawReject.Add(sw.Elapsed);
            }
        }
        return (claim, rawClaim, reject, rawReject);
    }

    /// <summary>
    /// Figure 2 through HTTP: POST /v2/porting_orders naming one free number (the order, its number and the ledger
    /// claim, answered 201) and one held by the prefilled ledger (refused by the ledger, 422 ledger.number_held), one
    /// client, against the same run's raw claim of one number plus the framework floor (an authenticated GET of an
    /// unknown route: the HTTP round trip, middleware and key check without a handler), measured between them.
    /// </summary>
    public static async Task<(Samples Claim, Samples Reject, Samples Baseline)> RunHttpAsync(BenchDatabase database, int iterations)
    {
        await using var service = await ServiceProcess.StartAsync(database.Provider, database.ConnectionString);
        using var api = await ApiClient.NewAccountAsync(service.BaseUrl);
        await using var raw = await database.OpenRawAsync();
        var claim = new Samples("claim through HTTP");
        var reject = new Samples("rejection through HTTP");
        var baseline = new Samples("raw claim + floor request");
        const int warmup = 50;
        const long held = 4940100000000L + 7; // inside the first prefilled range
        async Task<TimeSpan> PostAsync(long number, HttpStatusCode expected)
        {
            var sw = Stopwatch.StartNew();
            using var response = await api.Http.PostAsync("/v2/porting_orders",
                new StringContent("{\"phone_numbers\": [\"+" + number + "\"]}", Encoding.UTF8, "application/json"));
            var elapsed = sw.Elapsed;
            if (response.StatusCode != expected)
                throw new InvalidOperationException($"POST /v2/porting_orders for +{number}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}, expected {(int)expected}.");
            return elapsed;
        }
        for (var i = 0; i < iterations + warmup; i++)
        {
            var sw = Stopwatch.StartNew();
            using (var floor = await api.Http.GetAsync("/v2/no_such_route"))
                if (floor.StatusCode != HttpStatusCode.NotFound) throw new InvalidOperationException($"The floor route answered {(int)floor.StatusCode}.");
            var floorTime = sw.Elapsed;
            sw.Restart();
            await RawInsertAsync(database, raw, 4920180000000L + i * 10L, expectRefusal: false, length: 1);
            if (i >= warmup) baseline.Add(floorTime + sw.Elapsed);

            var taken = await PostAsync(4920160000000L + i * 10L, HttpStatusCode.Created);
            if (i >= warmup) claim.Add(taken);
            var refused = await PostAsync(held, HttpStatusCode.UnprocessableEntity);
            if (i >= warmup) reject.Add(refused);
        }
        return (claim, reject, baseline);
    }

    private static async Task RawInsertAsync(BenchDatabase database, System.Data.Common.DbConnection connection, long start, bool expectRefusal, int length = 100)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) VALUES (@s, @e, 'porting_order', @h, NULL, @t)";
        BenchDatabase.Param(cmd, "@s").Value = start;
        BenchDatabase.Param(cmd, "@e").Value = start + length - 1;
        BenchDatabase.Param(cmd, "@h").Value = database.Id(Guid.NewGuid());
        BenchDatabase.Param(cmd, "@t").Value = database.Instant(DateTimeOffset.UtcNow);
        try
        {
            await cmd.ExecuteNonQueryAsync();
            if (expectRefusal) throw new InvalidOperationException("The raw overlapping insert was accepted: the exclusion constraint is missing.");
            await tx.CommitAsync();
        }
        catch (PostgresException ex) when (expectRefusal && ex.SqlState == PostgresErrorCodes.ExclusionViolation)
        {
            await tx.RollbackAsync();
        }
    }
}
