using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NumberBlocks.Bench;

/// <summary>The real service as a separate process (Release build), on a free loopback port.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string OperatorKey = "nbo_bench_operator_key";

    /// <summary>
    /// How the benchmarked service differs from the shipped settings: the limiter stays on (its cost is measured) but
    /// the bucket is raised, since the shipped 100 requests/s per account would measure the limiter, not the service.
    /// </summary>
    public const string Deviations = "shipped appsettings.json (Information logs, rate limiter on) except the rate limit raised from 100/s (burst 200) to 1,000,000/s per account";
    private readonly Process _process;
    public string BaseUrl { get; }
    public int Pid => _process.Id;

    private ServiceProcess(Process process, string baseUrl) { _process = process; BaseUrl = baseUrl; }

    public static async Task<ServiceProcess> StartAsync(string provider, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(Paths.Root, "src/NumberBlocks.Api/bin/Release/net10.0/NumberBlocks.Api.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"Build the service first: dotnet build -c Release src/NumberBlocks.Api ({dll} missing).");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["NumberBlocks__Database__Provider"] = provider;
        start.Environment["NumberBlocks__Database__ConnectionString"] = connectionString;
        start.Environment["NumberBlocks__OperatorKey"] = OperatorKey;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // The shipped appsettings.json (logging included), except the one deviation printed with every table (Deviations).
        start.Environment["NumberBlocks__RateLimits__RequestsPerSecond"] = "1000000";
        start.Environment["NumberBlocks__RateLimits__Burst"] = "1000000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine("  service: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync(service.BaseUrl + "/health")).StatusCode == HttpStatusCode.OK) return service;
            }
            catch (HttpRequestException) { }
            if (process.HasExited) throw new InvalidOperationException("The service exited during start.");
            await Task.Delay(200);
        }
        throw new TimeoutException("The service did not become healthy within 60 s.");
    }

    /// <summary>Peak resident memory of the service so far (VmHWM), in MB.</summary>
    public double PeakMemoryMb()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return double.NaN;
    }

    /// <summary>The CPU time (user and system) the service process has used so far, from /proc/&lt;pid&gt;/stat.</summary>
    public TimeSpan CpuTime() => ProcessCpu.Of(_process.Id);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private bool _stopped;

    /// <summary>Stops the service (a figure may stop it before its baseline runs); again is a no-op.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped) return;
        _stopped = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

public static class Paths
{
    /// <summary>The repository root (the folder holding NumberBlocks.slnx).</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NumberBlocks.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }
}

/// <summary>CPU time of processes from /proc (Linux): utime and stime, in clock ticks of 1/100 s.</summary>
public static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public static TimeSpan Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces), counted from its closing parenthesis: utime is field 14, stime 15.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (IOException) { return TimeSpan.Zero; } // the process ended between the listing and the read
    }

    /// <summary>The CPU time of every process whose command is <paramref name="name"/> (postgres: the server and its backends).</summary>
    public static TimeSpan OfAllNamed(string name)
    {
        var total = TimeSpan.Zero;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try { if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() != name) continue; }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            total += Of(pid);
        }
        return total;
    }
}
