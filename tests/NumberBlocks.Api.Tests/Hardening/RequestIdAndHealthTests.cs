using System.Collections.Concurrent;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>Issue 8: X-Request-Id on every answer and in the logs; /health 503 in the error format while the database is gone, and recovery by itself.</summary>
public sealed class RequestIdAndHealthTests : IAsyncLifetime
{
    private readonly ServiceFactory _service = new();
    private readonly CapturingLoggerProvider _logs = new();

    public ValueTask InitializeAsync()
    {
        _service.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(_logs);
        _ = _service.Server;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _service.DisposeAsync();

    [Fact]
    public async Task Response_CarriesANewRequestIdEachTime()
    {
        using var client = _service.CreateClient();
        var a = (await client.GetAsync("/health")).Headers.GetValues("X-Request-Id").Single();
        var b = (await client.GetAsync("/v2/porting_orders")).Headers.GetValues("X-Request-Id").Single(); // a 401
        Assert.Matches("^[0-9a-f]{32}$", a);
        Assert.Matches("^[0-9a-f]{32}$", b);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("client-id_1.2:3", true)]
    [InlineData("has space", false)]
    [InlineData("<script>", false)]
    public async Task Response_KeepsAClientsRequestIdOnlyWhenItIsAShortToken(string sent, bool kept)
    {
        using var client = _service.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/route");
        request.Headers.TryAddWithoutValidation("X-Request-Id", sent);
        var response = await client.SendAsync(request);
        await response.ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(kept, response.Headers.GetValues("X-Request-Id").Single() == sent);
    }

    [Fact]
    public async Task Health_DatabaseGone_Is503InTheErrorFormatAndRecoversByItself()
    {
        var account = await _service.NewAccountAsync();
        using var client = _service.CreateClient();
        await (await client.GetAsync("/health")).ExpectAsync(HttpStatusCode.OK);

        // The database goes away: its file is moved aside and its path can no longer be opened.
        var path = _service.ConnectionString["Data Source=".Length..];
        var aside = path + ".aside";
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Move(path + suffix, aside + suffix);
        Directory.CreateDirectory(path);
        try
        {
            var health = await client.GetAsync("/health");
            var body = await health.ExpectErrorAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("unavailable", body.Str("status"));

            await Task.Delay(TimeSpan.FromSeconds(6)); // past the API key cache, so the request needs the database
            var request = await account.Client.GetAsync("/v2/porting_orders");
            await request.ExpectErrorAsync(HttpStatusCode.ServiceUnavailable, reason: "service_unavailable");
            Assert.Equal("1", request.Headers.GetValues("Retry-After").Single());
            var requestId = request.Headers.GetValues("X-Request-Id").Single();
            Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.RequestIds.Contains(requestId));
        }
        finally
        {
            // The database comes back; nothing is restarted.
            Directory.Delete(path);
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                if (File.Exists(aside + suffix)) File.Move(aside + suffix, path + suffix);
        }
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        do status = (await client.GetAsync("/health")).StatusCode;
        while (status != HttpStatusCode.OK && DateTime.UtcNow < deadline && await Delay());
        Assert.Equal(HttpStatusCode.OK, status);
        await (await account.Client.GetAsync("/v2/porting_orders")).ExpectAsync(HttpStatusCode.OK);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }
}

/// <summary>Keeps every log entry with the XRequestId scope values active when it was written.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    public sealed record Entry(LogLevel Level, string Category, string Message, IReadOnlyList<string> RequestIds);

    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var ids = new List<string>();
            owner._scopes.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object>> pairs)
                    foreach (var (k, v) in pairs)
                        if (k == NumberBlocks.Api.Hardening.RequestIdScope.Key && v is string s) list.Add(s);
            }, ids);
            owner.Entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), ids));
        }
    }
}
