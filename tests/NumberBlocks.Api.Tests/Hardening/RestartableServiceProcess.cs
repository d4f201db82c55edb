using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>
/// The service as a real operating-system process (the built NumberBlocks.Api.dll beside the tests), listening on
/// 127.0.0.1 only, on the same port each start, so a test can SIGKILL it and start it again on the same database.
/// </summary>
public sealed class RestartableServiceProcess : IDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public Uri BaseAddress { get; }
    public int Starts { get; private set; }

    public RestartableServiceProcess(string connectionString, string operatorKey, IReadOnlyDictionary<string, string>? settings = null)
    {
        BaseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        _environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/'),
            ["NumberBlocks__Database__Provider"] = "sqlite",
            ["NumberBlocks__Database__ConnectionString"] = connectionString,
            ["NumberBlocks__OperatorKey"] = operatorKey,
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__Console__FormatterName"] = "simple",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>()) _environment[k] = v;
    }

    /// <summary>Starts the process and waits (at most <paramref name="timeout"/>) until /health answers 200.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "NumberBlocks.Api.dll");
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo(host, [dll])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in _environment) start.Environment[k] = v;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Starts++;

        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"the service exited with {process.ExitCode}: {Tail()}");
            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"the service did not become healthy within {timeout}: {Tail()}");
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally blocks.</summary>
    public void Kill()
    {
        if (_process is null) return;
        _process.Kill(entireProcessTree: false);
        if (!_process.WaitForExit(30_000)) throw new TimeoutException("the killed service did not exit");
        _process.Dispose();
        _process = null;
    }

    public string Tail() => string.Join("\n", _output.TakeLast(30));

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 200) _output.TryDequeue(out _);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose() => Kill();
}
