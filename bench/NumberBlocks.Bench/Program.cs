using System.Globalization;
using NumberBlocks.Bench;

// Usage: dotnet run -c Release --project bench/NumberBlocks.Bench -- <figure> [--provider sqlite|postgres|both]
//        [--pg CONNECTION] [--ledger 10000,1000000,10000000] [--iterations N] [--seconds S]
//        [--numbers N (import, default 10000000)] [--requests N --callbacks N --concurrency N (callbacks)]
// Figures: block-create (1), claim (2), read (3), import (4), callbacks (5), scaling (6: 1–3 at each ledger size),
//          partitioned-ledger (7: claims against the ledger partitioned by calling code, at each size; PostgreSQL),
//          console (8: each console page's median against the framework floor, on a bench-sized business),
//          requests (9: CM.com number-request creates, 1 and 8 clients, against a raw transaction; PostgreSQL).
// bench/run.sh starts PostgreSQL.
var options = Options.Parse(args);
Console.WriteLine($"NumberBlocks bench: {options.Figure}, providers {string.Join(",", options.Providers)}" +
    (options.Figure is "import" or "callbacks" ? ", empty ledger" : $", ledger sizes {string.Join(",", options.Ledgers.Select(Report.Human))}"));

if (options.Figure == "import-1gib")
{
    foreach (var provider in options.Providers)
    {
        var r = await ImportGibFigure.RunAsync(provider, options.Pg);
        Console.WriteLine($"  import 1 GiB: body {r.BodyBytes:N0} bytes, {r.Lines:N0} lines, {r.Ranges:N0} ranges, {r.Numbers:N0} numbers, refused {r.Refused}, idle VmHWM {r.IdleMb:0} MB, audit balanced: {r.Balanced}");
        Report.Add(new Row("4b stock import, 1 GiB body", provider, "0",
            $"{r.Import.TotalSeconds:0.0} s ({r.BodyBytes / r.Import.TotalSeconds / 1048576:0.0} MiB/s, {r.Ranges / r.Import.TotalSeconds:0} ranges/s), peak RSS {r.PeakMb:0} MB (idle {r.IdleMb:0} MB)",
            "-", "-", "accepted, peak RSS ≤ 300 MB", r.Balanced && r.Refused == 0 && r.PeakMb <= 300));
    }
    Report.PrintTable();
    return;
}

if (options.Figure == "requests")
{
    var r = await RequestsFigure.RunAsync(options.Pg, options.Seconds, rounds: 5);
    var scale = r.EightClientsPerSecond / r.OneClientPerSecond;
    var latency = r.OneClient.Median / r.Raw.Median;
    Report.Add(new Row("9 number-request create, 8 clients vs 1", "postgres", "0",
        $"8 clients {r.EightClientsPerSecond:0}/s (p50 {Report.F(r.EightClients.Median)} ms, p99 {Report.F(r.EightClients.P99)} ms); refused {r.Refused}",
        $"1 client {r.OneClientPerSecond:0}/s", $"{Report.F(scale)}x", "≥ 4x", scale >= 4 && r.Refused == 0));
    Report.Add(new Row("9 number-request create, 1 client", "postgres", "0",
        $"p50 {Report.F(r.OneClient.Median)} ms, p99 {Report.F(r.OneClient.P99)} ms (n={r.OneClient.Count})",
        $"raw transaction, same writes: p50 {Report.F(r.Raw.Median)} ms, p99 {Report.F(r.Raw.P99)} ms", $"{Report.F(latency)}x", "≤ 3x",
        latency <= 3 && r.Refused == 0));
    Console.WriteLine($"  medians of {r.Rounds} interleaved rounds of {r.Seconds:0} s each");
    Report.PrintTable();
    return;
}

if (options.Figure == "partitioned-ledger")
{
    await foreach (var r in PartitionedLedgerFigure.RunAsync(options.Pg ?? "", options.Ledgers, options.Iterations * 5, options.Seconds, options.Concurrency))
    {
        var size = Report.Human(r.Ranges);
        Console.WriteLine($"  ledger {size} ranges: {r.Bytes / 1024.0 / 1024 / 1024:0.00} GiB with indexes; insert {r.LoadSeconds:0} s, exclusion constraints and indexes built in {r.ConstraintSeconds:0} s");
        Report.Add(new Row("7 partitioned ledger claim", "postgres", size, $"median {Report.F(r.Claim.Median)} ms, p99 {Report.F(r.Claim.P99)} ms (n={r.Claim.Count})",
            $"raw INSERT median {Report.F(r.Raw.Median)} ms, p99 {Report.F(r.Raw.P99)} ms", $"{Report.F(r.Claim.Median / r.Raw.Median)}x", "-", true));
        Report.Add(new Row("7 partitioned ledger overlap refused", "postgres", size, $"median {Report.F(r.Reject.Median)} ms, p99 {Report.F(r.Reject.P99)} ms (n={r.Reject.Count})",
            "-", "-", "-", true));
        Report.Add(new Row($"7 partitioned ledger, {r.Clients} claimants", "postgres", size,
            $"{r.ConcurrentPerSecond:0} claims/s over {r.Seconds:0} s, median {Report.F(r.Concurrent.Median)} ms, p99 {Report.F(r.Concurrent.P99)} ms (n={r.Concurrent.Count})",
            "-", "-", "-", true));
    }
    Report.PrintTable();
    return;
}

if (options.Figure == "console")
{
    foreach (var provider in options.Providers)
    {
        var r = await ConsoleFigure.RunAsync(provider, options.Pg, options.Ledgers[0], options.Iterations);
        Console.WriteLine($"  console data set: {r.DataSet}; built in {r.Setup.TotalSeconds:0} s");
        Report.Add(new Row("8 console floor: unknown page", provider, Report.Human(options.Ledgers[0]),
            $"median {Report.F(r.Floor.Median)} ms, p99 {Report.F(r.Floor.P99)} ms (n={r.Floor.Count})", "-", "1.00x", "-", true));
        foreach (var page in r.Pages)
            Report.Add(new Row($"8 console {page.Page} ({page.Session})", provider, Report.Human(options.Ledgers[0]),
                $"median {Report.F(page.Samples.Median)} ms, p99 {Report.F(page.Samples.P99)} ms (n={page.Samples.Count})",
                $"floor median {Report.F(r.Floor.Median)} ms", $"{Report.F(page.Samples.Median / r.Floor.Median)}x",
                $"median < {ConsoleFigure.GoalMs:0} ms", page.Samples.Median < ConsoleFigure.GoalMs));
    }
    Report.PrintTable();
    return;
}

if (options.Figure is "import" or "callbacks")
{
    foreach (var provider in options.Providers)
    {
        if (options.Figure == "import")
        {
            var r = await ImportFigure.RunAsync(provider, options.Pg, options.Numbers);
            var ratio = r.Import / r.Baseline;
            Console.WriteLine($"  import: {r.Ranges:N0} ranges, {r.Numbers:N0} numbers, file {r.FileBytes / 1024.0 / 1024:0.0} MB, idle VmHWM {r.IdleMb:0} MB, audit balanced: {r.Balanced}");
            Report.Add(new Row("4 stock import (10M numbers)", provider, "0",
                $"{r.Import.TotalSeconds:0.0} s ({r.Numbers / r.Import.TotalSeconds / 1e6:0.0}M numbers/s, {r.Ranges / r.Import.TotalSeconds:0} ranges/s), peak RSS {r.PeakMb:0} MB",
                $"{(provider == "postgres" ? "binary COPY" : "one-transaction insert")} {r.Baseline.TotalSeconds:0.00} s",
                $"{Report.F(ratio)}x", "≤ 60 s, ≤ 300 MB", r.Balanced && r.Import.TotalSeconds <= 60 && r.PeakMb <= 300));
        }
        else
        {
            var r = await CallbacksFigure.RunAsync(provider, options.Pg, options.Requests, options.Callbacks, options.Concurrency);
            Report.Add(new Row("5 fulfilment of pending requests", provider, "0",
                $"{r.Fulfilled:N0}/{r.Requests:N0} fulfilled {r.Fulfil.TotalSeconds:0.0} s after one import ({r.Fulfilled / r.Fulfil.TotalSeconds:0} req/s); create median {Report.F(r.CreateLatency.Median)} ms, p99 {Report.F(r.CreateLatency.P99)} ms",
                "none (no raw equivalent)", "-", provider == "postgres" ? "all fulfilled in ≤ 10 s" : "all fulfilled",
                r.Fulfilled == r.Requests && (provider != "postgres" || r.Fulfil.TotalSeconds <= 10)));
            var rate = r.Queued / r.Drain.TotalSeconds;
            var raw = r.BaselineCount / r.Baseline.TotalSeconds;
            var durable = r.Queued / r.Durable.TotalSeconds;
            Report.Add(new Row($"5 callbacks drained ({Report.Human(r.Queued)})", provider, "0",
                $"{rate:0}/s ({r.Drain.TotalSeconds:0.0} s), received {r.Distinct:N0}, lost {r.Lost}, duplicated {r.Duplicated}, max attempts {r.MaxAttemptsInDb}",
                $"raw durable loop (lease 128, sign, POST {r.Concurrency} in flight, record; SQL): {durable:0}/s, lost {r.DurableLost}, duplicated {r.DurableDuplicated}; plain HttpClient (no database, unsigned) {raw:0}/s",
                $"{rate / durable:P0} of durable ({rate / raw:P0} of plain)",
                "≥ 60% of durable, ≥ 1,000/s, 0 lost, 0 duplicated", rate >= 0.6 * durable && rate >= 1000 && r.Lost == 0 && r.Duplicated == 0 && r.MaxAttemptsInDb == 1));
        }
    }
    Report.PrintTable();
    return;
}

foreach (var ledger in options.Ledgers)
foreach (var provider in options.Providers)
{
    if (options.Figure is "block-create" or "scaling")
    {
        var db = await BenchDatabase.CreateAsync(provider, options.Pg);
        var (api, raw) = await BlockCreateFigure.RunAsync(db, ledger, options.Iterations);
        Report.AddLatency("1 block create (1000 numbers)", provider, ledger, api, raw, maxRatio: 2.0);
    }
    if (options.Figure is "claim" or "scaling")
    {
        var db = await BenchDatabase.CreateAsync(provider, options.Pg);
        var (claim, rawClaim, reject, rawReject) = await ClaimFigure.RunAsync(db, ledger, options.Iterations * 5);
        Report.AddLatency("2 ledger claim", provider, ledger, claim, rawClaim, maxRatio: 2.0, maxP99Ms: provider == "postgres" ? 2.0 : null);
        if (rawReject.Count > 0) Report.AddLatency("2 overlap rejection", provider, ledger, reject, rawReject, maxRatio: 2.0, maxP99Ms: 2.0);
        else Report.AddLatency("2 overlap rejection (vs raw insert)", provider, ledger, reject, rawClaim, maxRatio: 2.0);
        var (httpClaim, httpReject, httpBaseline) = await ClaimFigure.RunHttpAsync(db, options.Iterations * 5);
        Report.AddLatency("2 ledger claim through HTTP (an order of one number)", provider, ledger, httpClaim, httpBaseline, maxRatio: null);
        Report.AddLatency("2 overlap rejection through HTTP (422)", provider, ledger, httpReject, httpBaseline, maxRatio: null);
    }
    if (options.Figure is "read" or "scaling")
    {
        var db = await BenchDatabase.CreateAsync(provider, options.Pg);
        var r = await ReadFigure.RunAsync(db, ledger, options.Seconds);
        var size = Report.Human(ledger);
        string Line(ReadFigure.Load l) => $"{l.RequestsPerSecond:0} req/s, p50 {Report.F(l.P50Ms)} ms, p99 {Report.F(l.P99Ms)} ms, errors {l.Non2xx}/{l.Requests}";
        var floor = $"floor (authenticated GET of an unknown route) {r.Floor.RequestsPerSecond:0} req/s";
        var ofFloor = r.Order.RequestsPerSecond / r.Floor.RequestsPerSecond;
        var floorGoal = provider == "postgres" ? 0.30 : 0.5;
        Report.Add(new Row($"3 GET porting order (50 numbers), {ReadFigure.Connections} connections", provider, size, Line(r.Order), floor,
            $"{Report.F(ofFloor)} of floor", provider == "postgres" ? "≥ 0.30 of floor, p99 ≤ 10 ms" : "≥ 0.5 of floor",
            ofFloor >= floorGoal && r.Order.Non2xx == 0 && (provider != "postgres" || r.Order.P99Ms <= 10)));
        if (provider == "postgres")
        {
            var ofSame = r.Order.RequestsPerSecond / r.SameStatementsTps;
            Report.Add(new Row("3 GET porting order vs its own SQL", provider, size, $"{r.Order.RequestsPerSecond:0} req/s",
                $"pgbench -M prepared, the service's {r.Statements} SELECTs per transaction: {r.SameStatementsTps:0} tps (pgbench -S for reference: {r.PgbenchSelectTps:0} tps)",
                $"{ofSame:P0} of pgbench", "≥ 50%", ofSame >= 0.5));
        }
        Report.Add(new Row($"3 GET porting numbers page, {ReadFigure.Connections} connections", provider, size, Line(r.Numbers), floor,
            $"{Report.F(r.Numbers.RequestsPerSecond / r.Floor.RequestsPerSecond)} of floor", "-", r.Numbers.Non2xx == 0));
        Console.WriteLine($"  read: medians of {r.Rounds} interleaved rounds of {options.Seconds} s; floor {Line(r.Floor)}");
    }
}
Report.PrintTable();

internal sealed record Options(string Figure, string[] Providers, string? Pg, long[] Ledgers, int Iterations, int Seconds,
    long Numbers, int Requests, int Callbacks, int Concurrency)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var figure = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "scaling";
        if (figure is not ("block-create" or "claim" or "read" or "import" or "import-1gib" or "callbacks" or "scaling" or "partitioned-ledger" or "console" or "requests"))
            throw new ArgumentException($"Unknown figure '{figure}': block-create, claim, read, import, import-1gib, callbacks, scaling, partitioned-ledger, console or requests.");
        var provider = Value("--provider", "both");
        return new Options(
            figure,
            provider == "both" ? ["sqlite", "postgres"] : [provider],
            Value("--pg", Environment.GetEnvironmentVariable("NB_BENCH_PG") ?? ""),
            Value("--ledger", figure switch { "scaling" => "10000,1000000,10000000", "partitioned-ledger" => "1000000,10000000", _ => "1000000" }).Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            int.Parse(Value("--iterations", figure == "console" ? "20" : "100"), CultureInfo.InvariantCulture),
            int.Parse(Value("--seconds", figure is "scaling" or "partitioned-ledger" ? "10" : "30"), CultureInfo.InvariantCulture),
            long.Parse(Value("--numbers", "10000000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--requests", "10000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--callbacks", "100000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--concurrency", figure == "partitioned-ledger" ? "8" : "32"), CultureInfo.InvariantCulture));
    }
}
