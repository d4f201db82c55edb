using System.Diagnostics;
using System.Globalization;

namespace NumberBlocks.Bench;

/// <summary>
/// NB_BENCH_TRACE=&lt;file&gt;: a profile of the service under a figure's load, for the analyses in docs/benchmarks.md.
/// dotnet-trace (the global tool, 10.0.750501) samples the service's thread stacks for 10 s while the load runs,
/// and writes the trace in speedscope form beside <c>file</c>.
/// </summary>
public static class Profiling
{
    public static async Task TraceAsync<T>(ServiceProcess service, string path, Func<Task<T>> load)
    {
        var running = load();
        await Task.Delay(2000); // the profile starts in the steady state of the load, not at its first requests
        var start = new ProcessStartInfo("dotnet-trace", ["collect", "-p", service.Pid.ToString(CultureInfo.InvariantCulture),
            "--profile", "dotnet-sampled-thread-time", "--duration", "00:00:00:10", "--format", "Speedscope", "-o", path])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var tool = Process.Start(start) ?? throw new InvalidOperationException("dotnet-trace is not installed (dotnet tool install -g dotnet-trace).");
        var output = tool.StandardOutput.ReadToEndAsync();
        var errors = tool.StandardError.ReadToEndAsync();
        await tool.WaitForExitAsync();
        if (tool.ExitCode != 0) throw new InvalidOperationException($"dotnet-trace failed: {await errors}{await output}");
        await running; // the load's own figures are not reported: a profiled run is not a measured one
        Console.WriteLine($"  profile of the service under load: {path}");
    }
}
