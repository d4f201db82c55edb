using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using NumberBlocks.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;

namespace NumberBlocks.Console.Tests.Infrastructure;

/// <summary>
/// The service as its own operating-system process (<c>dotnet NumberBlocks.Api.dll</c> from its build output, as
/// tests/NumberBlocks.Contract.Tests/Infrastructure/ServiceHost.cs runs it) on a fresh SQLite file and a free loopback
/// port, configured through environment variables as an operator would. Killed when disposed.
/// </summary>
public class ConsoleService(IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    public const string OperatorKey = "nbo_console_tests_operator_key_0001";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _dataDirectory;

    public Uri Url { get; private set; } = null!;
    public string DatabaseFile { get; private set; } = "";

    /// <summary>The repository's root: the folder holding NumberBlocks.slnx.</summary>
    public static string RepositoryRoot => ServiceProcessSupport.RepositoryRoot;

    public async ValueTask InitializeAsync()
    {
        var dll = ServiceProcessSupport.ServiceDll();
        _dataDirectory = Directory.CreateTempSubdirectory("nb-console-").FullName;
        DatabaseFile = Path.Combine(_dataDirectory, "numberblocks.db");
        Url = new Uri($"http://127.0.0.1:{FreePort()}");
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
        start.Environment["NumberBlocks__Database__ConnectionString"] = $"Data Source={DatabaseFile}";
        start.Environment["NumberBlocks__OperatorKey"] = OperatorKey;
        start.Environment["NumberBlocks__RateLimits__Burst"] = "1000000";
        start.Environment["NumberBlocks__RateLimits__RequestsPerSecond"] = "1000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Test-factory setting: the lifecycle suites confirm orders without documents (porting requirements off; default on).
        start.Environment["NumberBlocks__Porting__EnforceRequirements"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key.Replace(":", "__")] = value;

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
        GC.SuppressFinalize(this);
    }

    /// <summary>What the service printed, for a failing test's message.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>A client that does not follow redirects and keeps no cookies unless given a container.</summary>
    public HttpClient Client(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = Url,
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>The service's database, opened beside it, for what the tests must set up without a page.</summary>
    public async Task<T> WithDbAsync<T>(Func<NumberBlocksDbContext, Task<T>> work)
    {
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, $"Data Source={DatabaseFile}");
        await using var db = new NumberBlocksDbContext(options.Options);
        return await work(db);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public static int FreePort() => ServiceProcessSupport.FreePort();
}
