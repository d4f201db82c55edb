using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>
/// Two private PostgreSQL clusters on loopback for a failover test: a primary and a hot standby made from it with
/// <c>pg_basebackup -R</c>, streaming synchronously (<c>synchronous_standby_names = '*'</c>, <c>synchronous_commit = on</c>:
/// a commit is acknowledged only once the standby has the WAL on disk), both with production durability (fsync on).
/// Runs as the postgres user when the test runs as root, in /tmp/numberblocks-pgha-*; clusters left by a crashed run
/// (their owner process gone) are stopped on the next start.
/// </summary>
public sealed class TestReplicatedPostgres : IAsyncDisposable
{
    private const string DirPrefix = "numberblocks-pgha-";
    private const string Database = "numberblocks";
    private readonly string _bin;
    private readonly string _root;
    private readonly string? _runAs;

    public int PrimaryPort { get; }
    public int StandbyPort { get; }
    private string PrimaryDir => Path.Combine(_root, "primary");
    private string StandbyDir => Path.Combine(_root, "standby");

    private TestReplicatedPostgres(string bin, string root, string? runAs, int primaryPort, int standbyPort)
    {
        _bin = bin;
        _root = root;
        _runAs = runAs;
        PrimaryPort = primaryPort;
        StandbyPort = standbyPort;
    }

    /// <summary>
    /// The multi-host connection string the service gets: both hosts, writes to whichever is primary. Host Recheck
    /// Seconds=1 makes Npgsql look again at a host it last saw as a standby within a second, so it finds the promoted one.
    /// </summary>
    public string ServiceConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = $"127.0.0.1:{PrimaryPort},127.0.0.1:{StandbyPort}",
        Username = "postgres",
        Database = Database,
        TargetSessionAttributes = "primary",
        HostRecheckSeconds = 1,
        Timeout = 5,
        CommandTimeout = 30,
        MaxPoolSize = 50,
    }.ConnectionString;

    /// <summary>A single-host connection string to the database on the given port (the audit after the failover).</summary>
    public string ConnectionString(int port, string database = Database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = port,
        Username = "postgres",
        Database = database,
        Pooling = false,
        Timeout = 10,
        CommandTimeout = 60,
    }.ConnectionString;

    public static async Task<TestReplicatedPostgres> StartAsync()
    {
        var bin = TestPostgres.RequireBinDir();
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        await StopStaleAsync(bin, runAs);
        var root = Path.Combine(Path.GetTempPath(), $"{DirPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..(DirPrefix.Length + 20)]);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (runAs is not null) await TestPostgres.RunAsync("chown", ["-R", runAs, root], null);
        var cluster = new TestReplicatedPostgres(bin, root, runAs, TestPostgres.FreePort(), TestPostgres.FreePort());
        try
        {
            await cluster.StartPrimaryAndStandbyAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartPrimaryAndStandbyAsync()
    {
        await Pg("initdb", "-D", PrimaryDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions");
        await Pg("pg_ctl", "-D", PrimaryDir, "-l", Path.Combine(_root, "primary.log"), "-o", ServerOptions(PrimaryPort), "-w", "-t", "60", "start");
        await ExecuteAsync(ConnectionString(PrimaryPort, "postgres"), $"CREATE DATABASE {Database}");

        // The standby: a base backup streaming its WAL, with standby.signal and primary_conninfo written by -R.
        await Pg("pg_basebackup", "-h", "127.0.0.1", "-p", PrimaryPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
            "-D", StandbyDir, "-R", "-X", "stream", "-c", "fast", "--no-sync");
        await Pg("pg_ctl", "-D", StandbyDir, "-l", Path.Combine(_root, "standby.log"), "-o", ServerOptions(StandbyPort), "-w", "-t", "60", "start");
        await UntilAsync("the standby streams from the primary",
            async () => await ScalarAsync(ConnectionString(PrimaryPort, "postgres"), "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") is long and > 0);

        // Only now synchronous: before the standby existed every commit would have waited for it. ALTER SYSTEM writes the
        // primary's own postgresql.auto.conf, which the standby (copied earlier) does not have: once promoted with no
        // standby of its own it commits without waiting, as a two-node setup must (docs/scaling.md).
        await ExecuteAsync(ConnectionString(PrimaryPort, "postgres"), "ALTER SYSTEM SET synchronous_standby_names = '*'");
        await ExecuteAsync(ConnectionString(PrimaryPort, "postgres"), "SELECT pg_reload_conf()");
        await UntilAsync("the standby is synchronous",
            async () => await ScalarAsync(ConnectionString(PrimaryPort, "postgres"), "SELECT count(*) FROM pg_stat_replication WHERE sync_state = 'sync'") is long and > 0);
    }

    private string ServerOptions(int port) =>
        $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -c max_connections=300 -c wal_level=replica -c max_wal_senders=5 " +
        "-c hot_standby=on -c synchronous_commit=on -c shared_buffers=64MB " +
        // After losing the primary the standby retries its WAL source every 5 s by default; promotion then waited for that.
        "-c wal_retrieve_retry_interval=500ms";

    /// <summary>What pg_stat_replication says about the standby: sync_state and the replay lag, for the test's figures.</summary>
    public async Task<string> ReplicationStateAsync() =>
        (string?)await ScalarAsync(ConnectionString(PrimaryPort, "postgres"),
            "SELECT string_agg(application_name || ' ' || state || ' ' || sync_state || ' replay_lag=' || coalesce(replay_lag::text, '0'), '; ') FROM pg_stat_replication")
        ?? "no standby";

    /// <summary>
    /// The loss of the primary machine: SIGKILL to the postmaster and every one of its server processes at once, so
    /// nothing is shut down, flushed or sent on. Returns how many processes were killed.
    /// </summary>
    public int KillPrimary()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(PrimaryDir, "postmaster.pid")).First().Trim(), CultureInfo.InvariantCulture);
        var children = ChildrenOf(postmaster);
        var killed = 0;
        foreach (var pid in children.Prepend(postmaster))
        {
            try
            {
                using var p = Process.GetProcessById(pid);
                p.Kill();
                killed++;
            }
            catch (ArgumentException) { /* already gone */ }
            catch (InvalidOperationException) { /* already gone */ }
        }
        return killed;
    }

    /// <summary>pg_ctl promote on the standby; returns once it accepts writes.</summary>
    public Task PromoteStandbyAsync() => Pg("pg_ctl", "-D", StandbyDir, "-w", "-t", "30", "promote");

    private static List<int> ChildrenOf(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent) children.Add(pid);
            }
            catch (IOException) { /* exited meanwhile */ }
            catch (UnauthorizedAccessException) { }
        }
        return children;
    }

    private Task Pg(string tool, params string[] args) => TestPostgres.RunAsync(Path.Combine(_bin, tool), args, _runAs);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    private static async Task UntilAsync(string what, Func<Task<bool>> condition)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"Timed out waiting until {what}.");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var data in new[] { PrimaryDir, StandbyDir }) await StopAsync(_bin, data, _runAs);
        TryDelete(_root);
    }

    private static async Task StopAsync(string bin, string data, string? runAs)
    {
        if (!File.Exists(Path.Combine(data, "postmaster.pid"))) return;
        try { await TestPostgres.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"], runAs); }
        catch (InvalidOperationException) { /* not running (a killed primary leaves its pid file behind) */ }
        catch (TimeoutException) { }
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { /* the next run's sweep removes it */ }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Clusters under /tmp/numberblocks-pgha-* whose owning test process is gone: stop them and remove them.</summary>
    private static async Task StopStaleAsync(string bin, string? runAs)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), DirPrefix + "*"))
        {
            var owner = Path.Combine(dir, "owner.pid");
            if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner).Trim(), out var pid) && TestPostgres.IsAlive(pid)) continue;
            if (!File.Exists(owner) && DateTime.UtcNow - Directory.GetCreationTimeUtc(dir) < TimeSpan.FromMinutes(2)) continue;
            foreach (var data in new[] { "primary", "standby" }) await StopAsync(bin, Path.Combine(dir, data), runAs);
            TryDelete(dir);
        }
    }
}
