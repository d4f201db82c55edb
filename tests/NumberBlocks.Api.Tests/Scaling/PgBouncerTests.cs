using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NumberBlocks.Api.Tests.Hardening;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Api.Tests.Ledger;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Scaling;

/// <summary>
/// PgBouncer in transaction mode in front of PostgreSQL (docs/scaling.md, connection pooling): three service processes
/// start together through it (the migrations' advisory lock is transaction-scoped), then race for overlapping numbers
/// with idempotent requests (the idempotency lock is transaction-scoped too), all through 4 server connections. Nothing
/// NumberBlocks sends needs a session: no session advisory lock, no prepared statement, no SET, no LISTEN.
/// </summary>
[Collection(LedgerRaceCollection.Name)]
public sealed class PgBouncerTests
{
    private const int ServerConnections = 4;

    [Fact(Timeout = 240_000)]
    public async Task TransactionPooling_ThreeProcessesRaceThroughFourServerConnections_LedgerHolds()
    {
        var ct = TestContext.Current.CancellationToken;
        var direct = await TestPostgres.CreateDatabaseAsync();
        await using var bouncer = await TestPgBouncer.StartAsync(new NpgsqlConnectionStringBuilder(direct).Port, ServerConnections);
        var through = new NpgsqlConnectionStringBuilder(direct)
        {
            Port = bouncer.Port,
            // PgBouncer 1.18 knows nothing of prepared statements: a statement prepared on one server connection is
            // unknown on the next, so the automatic preparation NumberBlocks turns on by default (PostgresDefaults) is off here.
            MaxAutoPrepare = 0,
        }.ConnectionString;
        var processes = new List<ServiceProcess>();
        var clients = new List<RaceClient>();
        try
        {
            var starts = Enumerable.Range(0, 3).Select(_ => ServiceProcess.StartAsync(through, ct)).ToList();
            try { await Task.WhenAll(starts); }
            finally { processes.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)); }
            using var op = new HttpClient { BaseAddress = processes[0].Url, Timeout = TimeSpan.FromSeconds(60) };
            op.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.OperatorKey);
            clients = await LedgerRace.ClientsAsync(i => new HttpClient { BaseAddress = processes[i % processes.Count].Url, Timeout = TimeSpan.FromSeconds(60) }, op, count: 12);

            // Server connections to the race's database, sampled while the race runs.
            var database = new NpgsqlConnectionStringBuilder(direct).Database!;
            using var sampling = new CancellationTokenSource();
            var peak = 0;
            var sampler = Task.Run(async () =>
            {
                await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(direct) { Database = "postgres", Pooling = false }.ConnectionString);
                await admin.OpenAsync();
                while (!sampling.IsCancellationRequested)
                {
                    await using var cmd = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @d AND backend_type = 'client backend'", admin);
                    cmd.Parameters.AddWithValue("d", database);
                    peak = Math.Max(peak, (int)(long)(await cmd.ExecuteScalarAsync())!);
                    await Task.Delay(100);
                }
            });

            var watch = Stopwatch.StartNew();
            var attempts = await LedgerRace.RunAsync(clients, TimeSpan.FromSeconds(8), ct);
            var elapsed = watch.Elapsed;
            await sampling.CancelAsync();
            await sampler;

            var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
            DatabaseSetup.Configure(options, DatabaseProvider.Postgres, direct);
            await using var db = new NumberBlocksDbContext(options.Options);
            var (figures, problems) = await LedgerRace.AuditAsync(db, attempts, elapsed, ct);
            var migrations = await db.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_migrations").ToListAsync(ct);

            // Idempotent creates through the pooler: the same key twice is one order, replayed.
            async Task<(string Id, bool Replayed)> Keyed()
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/porting_orders") { Content = Json.Body("""{"phone_numbers": ["+4930244999950"]}""") };
                request.Headers.Add("Idempotency-Key", "bouncer-1");
                using var response = await clients[1].Http.SendAsync(request, ct);
                return ((await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id"), response.Headers.Contains("Idempotent-Replayed"));
            }
            var first = await Keyed();
            var again = await Keyed();

            var summary = $"PgBouncer {bouncer.Version}, transaction mode, pool of {ServerConnections} server connections (peak {peak} seen) for 3 service processes " +
                          $"and {clients.Count} clients: {figures}";
            TestContext.Current.SendDiagnosticMessage("[pgbouncer] " + summary);
            TestContext.Current.TestOutputHelper?.WriteLine(summary);

            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
            Assert.Equal(SchemaMigrator.Load(DatabaseProvider.Postgres).Select(m => m.Version).Order(), migrations.Order());
            Assert.True(figures.Accepted >= 20, figures.ToString());
            Assert.True(figures.RejectedLedger >= 5, figures.ToString());
            Assert.Equal(first.Id, again.Id);
            Assert.True(again.Replayed);
            Assert.InRange(peak, 1, ServerConnections);
        }
        finally
        {
            foreach (var c in clients) c.Http.Dispose();
            foreach (var p in processes) await p.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            await TestPostgres.DropDatabaseAsync(direct);
        }
    }
}

/// <summary>A private PgBouncer (Debian's package) on a free loopback port, transaction pooling, trust authentication.</summary>
public sealed class TestPgBouncer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    public int Port { get; }
    public string Version { get; private set; } = "?";

    private TestPgBouncer(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    /// <summary>The pgbouncer binary, or the test is skipped (failed under CI=true, where ./test.sh installs it).</summary>
    private static string RequireBinary()
    {
        foreach (var candidate in new[] { "/usr/sbin/pgbouncer", "/usr/bin/pgbouncer" })
            if (File.Exists(candidate)) return candidate;
        const string reason = "pgbouncer is not installed (./test.sh installs it with apt when run as root).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("CI=true and " + reason);
        Assert.Skip(reason);
        return null!;
    }

    public static async Task<TestPgBouncer> StartAsync(int postgresPort, int poolSize)
    {
        var binary = RequireBinary();
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var dir = Path.Combine(Path.GetTempPath(), $"numberblocks-pgbouncer-{Guid.NewGuid():N}"[..34]);
        Directory.CreateDirectory(dir);
        var port = TestPostgres.FreePort();
        await File.WriteAllTextAsync(Path.Combine(dir, "users.txt"), "\"postgres\" \"\"\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "pgbouncer.ini"), $"""
            [databases]
            * = host=127.0.0.1 port={postgresPort}

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = {port}
            unix_socket_dir =
            auth_type = trust
            auth_file = {dir}/users.txt
            pool_mode = transaction
            default_pool_size = {poolSize}
            max_db_connections = {poolSize}
            max_client_conn = 1000
            ignore_startup_parameters = extra_float_digits,options
            logfile = {dir}/pgbouncer.log
            """);
        if (runAs is not null) await TestPostgres.RunAsync("chown", ["-R", runAs, dir], null);
        var start = new ProcessStartInfo(runAs is null ? binary : "runuser") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (runAs is not null) foreach (var a in new[] { "-u", runAs, "--", binary }) start.ArgumentList.Add(a);
        start.ArgumentList.Add(Path.Combine(dir, "pgbouncer.ini"));
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bouncer = new TestPgBouncer(process, dir, port);
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // Ready when a client connection through it reaches PostgreSQL.
                await using var probe = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5");
                await probe.OpenAsync();
                await using var cmd = new NpgsqlCommand("SELECT 1", probe);
                await cmd.ExecuteScalarAsync();
                bouncer.Version = FileVersionInfo.GetVersionInfo(binary).FileVersion ?? VersionOf(binary);
                return bouncer;
            }
            catch (Exception ex) when ((ex is NpgsqlException or SocketException or IOException) && watch.Elapsed < TimeSpan.FromSeconds(20))
            {
                if (process.HasExited)
                {
                    var log = File.Exists(Path.Combine(dir, "pgbouncer.log")) ? await File.ReadAllTextAsync(Path.Combine(dir, "pgbouncer.log")) : "";
                    throw new InvalidOperationException($"pgbouncer exited with {process.ExitCode}: {log}");
                }
                await Task.Delay(100);
            }
        }
    }

    private static string VersionOf(string binary)
    {
        using var version = Process.Start(new ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var first = version.StandardOutput.ReadLine() ?? "?";
        version.WaitForExit(5000);
        return first.Replace("PgBouncer ", "", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException) { /* already gone */ }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
