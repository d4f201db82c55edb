using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>
/// The real service as its own operating-system process (<c>dotnet NumberBlocks.Api.dll --urls http://127.0.0.1:PORT</c>),
/// configured through environment variables the way an operator would. Killed when disposed.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public Uri Url { get; }

    private ServiceProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>
    /// Starts the service on a free loopback port against the given PostgreSQL database; returns once /health answers 200.
    /// <paramref name="settings"/> are more environment variables (NumberBlocks__Callbacks__AllowedHosts__0, …).
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string postgresConnectionString, CancellationToken ct,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "NumberBlocks.Api.dll");
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--urls", url.ToString().TrimEnd('/') }) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["NumberBlocks__Database__Provider"] = "postgres";
        start.Environment["NumberBlocks__Database__ConnectionString"] = postgresConnectionString;
        start.Environment["NumberBlocks__OperatorKey"] = ServiceFactory.OperatorKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Test-factory setting: the lifecycle suites confirm orders without documents (porting requirements off; default on).
        start.Environment["NumberBlocks__Porting__EnforceRequirements"] = "false";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service process.");
        var service = new ServiceProcess(process, url);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service.WaitHealthyAsync(ct);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    private async Task WaitHealthyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The service process exited with {_process.ExitCode} before it was healthy:\n{Output}");
            try
            {
                using var response = await http.GetAsync("/health", ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { /* slow start; ask again */ }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"The service at {Url} was not healthy within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
            if (_output.Length < 64 * 1024) _output.AppendLine(line);
    }

    /// <summary>The operating-system process id (to tell processes apart in a test's figures).</summary>
    public int ProcessId => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException) { /* already gone */ }
        finally
        {
            _process.Dispose();
        }
    }
}
