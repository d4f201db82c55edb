using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Data.Requests;

/// <summary>The audit of issue 4: stock + assigned = loaded, stock rows and stock claims agree, no claims overlap.</summary>
public sealed record StockAudit(long Loaded, long InStock, long Assigned, long LedgerStock, long StockRowsWithoutClaim, long OverlappingClaims)
{
    public bool Balanced => Loaded == InStock + Assigned && LedgerStock == InStock && StockRowsWithoutClaim == 0 && OverlappingClaims == 0;
}

/// <summary>
/// Loading stock and reading it. Each stock range is claimed in the ledger by (stock, row id), so a number in stock
/// cannot be on a porting order and vice versa. Rows are written with SQL (imports run to thousands of rows).
/// </summary>
public static class StockOperations
{
    private static StockRange NewRow(StockRangeSpec spec, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        RangeStart = spec.Range.Start.Value,
        RangeEnd = spec.Range.End.Value,
        CountryCode = spec.CountryCode,
        NumberType = spec.NumberType.ToWire(),
        AreaCode = spec.AreaCode,
        City = spec.City,
        CityKey = NumberRequestSpec.Key(spec.City),
        Region = spec.Region,
        RegionKey = NumberRequestSpec.Key(spec.Region),
        CreatedAt = now,
    };

    public static async Task<Result<StockRange>> LoadAsync(NumberBlocksDbContext db, StockRangeSpec spec, DateTimeOffset now, CancellationToken ct)
    {
        var row = NewRow(spec, now);
        if (await NumberLedger.ClaimAsync(db, LedgerHolder.Stock(row.Id), spec.Range, now, ct) is { } conflict)
            return conflict.ToError("/start_at");
        await InsertRowAsync(db, row, ct);
        await using var load = db.Command("INSERT INTO stock_loads (range_start, range_end, loaded_at) VALUES (@s, @e, @t)")
            .With(db, "@s", row.RangeStart).With(db, "@e", row.RangeEnd).With(db, "@t", now);
        await load.ExecuteNonQueryAsync(ct);
        return row;
    }

    /// <summary>
    /// One batch of an import file's lines in one transaction: lines that did not parse and ranges the ledger refused
    /// are reported by line (in line order), the rest load. One ledger call claims the whole batch (a round trip per
    /// range made imports network-bound). The operator API's import and the console's both load through here.
    /// </summary>
    public static async Task<StockBatchOutcome> LoadLinesAsync(NumberBlocksDbContext db, IReadOnlyList<(long Line, Result<StockRangeSpec> Spec)> batch,
        DateTimeOffset now, CancellationToken ct)
    {
        var loaded = new List<(long Line, long Count)>();
        var refused = new List<(long Line, DomainError Error)>();
        await db.RunAsync<int>(async c =>
        {
            loaded.Clear();
            refused.Clear();
            var valid = new List<(long Line, StockRangeSpec Spec)>(batch.Count);
            foreach (var (line, spec) in batch)
                if (spec.IsFailure) refused.Add((line, spec.FirstError));
                else valid.Add((line, spec.Value));
            var results = await LoadManyAsync(db, valid.Select(v => v.Spec).ToArray(), now, c);
            for (var i = 0; i < valid.Count; i++)
                if (results[i].IsFailure) refused.Add((valid[i].Line, results[i].FirstError));
                else loaded.Add((valid[i].Line, valid[i].Spec.Range.Count));
            return loaded.Count;
        }, ct);
        return new StockBatchOutcome(loaded, refused.OrderBy(r => r.Line).ToList());
    }

    /// <summary>
    /// Loads many ranges in the current write transaction (one import batch): one ledger call claims all of them
    /// (<see cref="NumberLedger.TryClaimNewAsync"/>), and the stock and load rows of the claimed ones are written with
    /// one statement each on PostgreSQL. Per spec, the row or the error that refused it, as <see cref="LoadAsync"/>
    /// called for each in order would give.
    /// </summary>
    public static async Task<Result<StockRange>[]> LoadManyAsync(NumberBlocksDbContext db, IReadOnlyList<StockRangeSpec> specs, DateTimeOffset now, CancellationToken ct)
    {
        var rows = specs.Select(spec => NewRow(spec, now)).ToArray();
        var conflicts = await NumberLedger.TryClaimNewAsync(db, rows.Select((r, i) => (LedgerHolder.Stock(r.Id), specs[i].Range)).ToArray(), now, ct);
        var results = new Result<StockRange>[rows.Length];
        var loaded = new List<StockRange>(rows.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            if (conflicts[i] is { } conflict) results[i] = conflict.ToError("/start_at");
            else { results[i] = rows[i]; loaded.Add(rows[i]); }
        }
        if (loaded.Count == 0) return results;
        if (db.IsSqlite)
        {
            // In-process statements are cheap; one command each, re-bound per row.
            foreach (var row in loaded) await InsertRowAsync(db, row, ct);
            await using var load = db.Command("INSERT INTO stock_loads (range_start, range_end, loaded_at) VALUES (@s, @e, @t)")
                .With(db, "@s", 0L).With(db, "@e", 0L).With(db, "@t", now);
            foreach (var row in loaded)
            {
                load.Parameters["@s"].Value = row.RangeStart;
                load.Parameters["@e"].Value = row.RangeEnd;
                await load.ExecuteNonQueryAsync(ct);
            }
            return results;
        }
        await using (var insert = db.Command(
            "INSERT INTO stock_ranges (id, range_start, range_end, country_code, number_type, area_code, city, city_key, region, region_key, created_at) " +
            "SELECT id, s, e, c, t, a, city, ck, r, rk, @at FROM unnest(@id, @s, @e, @c, @t, @a, @city, @ck, @r, @rk) AS u(id, s, e, c, t, a, city, ck, r, rk)")
            .With(db, "@at", now)
            .With(db, "@id", loaded.Select(r => r.Id).ToArray())
            .With(db, "@s", loaded.Select(r => r.RangeStart).ToArray())
            .With(db, "@e", loaded.Select(r => r.RangeEnd).ToArray())
            .With(db, "@c", loaded.Select(r => r.CountryCode).ToArray())
            .With(db, "@t", loaded.Select(r => r.NumberType).ToArray())
            .With(db, "@a", loaded.Select(r => r.AreaCode).ToArray())
            .With(db, "@city", loaded.Select(r => r.City).ToArray())
            .With(db, "@ck", loaded.Select(r => r.CityKey).ToArray())
            .With(db, "@r", loaded.Select(r => r.Region).ToArray())
            .With(db, "@rk", loaded.Select(r => r.RegionKey).ToArray()))
            await insert.ExecuteNonQueryAsync(ct);
        await using (var loads = db.Command("INSERT INTO stock_loads (range_start, range_end, loaded_at) SELECT s, e, @t FROM unnest(@s, @e) AS u(s, e)")
            .With(db, "@t", now)
            .With(db, "@s", loaded.Select(r => r.RangeStart).ToArray())
            .With(db, "@e", loaded.Select(r => r.RangeEnd).ToArray()))
            await loads.ExecuteNonQueryAsync(ct);
        return results;
    }

    internal static async Task InsertRowAsync(NumberBlocksDbContext db, StockRange row, CancellationToken ct)
    {
        await using var cmd = db.Command(
            "INSERT INTO stock_ranges (id, range_start, range_end, country_code, number_type, area_code, city, city_key, region, region_key, created_at) " +
            "VALUES (@id, @s, @e, @c, @t, @a, @city, @ck, @r, @rk, @at)")
            .With(db, "@id", row.Id).With(db, "@s", row.RangeStart).With(db, "@e", row.RangeEnd).With(db, "@c", row.CountryCode)
            .With(db, "@t", row.NumberType).With(db, "@a", row.AreaCode).With(db, "@city", row.City).With(db, "@ck", row.CityKey)
            .With(db, "@r", row.Region).With(db, "@rk", row.RegionKey).With(db, "@at", row.CreatedAt);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task<StockAudit> AuditAsync(NumberBlocksDbContext db, CancellationToken ct)
    {
        await db.EnsureOpenAsync(ct);
        async Task<long> Scalar(string sql)
        {
            await using var cmd = db.Command(sql);
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        var loaded = await Scalar("SELECT COALESCE(SUM(range_end - range_start + 1), 0) FROM stock_loads");
        var inStock = await Scalar("SELECT COALESCE(SUM(range_end - range_start + 1), 0) FROM stock_ranges");
        // Everything the one allocation operation took out of stock (number requests, Telnyx orders, reservations).
        var assigned = await Scalar("SELECT COALESCE(SUM(range_end - range_start + 1), 0) FROM stock_allocations");
        var ledgerStock = await NumberLedger.CountNumbersAsync(db, HolderKind.Stock, ct);
        var orphans = await Scalar(
            "SELECT COUNT(*) FROM stock_ranges s WHERE NOT EXISTS (SELECT 1 FROM ledger_claims c WHERE c.holder_kind = 'stock' " +
            "AND c.holder_id = s.id AND c.range_start = s.range_start AND c.range_end = s.range_end)");
        var overlaps = await NumberLedger.CountOverlapsAsync(db, ct);
        return new StockAudit(loaded, inStock, assigned, ledgerStock, orphans, overlaps);
    }

    /// <summary>The restrictions for a country and number type: the operator's row, or the defaults.</summary>
    public static async Task<RequestRestrictions> RestrictionsForAsync(NumberBlocksDbContext db, string countryCode, string numberType, CancellationToken ct)
    {
        var row = await CompiledQueries<Queries>.For(db).Restriction(db, countryCode, numberType, ct);
        return row is null ? RequestRestrictions.Default : ToDomain(row);
    }

    /// <summary>The country rules read once per number-request create: compiled, as the create's hottest read.</summary>
    private sealed class Queries
    {
        public readonly Func<NumberBlocksDbContext, string, string, CancellationToken, Task<RequestRestriction?>> Restriction =
            EF.CompileAsyncQuery((NumberBlocksDbContext db, string countryCode, string numberType, CancellationToken ct) =>
                db.RequestRestrictions.AsNoTracking().FirstOrDefault(r => r.CountryCode == countryCode && r.NumberType == numberType));
    }

    public static RequestRestrictions ToDomain(RequestRestriction row) =>
        new(row.MinQuantity, row.MaxQuantity, row.RangesSupported, JsonSerializer.Deserialize<int[]>(row.RangeSizesJson) ?? []);
}

/// <summary>What one batch of import lines did: the ranges loaded (line, numbers) and the lines refused, in line order.</summary>
public sealed record StockBatchOutcome(IReadOnlyList<(long Line, long Count)> Loaded, IReadOnlyList<(long Line, DomainError Error)> Refused);
