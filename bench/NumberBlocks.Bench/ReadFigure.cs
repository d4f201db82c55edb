using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace NumberBlocks.Bench;

/// <summary>
/// Figure 3: the read path under load, with 16 connections. wrk (Debian's package) drives an authenticated GET
/// /v2/porting_orders/{id} (the order embeds its first 50 numbers) and a filtered GET /v2/porting_phone_numbers page.
/// Baselines from the same run: the framework floor (an authenticated GET of an unknown route: the same middleware
/// and key check, no SQL) and, on PostgreSQL, pgbench -M prepared running exactly the SELECTs the service sent for one
/// order GET (captured from the server's statement log, parameters inlined), one transaction per GET; pgbench -S is
/// printed as a reference. After a warm-up of each, interleaved rounds; each figure is the median of its rounds.
/// </summary>
public static partial class ReadFigure
{
    public sealed record Load(double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx, long Requests);

    public sealed record Result(Load Floor, Load Order, Load Numbers, double SameStatementsTps, int Statements, double PgbenchSelectTps, int Rounds);

    public const int Connections = 16;

    public static async Task<Result> RunAsync(BenchDatabase database, long ledger, int seconds, int rounds = 3)
    {
        await database.MigrateAsync();
        await database.PrefillLedgerAsync(ledger);
        await using var service = await ServiceProcess.StartAsync(database.Provider, database.ConnectionString);
        using var api = await ApiClient.NewAccountAsync(service.BaseUrl);
        var orderId = await api.CreateOrderAsync($$"""{"phone_number_blocks": [{{ApiClient.Block(4920120000000L, 1000, 776)}}]}""");
        var floorUrl = $"{service.BaseUrl}/v2/no_such_route";
        var orderUrl = $"{service.BaseUrl}/v2/porting_orders/{orderId}";
        var numbersUrl = $"{service.BaseUrl}/v2/porting_phone_numbers?filter[porting_order_id][eq]={orderId}&filter[activate]=true&page[size]=20&page[number]=3";

        string? script = null;
        var statements = 0;
        if (database.IsPostgres)
        {
            (script, statements) = await CaptureStatementsAsync(database, async () => (await api.Http.GetAsync(orderUrl)).EnsureSuccessStatusCode());
            await PgbenchAsync(database, ["-i", "-q", "-s", "10"], 0);
        }

        // Warm-up: JIT, pools, plans and caches on every side.
        foreach (var url in new[] { floorUrl, orderUrl, numbersUrl }) await WrkAsync(url, api.ApiKey, 5);
        if (script is not null) await PgbenchAsync(database, ["-n", "-M", "prepared", "-f", script], 3);
        if (Environment.GetEnvironmentVariable("NB_BENCH_TRACE") is { Length: > 0 } trace) 
            await Profiling.TraceAsync(service, trace, () => WrkAsync(orderUrl, api.ApiKey, 14));

        var floors = new List<Load>();
        var orders = new List<Load>();
        var pages = new List<Load>();
        var same = new List<double>();
        var selects = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            floors.Add(await WrkAsync(floorUrl, api.ApiKey, seconds, expect404: true));
            var (serviceCpu, serverCpu) = (service.CpuTime(), ProcessCpu.OfAllNamed("postgres"));
            orders.Add(await WrkAsync(orderUrl, api.ApiKey, seconds));
            var perGet = ((service.CpuTime() - serviceCpu).TotalMicroseconds / orders[^1].Requests, (ProcessCpu.OfAllNamed("postgres") - serverCpu).TotalMicroseconds / orders[^1].Requests);
            if (script is not null) same.Add(await PgbenchAsync(database, ["-n", "-M", "prepared", "-f", script], seconds));
            pages.Add(await WrkAsync(numbersUrl, api.ApiKey, seconds));
            if (database.IsPostgres) selects.Add(await PgbenchAsync(database, ["-S", "-M", "prepared"], seconds));
            Console.WriteLine($"  round {r + 1} ({database.Provider}): floor {floors[^1].RequestsPerSecond:0}/s, order {orders[^1].RequestsPerSecond:0}/s " +
                              $"(p99 {Report.F(orders[^1].P99Ms)} ms), numbers page {pages[^1].RequestsPerSecond:0}/s" +
                              (script is null ? "" : $", pgbench same statements {same[^1]:0} tps, pgbench -S {selects[^1]:0} tps") +
                              $"; CPU per order GET: service {perGet.Item1:0} µs" + (script is null ? "" : $", PostgreSQL {perGet.Item2:0} µs") + $"; load {Report.LoadAverage()}");
        }
        Load Median(List<Load> loads) => loads.OrderBy(l => l.RequestsPerSecond).ElementAt(loads.Count / 2);
        double MedianOf(List<double> xs) => xs.Count == 0 ? double.NaN : xs.Order().ElementAt(xs.Count / 2);
        return new Result(Median(floors), Median(orders), Median(pages), MedianOf(same), statements, MedianOf(selects), rounds);
    }

    /// <summary>
    /// The SELECTs the service sends for one request, as a pgbench script: the server's statement log is switched on
    /// around the request, and each logged statement gets its logged parameters inlined.
    /// </summary>
    private static async Task<(string Script, int Statements)> CaptureStatementsAsync(BenchDatabase database, Func<Task> request)
    {
        var log = Path.Combine(Environment.GetEnvironmentVariable("NB_BENCH_PG_DIR") ?? "/tmp/numberblocks-bench-pg", "log");
        await request(); // warm: the capture sees the steady-state statements, not first-use ones
        await using var raw = await database.OpenRawAsync();
        async Task SetAsync(string value)
        {
            await using var cmd = raw.CreateCommand();
            cmd.CommandText = $"ALTER SYSTEM SET log_statement = '{value}'";
            await cmd.ExecuteNonQueryAsync();
            cmd.CommandText = "SELECT pg_reload_conf()";
            await cmd.ExecuteNonQueryAsync();
            await Task.Delay(300); // the reload reaches the service's backends before their next statement
        }
        await SetAsync("all");
        var before = new FileInfo(log).Length;
        await request();
        await SetAsync("none");
        string text;
        await using (var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            file.Seek(before, SeekOrigin.Begin);
            text = await new StreamReader(file).ReadToEndAsync();
        }
        // Records start with the line prefix; continuation lines of a multi-line statement start with a tab.
        var records = Regex.Split(text, @"\n(?=\S)");
        var sql = new List<string>();
        for (var i = 0; i < records.Length; i++)
        {
            var m = Regex.Match(records[i], @"LOG:\s+(?:execute [^:]*|statement): (.*)$", RegexOptions.Singleline);
            if (!m.Success) continue;
            var statement = m.Groups[1].Value.Trim();
            if (!statement.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || statement.Contains("pg_reload_conf", StringComparison.Ordinal)) continue;
            if (i + 1 < records.Length && Regex.Match(records[i + 1], @"DETAIL:\s+[Pp]arameters: (.*)$", RegexOptions.Singleline) is { Success: true } d)
            {
                var values = Regex.Matches(d.Groups[1].Value, @"\$(\d+) = ('(?:[^']|'')*'|NULL)").ToDictionary(v => int.Parse(v.Groups[1].Value, CultureInfo.InvariantCulture), v => v.Groups[2].Value);
                foreach (var (n, value) in values.OrderByDescending(v => v.Key)) statement = statement.Replace($"${n}", value, StringComparison.Ordinal);
            }
            sql.Add(Regex.Replace(statement, @"\s+", " ").TrimEnd(';') + ";");
        }
        if (sql.Count == 0) throw new InvalidOperationException("No SELECT of the service was captured from the PostgreSQL log " + log);
        var path = Path.Combine(Path.GetTempPath(), "numberblocks-bench-order-get.sql");
        await File.WriteAllLinesAsync(path, sql);
        Console.WriteLine($"  pgbench script: the {sql.Count} SELECTs of one order GET, captured from the server log ({path})");
        return (path, sql.Count);
    }

    public static async Task<Load> WrkAsync(string url, string apiKey, int seconds, bool expect404 = false)
    {
        var output = await RunToolAsync("wrk", ["-t2", $"-c{Connections}", $"-d{seconds}s", "--latency", "-H", $"Authorization: Bearer {apiKey}", url]);
        double Latency(string pct)
        {
            var m = Regex.Match(output, $@"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) return double.NaN;
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }
        var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses:\s+(\d+)") is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var requests = long.Parse(Regex.Match(output, @"(\d+) requests in").Groups[1].Value, CultureInfo.InvariantCulture);
        // The floor's route answers 404 by design: only errors of the other kind count against it.
        if (expect404) non2xx = requests - non2xx;
        var errors = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        if (errors.Success) non2xx += Enumerable.Range(1, 4).Sum(g => long.Parse(errors.Groups[g].Value, CultureInfo.InvariantCulture));
        return new Load(rps, Latency("50"), Latency("99"), non2xx, requests);
    }

    /// <summary>Runs pgbench against the bench database with 16 clients; returns its tps (0 for -i).</summary>
    public static async Task<double> PgbenchAsync(BenchDatabase database, string[] args, int seconds)
    {
        var cs = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        string[] conn = ["-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username!];
        if (args.Contains("-i")) { await RunToolAsync("pgbench", [.. conn, .. args, cs.Database!]); return 0; }
        var output = await RunToolAsync("pgbench", [.. conn, .. args, "-c", Connections.ToString(CultureInfo.InvariantCulture), "-j", "2",
            "-T", seconds.ToString(CultureInfo.InvariantCulture), cs.Database!]);
        return double.Parse(Regex.Match(output, @"tps = ([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> RunToolAsync(string tool, string[] args)
    {
        var start = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} is not installed (apt-get install wrk postgresql-contrib).");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {await stderr}");
        return await stdout + await stderr;
    }
}
