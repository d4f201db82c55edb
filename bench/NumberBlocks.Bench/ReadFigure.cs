using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace NumberBlocks.Bench;

/// <summary>
/// Figure 3: the read path under load. wrk (Debian's package) drives authenticated GET /v2/porting_orders/{id} and a
/// filtered GET /v2/porting_phone_numbers page with 32 connections; the baseline is pgbench -S (single-row select)
/// on the same PostgreSQL server in the same run.
/// </summary>
public static partial class ReadFigure
{
    public sealed record Load(double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx, long Requests);

    public static async Task<(Load Order, Load Numbers, double PgbenchTps)> RunAsync(BenchDatabase database, long ledger, int seconds)
    {
        await database.MigrateAsync();
        await database.PrefillLedgerAsync(ledger);
        await using var service = await ServiceProcess.StartAsync(database.Provider, database.ConnectionString);
        using var api = await ApiClient.NewAccountAsync(service.BaseUrl);
        var orderId = await api.CreateOrderAsync($$"""{"phone_number_blocks": [{{ApiClient.Block(4920120000000L, 1000, 776)}}]}""");

        var order = await WrkAsync($"{service.BaseUrl}/v2/porting_orders/{orderId}", api.ApiKey, seconds);
        var numbers = await WrkAsync($"{service.BaseUrl}/v2/porting_phone_numbers?filter[porting_order_id][eq]={orderId}&filter[activate]=true&page[size]=20&page[number]=3", api.ApiKey, seconds);
        var tps = database.IsPostgres ? await PgbenchAsync(database, seconds) : double.NaN;
        return (order, numbers, tps);
    }

    public static async Task<Load> WrkAsync(string url, string apiKey, int seconds)
    {
        var output = await RunToolAsync("wrk", ["-t2", "-c32", $"-d{seconds}s", "--latency", "-H", $"Authorization: Bearer {apiKey}", url]);
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
        var errors = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        if (errors.Success) non2xx += Enumerable.Range(1, 4).Sum(g => long.Parse(errors.Groups[g].Value, CultureInfo.InvariantCulture));
        return new Load(rps, Latency("50"), Latency("99"), non2xx, requests);
    }

    public static async Task<double> PgbenchAsync(BenchDatabase database, int seconds)
    {
        var cs = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        string[] conn = ["-h", cs.Host!, "-p", cs.Port.ToString(CultureInfo.InvariantCulture), "-U", cs.Username!];
        await RunToolAsync("pgbench", [.. conn, "-i", "-q", "-s", "10", cs.Database!]);
        var output = await RunToolAsync("pgbench", [.. conn, "-S", "-c", "32", "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), cs.Database!]);
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
