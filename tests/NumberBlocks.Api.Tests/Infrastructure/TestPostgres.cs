using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NumberBlocks.Data;

[assembly: AssemblyFixture(typeof(NumberBlocks.Api.Tests.Infrastructure.TestPostgresLifetime))]

namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>
/// The suite's private PostgreSQL server: started once per test run from the installed server binaries (initdb in a
/// temp dir under /tmp/numberblocks-pg-*, as the postgres user when running as root, on a free loopback port, fsync off)
/// and stopped when the run ends. Every <see cref="ServiceFactory"/> on PostgreSQL gets a fresh database on it (from
/// TestServices, a copy of the migrated template).
/// A server left behind by a crashed run (its owner process is gone) is stopped on the next start.
/// </summary>
public sealed class TestPostgres
{
    private const string DirPrefix = "numberblocks-pg-";
    private static readonly Lazy<Task<TestPostgres>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly string _binDir;
    private readonly string _root;
    private readonly string? _runAs;
    private int _stopped;

    public int Port { get; }
    private string DataDir => Path.Combine(_root, "data");

    private TestPostgres(string binDir, string root, int port, string? runAs)
    {
        _binDir = binDir;
        _root = root;
        Port = port;
        _runAs = runAs;
    }

    /// <summary>Whether the server was ever asked for (so the end of the run knows whether to stop one).</summary>
    internal static bool Requested => Shared.IsValueCreated;

    /// <summary>Connection string for the maintenance database, or for <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        // Race tests open many connections at once; the server allows 400.
        MaxPoolSize = 64,
        Timeout = 30,
        CommandTimeout = 60,
    }.ConnectionString;

    /// <summary>
    /// The shared server, started on first use. When no server binaries are installed the calling test reports itself
    /// skipped with the reason, except under CI=true, where that is a failure.
    /// </summary>
    public static async Task<TestPostgres> GetAsync()
    {
        RequireBinDir();
        return await Shared.Value;
    }

    /// <summary>
    /// The server binaries' directory. When none is installed the calling test reports itself skipped with the reason,
    /// except under CI=true, where that is a failure.
    /// </summary>
    internal static string RequireBinDir()
    {
        if (FindBinDir() is { } bin) return bin;
        const string reason = "PostgreSQL server binaries (initdb, pg_ctl) are not installed (looked in $NUMBERBLOCKS_PG_BIN and /usr/lib/postgresql/*/bin); "
            + "install postgresql and postgresql-contrib (./test.sh does it with apt when run as root).";
        if (IsCi) throw new InvalidOperationException("CI=true and " + reason);
        Assert.Skip(reason);
        return null!;
    }

    /// <summary>A fresh, empty database on the shared server; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await GetAsync();
        var name = $"nb_{Guid.NewGuid():N}";
        await server.ExecuteAsync($"CREATE DATABASE {name}");
        return server.ConnectionString(name);
    }

    /// <summary>
    /// A fresh database holding the current schema and no data: a copy of the run's migrated template, so the service's
    /// start finds nothing to apply (every migration on an empty database took a good part of each test's start). The
    /// migration tests use <see cref="CreateDatabaseAsync"/>. Returns its connection string.
    /// </summary>
    public static async Task<string> CreateMigratedDatabaseAsync()
    {
        var server = await GetAsync();
        await MigratedTemplate.Value;
        var name = $"nb_{Guid.NewGuid():N}";
        await server.ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {TemplateName}");
        return server.ConnectionString(name);
    }

    private const string TemplateName = "nb_template";
    private static readonly Lazy<Task> MigratedTemplate = new(CreateTemplateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Migrates the template database with the service's own migrator, then forbids connections to it: CREATE DATABASE
    /// ... TEMPLATE refuses a template that any session is connected to (PostgreSQL docs, "Template Databases").
    /// </summary>
    private static async Task CreateTemplateAsync()
    {
        var server = await GetAsync();
        await server.ExecuteAsync($"CREATE DATABASE {TemplateName}");
        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString(TemplateName)) { Pooling = false }.ConnectionString;
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Postgres, connection);
        await using (var db = new NumberBlocksDbContext(options.Options)) await SchemaMigrator.MigrateAsync(db);
        await server.ExecuteAsync($"ALTER DATABASE {TemplateName} WITH ALLOW_CONNECTIONS false");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing any connection still on it.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        if (!Shared.IsValueCreated) return;
        var server = await Shared.Value;
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        await using var conn = new NpgsqlConnection(server.ConnectionString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>$NUMBERBLOCKS_PG_BIN, else the newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl.</summary>
    internal static string? FindBinDir()
    {
        static bool Has(string dir) => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));
        if (Environment.GetEnvironmentVariable("NUMBERBLOCKS_PG_BIN") is { Length: > 0 } configured)
            return Has(configured) ? configured : null;
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => Has(d.Dir))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    /// <summary>
    /// Starts the server; a start that fails (the free port was taken by another process between probe and bind, a
    /// machine busy enough that pg_ctl's wait runs out) is tried again on a new port and directory, twice at most.
    /// </summary>
    private static async Task<TestPostgres> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return await StartOnceAsync(); }
            catch (InvalidOperationException) when (attempt < 3) { await Task.Delay(500 * attempt); }
        }
    }

    private static async Task<TestPostgres> StartOnceAsync()
    {
        var bin = FindBinDir() ?? throw new InvalidOperationException("PostgreSQL server binaries vanished.");
        // initdb refuses to run as root: the server then runs as the postgres user, who must own the directory.
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        await StopStaleServersAsync(bin, runAs);
        var root = Path.Combine(Path.GetTempPath(), $"{DirPrefix}{Environment.ProcessId}-{Guid.NewGuid():N}"[..(DirPrefix.Length + 20)]);
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (runAs is not null) await RunAsync("chown", ["-R", runAs, root], null);

        var port = FreePort();
        var server = new TestPostgres(bin, root, port, runAs);
        await File.WriteAllTextAsync(Path.Combine(root, "port"), port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            await RunAsync(Path.Combine(bin, "initdb"), ["-D", server.DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], runAs);
            // Throwaway data: no durability, so start→ready and every commit are fast.
            var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=400";
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", server.DataDir, "-l", Path.Combine(root, "server.log"), "-o", options, "-w", "-t", "60", "start"], runAs);
        }
        catch
        {
            server.Stop();
            throw;
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    /// <summary>Stops the server (immediately: the data is thrown away) and removes its directory.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        try
        {
            if (File.Exists(Path.Combine(DataDir, "postmaster.pid")))
                RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "-t", "30", "stop"], _runAs).GetAwaiter().GetResult();
        }
        finally
        {
            try { Directory.Delete(_root, recursive: true); }
            catch (IOException) { /* a stale-server sweep of a later run removes it */ }
            catch (UnauthorizedAccessException) { /* idem */ }
        }
    }

    /// <summary>Servers under /tmp/numberblocks-pg-* whose owning test process is gone: stop them and remove their directory.</summary>
    private static async Task StopStaleServersAsync(string bin, string? runAs)
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), DirPrefix + "*"))
        {
            var ownerFile = Path.Combine(dir, "owner.pid");
            if (File.Exists(ownerFile) && int.TryParse(File.ReadAllText(ownerFile).Trim(), out var owner) && IsAlive(owner)) continue;
            // A directory another run is creating right now has no owner file yet: leave young ones alone.
            if (!File.Exists(ownerFile) && DateTime.UtcNow - Directory.GetCreationTimeUtc(dir) < TimeSpan.FromMinutes(2)) continue;
            var data = Path.Combine(dir, "data");
            if (File.Exists(Path.Combine(data, "postmaster.pid")))
            {
                try { await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"], runAs); }
                catch (InvalidOperationException) { /* not running any more: only the directory is left */ }
            }
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    internal static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task RunAsync(string file, IReadOnlyList<string> args, string? runAs)
    {
        var start = new ProcessStartInfo(runAs is null ? file : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (runAs is not null) { start.ArgumentList.Add("-u"); start.ArgumentList.Add(runAs); start.ArgumentList.Add("--"); start.ArgumentList.Add(file); }
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish within {CommandTimeout.TotalSeconds} s.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} exited {process.ExitCode}: {await stdout}{await stderr}");
    }

    internal static async Task StopSharedAsync()
    {
        if (!Shared.IsValueCreated) return;
        try { (await Shared.Value).Stop(); }
        catch (InvalidOperationException) { /* it never started; nothing to stop */ }
    }
}

/// <summary>The assembly fixture that stops the private PostgreSQL server when the test run ends.</summary>
public sealed class TestPostgresLifetime : IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await TestPostgres.StopSharedAsync();
}
