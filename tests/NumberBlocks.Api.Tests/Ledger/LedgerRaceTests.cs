using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Ledger;

/// <summary>The race tests load the machine on their own: they run one after another, not beside each other.</summary>
[CollectionDefinition(Name)]
public sealed class LedgerRaceCollection
{
    public const string Name = "ledger race";
}

/// <summary>Issue 3, the race proof: 32 clients across 2 accounts fight over overlapping ranges; no number is ever held twice.</summary>
[Collection(LedgerRaceCollection.Name)]
public abstract class LedgerRaceTests(TestDatabase database)
{
    [Fact(Timeout = 240_000)]
    public async Task Race_32ClientsOverlappingOrdersAndBlocks_NoNumberHeldTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var service = await TestServices.CreateAsync(database);
        using var op = service.Operator();
        var clients = await LedgerRace.ClientsAsync(_ => service.CreateClient(), op);

        var watch = Stopwatch.StartNew();
        var attempts = await LedgerRace.RunAsync(clients, LedgerRace.Duration, ct);
        var elapsed = watch.Elapsed;
        var (figures, problems) = await service.WithDbAsync(db => LedgerRace.AuditAsync(db, attempts, elapsed, ct));
        TestContext.Current.SendDiagnosticMessage($"Ledger race on {database}: {figures}");
        TestContext.Current.TestOutputHelper?.WriteLine($"Ledger race on {database}: {figures}");
        foreach (var c in clients) c.Http.Dispose();

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.True(elapsed >= LedgerRace.Duration, $"The race ran {elapsed.TotalSeconds:F1} s.");
        // The race must really have been one: numbers won and numbers refused because another client held them.
        Assert.True(figures.Accepted >= 20, figures.ToString());
        Assert.True(figures.RejectedLedger >= 20, figures.ToString());
    }
}

public sealed class LedgerRaceSqliteTests() : LedgerRaceTests(TestDatabase.Sqlite);

public sealed class LedgerRacePostgresTests() : LedgerRaceTests(TestDatabase.Postgres);

/// <summary>Issue 3, the multi-process proof: three service processes on different ports against one PostgreSQL database.</summary>
[Collection(LedgerRaceCollection.Name)]
public sealed class LedgerRaceMultiProcessTests
{
    [Fact(Timeout = 300_000)]
    public async Task Race_ThreeServiceProcessesOnOnePostgres_NoNumberHeldTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        var connection = await TestPostgres.CreateDatabaseAsync();
        var processes = new List<ServiceProcess>();
        var clients = new List<RaceClient>();
        try
        {
            // Started together on an empty database: the migrations run under the advisory lock, once.
            var starts = Enumerable.Range(0, 3).Select(_ => ServiceProcess.StartAsync(connection, ct)).ToList();
            try { await Task.WhenAll(starts); }
            finally { processes.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result)); }
            using var op = new HttpClient { BaseAddress = processes[0].Url, Timeout = TimeSpan.FromSeconds(60) };
            op.DefaultRequestHeaders.Authorization = new("Bearer", ServiceFactory.OperatorKey);
            clients = await LedgerRace.ClientsAsync(i => new HttpClient { BaseAddress = processes[i % processes.Count].Url, Timeout = TimeSpan.FromSeconds(60) }, op);

            var watch = Stopwatch.StartNew();
            var attempts = await LedgerRace.RunAsync(clients, LedgerRace.Duration, ct);
            var elapsed = watch.Elapsed;

            var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
            DatabaseSetup.Configure(options, DatabaseProvider.Postgres, connection);
            await using var db = new NumberBlocksDbContext(options.Options);
            var (figures, problems) = await LedgerRace.AuditAsync(db, attempts, elapsed, ct);
            var migrations = await db.Database.SqlQueryRaw<int>("SELECT version AS \"Value\" FROM schema_migrations").ToListAsync(ct);
            var perProcess = string.Join(", ", processes.Select((p, i) => $"{p.Url.Port}: {attempts.Count(a => a.Client % processes.Count == i)} requests"));
            TestContext.Current.SendDiagnosticMessage($"Ledger race across 3 processes ({perProcess}): {figures}");
            TestContext.Current.TestOutputHelper?.WriteLine($"Ledger race across 3 processes ({perProcess}): {figures}");

            Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
            Assert.Equal(SchemaMigrator.Load(DatabaseProvider.Postgres).Select(m => m.Version).Order(), migrations.Order());
            Assert.True(elapsed >= LedgerRace.Duration, $"The race ran {elapsed.TotalSeconds:F1} s.");
            Assert.True(figures.Accepted >= 20, figures.ToString());
            Assert.True(figures.RejectedLedger >= 20, figures.ToString());
            // Every process served its share, so the claims really crossed process boundaries.
            for (var i = 0; i < processes.Count; i++)
                Assert.Contains(attempts, a => a.Client % processes.Count == i && a.Status == 201);
        }
        finally
        {
            foreach (var c in clients) c.Http.Dispose();
            foreach (var p in processes) await p.DisposeAsync();
            await TestPostgres.DropDatabaseAsync(connection);
        }
    }
}
