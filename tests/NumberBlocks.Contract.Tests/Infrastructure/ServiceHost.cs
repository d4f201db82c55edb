using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using NumberBlocks.Tests.Shared;
using System.Text.Json;

[assembly: AssemblyFixture(typeof(NumberBlocks.Contract.Tests.Infrastructure.ServiceHost))]

namespace NumberBlocks.Contract.Tests.Infrastructure;

/// <summary>
/// The service under contract: its own operating-system process (<c>dotnet NumberBlocks.Api.dll</c>, as the solution
/// build left it) on a fresh SQLite file and a free loopback port, configured through environment variables as an
/// operator would. One per test run; killed at the end.
/// </summary>
public sealed class ServiceHost : IAsyncLifetime
{
    public const string OperatorKey = "nbo_contract_tests_operator_key_0001";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _dataDirectory;

    public Uri Url { get; private set; } = null!;

    /// <summary>The repository's root: the folder holding NumberBlocks.slnx.</summary>
    public static string RepositoryRoot => ServiceProcessSupport.RepositoryRoot;

    public async ValueTask InitializeAsync()
    {
        var dll = ServiceProcessSupport.ServiceDll();
        _dataDirectory = Directory.CreateTempSubdirectory("nb-contract-").FullName;
        Url = new Uri($"http://127.0.0.1:{ServiceProcessSupport.FreePort()}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--urls", Url.ToString().TrimEnd('/') }) start.ArgumentList.Add(a);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["NumberBlocks__Database__Provider"] = "sqlite";
        start.Environment["NumberBlocks__Database__ConnectionString"] = $"Data Source={Path.Combine(_dataDirectory, "numberblocks.db")}";
        start.Environment["NumberBlocks__OperatorKey"] = OperatorKey;
        start.Environment["NumberBlocks__RateLimits__Burst"] = "1000000";
        start.Environment["NumberBlocks__RateLimits__RequestsPerSecond"] = "1000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Test-factory setting: the lifecycle suites confirm orders without documents (porting requirements off; default on).
        start.Environment["NumberBlocks__Porting__EnforceRequirements"] = "false";
        // E-mails fail at once rather than being recorded or retried for 24 hours: the sender address is one MIME
        // refuses, which the outbox treats as permanent (and the server, on a closed port, is never reached). So the
        // operator's redelivery of a failed message can be driven within a run.
        start.Environment["NumberBlocks__Smtp__Host"] = "127.0.0.1";
        start.Environment["NumberBlocks__Smtp__Port"] = ServiceProcessSupport.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["NumberBlocks__Smtp__From"] = "contract(unterminated@numberblocks.invalid";

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service process.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await ServiceProcessSupport.WaitHealthyAsync(Url, _process!, () => Output, StartTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        if (_dataDirectory is not null && Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>What the service printed, for a failing test's message.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    public HttpClient Operator() => Client(OperatorKey);

    /// <summary>A new account through the operator API: its id and first API key.</summary>
    public async Task<(Guid Id, string ApiKey)> NewAccountAsync(string name)
    {
        using var op = Operator();
        var response = await op.PostAsJsonAsync("/admin/v1/accounts", new { name });
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Creating an account answered {(int)response.StatusCode}: {text}");
        var data = JsonDocument.Parse(text).RootElement.GetProperty("data");
        return (Guid.Parse(data.GetProperty("id").GetString()!), data.GetProperty("api_key").GetString()!);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

}
