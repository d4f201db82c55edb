using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>Which database a test class runs against.</summary>
public enum TestDatabase { Sqlite, Postgres }

/// <summary>
/// The real service in-process (WebApplicationFactory) on a real database: a fresh SQLite file per factory (a copy of
/// the migrated template, <see cref="TestSqlite"/>), or a fresh database on the suite's private PostgreSQL server.
/// </summary>
public sealed class ServiceFactory : WebApplicationFactory<Program>
{
    public const string OperatorKey = "nbo_test_operator_key_for_the_suite";
    public string ConnectionString { get; }
    public TestDatabase Database { get; }
    /// <summary>Set before disposing to keep the database for a restart test.</summary>
    public bool KeepData { get; set; }
    /// <summary>Extra configuration (e.g. NumberBlocks:Callbacks:AllowedHosts:0), set before the service starts.</summary>
    public Dictionary<string, string?> Settings { get; } = new();
    /// <summary>Replaces services (e.g. the TimeProvider with a FakeTimeProvider), set before the service starts.</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; set; }

    public ServiceFactory(TestDatabase database = TestDatabase.Sqlite, string? connectionString = null)
    {
        Database = database;
        // Without a connection string: a new SQLite file that already holds the schema (a copy of the run's migrated
        // template), so the start does not run every migration again.
        ConnectionString = connectionString ?? (database == TestDatabase.Sqlite
            ? TestSqlite.CreateMigratedDatabase()
            : $"Data Source={Path.Combine(Path.GetTempPath(), $"nb-test-{Guid.NewGuid():N}.db")}");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("NumberBlocks:Database:Provider", Database == TestDatabase.Sqlite ? "sqlite" : "postgres");
        builder.UseSetting("NumberBlocks:Database:ConnectionString", ConnectionString);
        builder.UseSetting("NumberBlocks:OperatorKey", OperatorKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Suites about other things (ledger races, fuzzing) send far more than a client should: the per-account rate
        // limit stays out of their way unless a test sets its own (LimitsTests).
        builder.UseSetting("NumberBlocks:RateLimits:Burst", "1000000");
        builder.UseSetting("NumberBlocks:RateLimits:RequestsPerSecond", "1000000");
        // Test-factory setting: suites about the order lifecycle confirm orders without documents and request FOC dates
        // far ahead; the porting requirements and FOC windows stay out of their way. The porting-family suites set it
        // back to true (the service's default) through Settings.
        builder.UseSetting("NumberBlocks:Porting:EnforceRequirements", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        // No test looks a name up in real DNS: outbound calls resolve through a resolver that knows no names unless a
        // test gives it answers (or replaces it).
        builder.ConfigureTestServices(s => s.AddSingleton<NumberBlocks.Api.Http.IOutboundResolver>(new FakeResolver()));
        if (ConfigureServices is { } configure) builder.ConfigureTestServices(configure);
    }

    public HttpClient Operator()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        return client;
    }

    /// <summary>Creates an account through the operator API; returns a client authenticated with its first key.</summary>
    public async Task<TestAccount> NewAccountAsync(string name = "Test account")
    {
        using var op = Operator();
        var response = await op.PostAsJsonAsync("/admin/v1/accounts", new { name });
        response.EnsureSuccessStatusCode();
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        var key = data.GetProperty("api_key").GetString()!;
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return new TestAccount(Guid.Parse(data.GetProperty("id").GetString()!), key, client);
    }

    public async Task<T> WithDbAsync<T>(Func<NumberBlocksDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Database == TestDatabase.Sqlite && !KeepData)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            var path = ConnectionString["Data Source=".Length..];
            foreach (var f in new[] { path, path + "-wal", path + "-shm" })
                if (File.Exists(f)) File.Delete(f);
        }
        if (Database == TestDatabase.Postgres && !KeepData)
            await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}

public sealed record TestAccount(Guid Id, string ApiKey, HttpClient Client);
