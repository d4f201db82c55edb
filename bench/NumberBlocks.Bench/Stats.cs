using System.Diagnostics;
using System.Globalization;

namespace NumberBlocks.Bench;

/// <summary>Durations of one measured operation; median and p99 in milliseconds.</summary>
public sealed class Samples(string name)
{
    private readonly List<double> _ms = [];
    public string Name { get; } = name;
    public int Count => _ms.Count;

    public void Add(TimeSpan elapsed) => _ms.Add(elapsed.TotalMilliseconds);

    public async Task<T> TimeAsync<T>(Func<Task<T>> work)
    {
        var sw = Stopwatch.StartNew();
        var result = await work();
        Add(sw.Elapsed);
        return result;
    }

    public double Median => Percentile(0.50);
    public double P99 => Percentile(0.99);

    public double Percentile(double p)
    {
        if (_ms.Count == 0) return double.NaN;
        var sorted = _ms.Order().ToArray();
        var index = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}

/// <summary>One printed line: a figure, its baseline, the ratio, and whether the goal is met.</summary>
public sealed record Row(string Figure, string Provider, string Ledger, string Measured, string Baseline, string Ratio, string Goal, bool Met);

public static class Report
{
    private static readonly List<Row> Rows = [];

    public static void Add(Row row)
    {
        Rows.Add(row);
        Console.WriteLine($"  {row.Figure} [{row.Provider}, ledger {row.Ledger}]: {row.Measured} | baseline {row.Baseline} | ratio {row.Ratio} | goal {row.Goal}: {(row.Met ? "met" : "NOT met")}");
    }

    /// <summary>A latency row; <paramref name="maxRatio"/> null: a figure without a goal, shown for what it costs.</summary>
    public static void AddLatency(string figure, string provider, long ledger, Samples measured, Samples baseline, double? maxRatio, double? maxP99Ms = null)
    {
        var ratio = measured.Median / baseline.Median;
        var ratioP99 = measured.P99 / baseline.P99;
        var met = (maxRatio is null || ratio <= maxRatio) && (maxP99Ms is null || measured.P99 <= maxP99Ms);
        Add(new Row(figure, provider, Human(ledger),
            $"median {F(measured.Median)} ms, p99 {F(measured.P99)} ms (n={measured.Count})",
            $"median {F(baseline.Median)} ms, p99 {F(baseline.P99)} ms",
            $"{F(ratio)}x (p99 {F(ratioP99)}x)",
            (maxRatio is { } m ? $"≤ {F(m)}x" : "-") + (maxP99Ms is { } p ? $", p99 ≤ {F(p)} ms" : ""), met));
    }

    public static void PrintTable()
    {
        Console.WriteLine();
        Console.WriteLine($"NumberBlocks benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}, load average {LoadAverage()}");
        Console.WriteLine($"Service settings: {ServiceProcess.Deviations}.");
        Console.WriteLine("| figure | provider | ledger | measured | baseline | ratio | goal | met |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in Rows)
            Console.WriteLine($"| {r.Figure} | {r.Provider} | {r.Ledger} | {r.Measured} | {r.Baseline} | {r.Ratio} | {r.Goal} | {(r.Met ? "yes" : "no")} |");
    }

    /// <summary>The 1-minute load average at the end of the run: a figure from a busy machine says so.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    public static string F(double v) => v.ToString(v >= 100 ? "0" : v >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    public static string Human(long n) => n >= 1_000_000 ? $"{n / 1_000_000}M" : n >= 1_000 ? $"{n / 1_000}k" : n.ToString(CultureInfo.InvariantCulture);
}
