using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace NumberBlocks.Bench;

/// <summary>
/// Figure 4: ten million numbers as ranges (10–1990 numbers, 1000 on average, so about 10,000 lines) from a CSV file,
/// streamed through the operator bulk import (POST /admin/v1/stock/import); elapsed time and the service's peak resident
/// memory (VmHWM). Baseline: the same ranges written into the same three tables (ledger_claims, stock_ranges,
/// stock_loads) as cheaply as the database allows, in a fresh database of the same provider: PostgreSQL binary COPY,
/// SQLite one transaction of prepared inserts.
/// </summary>
public static class ImportFigure
{
    public const long FirstNumber = 4920110000000; // Essen (+49 201), area code 201

    public sealed record Result(TimeSpan Import, double PeakMb, double IdleMb, long Ranges, long Numbers, bool Balanced, TimeSpan Baseline, long FileBytes);

    /// <summary>Writes the import file; returns its ranges.</summary>
    public static List<(long Start, long End)> WriteFile(string path, long numbers, long first = FirstNumber, int seed = 11)
    {
        var random = new Random(seed);
        var ranges = new List<(long, long)>();
        using var writer = new StreamWriter(path);
        writer.Write("start_at,end_at,number_type,area_code,city\n");
        long next = first, total = 0;
        while (total < numbers)
        {
            var size = Math.Min(random.Next(10, 1991), numbers - total);
            ranges.Add((next, next + size - 1));
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"+{next},+{next + size - 1},local,201,Essen\n"));
            total += size;
            next += size + random.Next(0, 20);
        }
        return ranges;
    }

    public static async Task<Result> RunAsync(string provider, string? pg, long numbers)
    {
        var file = Path.Combine(Path.GetTempPath(), $"nb-bench-import-{Guid.NewGuid():N}.csv");
        try
        {
            var ranges = WriteFile(file, numbers);
            var fileBytes = new FileInfo(file).Length;

            var baselineDb = await BenchDatabase.CreateAsync(provider, pg);
            await baselineDb.MigrateAsync();
            var baseline = await RawAsync(baselineDb, ranges);

            var db = await BenchDatabase.CreateAsync(provider, pg);
            await db.MigrateAsync();
            await using var service = await ServiceProcess.StartAsync(provider, db.ConnectionString);
            using var op = new HttpClient { BaseAddress = new Uri(service.BaseUrl), Timeout = TimeSpan.FromMinutes(30) };
            op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceProcess.OperatorKey);
            // Warm the process (JIT, pool) so VmHWM before the import is the idle footprint.
            (await op.GetAsync("/admin/v1/stock/audit")).EnsureSuccessStatusCode();
            var idle = service.PeakMemoryMb();

            var sw = Stopwatch.StartNew();
            await using var stream = File.OpenRead(file);
            using var content = new StreamContent(stream, 64 * 1024);
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            var response = await op.PostAsync("/admin/v1/stock/import", content);
            var text = await response.Content.ReadAsStringAsync();
            var elapsed = sw.Elapsed;
            var peak = service.PeakMemoryMb();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Import failed: {(int)response.StatusCode} {text}");
            var data = JsonDocument.Parse(text).RootElement.GetProperty("data");
            var audit = JsonDocument.Parse(await op.GetStringAsync("/admin/v1/stock/audit")).RootElement.GetProperty("data");
            var balanced = audit.GetProperty("balanced").GetBoolean() && audit.GetProperty("in_stock").GetInt64() == numbers
                && data.GetProperty("refused_lines").GetInt64() == 0;
            return new Result(elapsed, peak, idle, data.GetProperty("loaded_ranges").GetInt64(), data.GetProperty("loaded_numbers").GetInt64(),
                balanced, baseline, fileBytes);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The same rows the import writes, without the service: COPY on PostgreSQL, one prepared-insert transaction on SQLite.</summary>
    public static async Task<TimeSpan> RawAsync(BenchDatabase db, List<(long Start, long End)> ranges)
    {
        await using var connection = await db.OpenRawAsync();
        var now = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        if (db.IsPostgres)
        {
            var pg = (NpgsqlConnection)connection;
            await using var tx = await pg.BeginTransactionAsync();
            var ids = ranges.Select(_ => Guid.CreateVersion7(now)).ToArray();
            await using (var copy = await pg.BeginBinaryImportAsync(
                "COPY ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < ranges.Count; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(ranges[i].Start, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(ranges[i].End, NpgsqlDbType.Bigint);
                    await copy.WriteAsync("stock", NpgsqlDbType.Text);
                    await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                    await copy.WriteNullAsync();
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await pg.BeginBinaryImportAsync(
                "COPY stock_ranges (id, range_start, range_end, country_code, number_type, area_code, city, city_key, region, region_key, created_at) FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < ranges.Count; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(ids[i], NpgsqlDbType.Uuid);
                    await copy.WriteAsync(ranges[i].Start, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(ranges[i].End, NpgsqlDbType.Bigint);
                    await copy.WriteAsync("DE", NpgsqlDbType.Text);
                    await copy.WriteAsync("local", NpgsqlDbType.Text);
                    await copy.WriteAsync("201", NpgsqlDbType.Text);
                    await copy.WriteAsync("Essen", NpgsqlDbType.Text);
                    await copy.WriteAsync("ESSEN", NpgsqlDbType.Text);
                    await copy.WriteNullAsync();
                    await copy.WriteNullAsync();
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await pg.BeginBinaryImportAsync("COPY stock_loads (range_start, range_end, loaded_at) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var (s, e) in ranges)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(s, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(e, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                }
                await copy.CompleteAsync();
            }
            await tx.CommitAsync();
        }
        else
        {
            var lite = (SqliteConnection)connection;
            await using var tx = await lite.BeginTransactionAsync();
            await using var claim = lite.CreateCommand();
            claim.CommandText = "INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, account_id, claimed_at) VALUES (@s, @e, 'stock', @h, NULL, @t)";
            await using var stock = lite.CreateCommand();
            stock.CommandText = "INSERT INTO stock_ranges (id, range_start, range_end, country_code, number_type, area_code, city, city_key, region, region_key, created_at) " +
                "VALUES (@h, @s, @e, 'DE', 'local', '201', 'Essen', 'ESSEN', NULL, NULL, @t)";
            await using var load = lite.CreateCommand();
            load.CommandText = "INSERT INTO stock_loads (range_start, range_end, loaded_at) VALUES (@s, @e, @t)";
            foreach (var cmd in new[] { claim, stock, load })
            {
                cmd.Transaction = (SqliteTransaction)tx;
                foreach (var name in cmd == load ? new[] { "@s", "@e", "@t" } : ["@s", "@e", "@h", "@t"]) cmd.Parameters.Add(new SqliteParameter(name, null));
                cmd.Parameters["@t"].Value = now.UtcTicks;
                cmd.Prepare();
            }
            foreach (var (s, e) in ranges)
            {
                var id = Guid.CreateVersion7(now).ToString();
                foreach (var cmd in new[] { claim, stock, load })
                {
                    cmd.Parameters["@s"].Value = s;
                    cmd.Parameters["@e"].Value = e;
                    if (cmd != load) cmd.Parameters["@h"].Value = id;
                    await cmd.ExecuteNonQueryAsync();
                }
            }
            await tx.CommitAsync();
        }
        return sw.Elapsed;
    }
}
