using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Scaling;

/// <summary>Where writes and reads go with a primary and standbys (docs/scaling.md), and what a failover looks like to a client.</summary>
public sealed class StandbyRoutingTests
{
    private const string TwoHosts = "Host=10.0.0.1:5432,10.0.0.2:5432;Username=nb;Database=numberblocks";

    [Fact]
    public void ForWrites_MultiHostWithoutTargetSession_TargetsThePrimary()
    {
        var writes = new NpgsqlConnectionStringBuilder(StandbyRouting.ForWrites(TwoHosts));
        Assert.Equal("primary", writes.TargetSessionAttributes);
        Assert.Equal("10.0.0.1:5432,10.0.0.2:5432", writes.Host);
    }

    [Theory]
    [InlineData("prefer-standby")]
    [InlineData("standby")]
    [InlineData("any")]
    public void ForWrites_MultiHostThatMayReachAStandby_IsRefused(string target)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StandbyRouting.ForWrites(TwoHosts + $";Target Session Attributes={target}"));
        Assert.Contains("Target Session Attributes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForWrites_SingleHost_IsLeftAsItIs()
    {
        const string one = "Host=127.0.0.1;Port=5432;Username=postgres;Database=nb";
        Assert.Equal(one, StandbyRouting.ForWrites(one));
    }

    [Fact]
    public void ForReads_StandbyReadsOnMultiHost_PreferStandbyOnTheSameHosts()
    {
        var options = new DatabaseOptions { Provider = "postgres", ConnectionString = TwoHosts, StandbyReads = true };
        var writes = options.EffectiveConnectionString("/tmp");
        var reads = new NpgsqlConnectionStringBuilder(StandbyRouting.ForReads(options, writes)!);
        Assert.Equal("prefer-standby", reads.TargetSessionAttributes);
        Assert.Equal("10.0.0.1:5432,10.0.0.2:5432", reads.Host);
        Assert.Equal("numberblocks", reads.Database);
    }

    [Fact]
    public void ForReads_ExplicitReadConnectionString_WinsOverDerivation()
    {
        const string replica = "Host=10.0.0.9;Username=nb;Database=numberblocks";
        var options = new DatabaseOptions { Provider = "postgres", ConnectionString = TwoHosts, ReadConnectionString = replica, StandbyReads = true };
        Assert.Equal(replica, StandbyRouting.ForReads(options, options.EffectiveConnectionString("/tmp")));
    }

    [Fact]
    public void ForReads_NothingConfigured_ReadsStayOnThePrimary()
    {
        var options = new DatabaseOptions { Provider = "postgres", ConnectionString = TwoHosts };
        Assert.Null(StandbyRouting.ForReads(options, options.EffectiveConnectionString("/tmp")));
    }

    [Fact]
    public void ForReads_StandbyReadsWithOneHost_IsAConfigurationError()
    {
        var options = new DatabaseOptions { Provider = "postgres", ConnectionString = "Host=127.0.0.1;Database=nb", StandbyReads = true };
        Assert.Throws<InvalidOperationException>(() => StandbyRouting.ForReads(options, options.EffectiveConnectionString("/tmp")));
    }

    [Fact]
    public void ForReads_OnSqlite_IsAConfigurationError()
    {
        var options = new DatabaseOptions { Provider = "sqlite", ReadConnectionString = "Data Source=/tmp/other.db" };
        Assert.Throws<InvalidOperationException>(() => StandbyRouting.ForReads(options, "Data Source=/tmp/nb.db"));
    }

    public static TheoryData<string, bool> FailoverErrors => new()
    {
        // Npgsql multi-host while no host is primary yet (the old one is gone, the standby not yet promoted).
        { "no-suitable-host", true },
        { "unable-to-connect", true },
        // A command on a transaction whose connection broke under it (Sql.Command turns it into an NpgsqlException).
        { "lost-in-transaction", true },
        // A standby being promoted answers "the database system is starting up"; a pooled connection to a server that
        // became a standby refuses writes (read-only transaction).
        { "57P03", true },
        { "25006", true },
        { "08006", true },
        // Conditions Npgsql calls transient: recovery in progress, an object in use, an I/O error on the server.
        { "55000", true },
        { "55006", true },
        { "58030", true },
        // The request's own fault stays its 4xx/500 path: a unique violation, an exclusion violation.
        { "23505", false },
        { "23P01", false },
    };

    [Theory]
    [MemberData(nameof(FailoverErrors))]
    public void IsUnavailable_ErrorsSeenDuringAFailover_Are503(string error, bool unavailable)
    {
        Exception ex = error switch
        {
            "no-suitable-host" => new NpgsqlException("No suitable host was found."),
            "lost-in-transaction" => new NpgsqlException("The database connection was lost in the middle of the transaction; nothing of it was committed.",
                new InvalidOperationException("Transaction is already completed")),
            "unable-to-connect" => new NpgsqlException("Unable to connect to a suitable host. Check inner exception for more details.",
                new AggregateException(new NpgsqlException("Exception while connecting", new System.Net.Sockets.SocketException(111)))),
            _ => new PostgresException("server says no", "ERROR", "ERROR", error),
        };
        Assert.Equal(unavailable, DatabaseUnavailableHandler.IsUnavailable(new DbUpdateException("save failed", ex)));
    }

    /// <summary>
    /// A real read connection: the read database is another PostgreSQL database with the schema and nothing in it, so a
    /// list view answered from it shows nothing while the order (written to the primary) is there when read by id.
    /// </summary>
    [Fact]
    public async Task ListViews_WithAReadConnection_AreServedByIt_ViewsByIdAndWritesStayOnThePrimary()
    {
        var primary = await TestPostgres.CreateDatabaseAsync();
        var replica = await TestPostgres.CreateDatabaseAsync();
        try
        {
            var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
            DatabaseSetup.Configure(options, DatabaseProvider.Postgres, replica);
            await using (var db = new NumberBlocksDbContext(options.Options)) await SchemaMigrator.MigrateAsync(db);

            await using var service = new ServiceFactory(TestDatabase.Postgres, primary);
            service.Settings["NumberBlocks:Database:ReadConnectionString"] = replica;
            var account = await service.NewAccountAsync();
            var created = await (await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4930244999940"]}""")))
                .ExpectAsync(HttpStatusCode.Created);
            var id = created.GetProperty("data")[0].Str("id");

            await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK);
            var list = await (await account.Client.GetAsync("/v2/porting_orders")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(0, list.GetProperty("meta").GetProperty("total_results").GetInt32());
            // An order's own numbers (listed right after creating it, as the README does) stay on the primary.
            var numbers = await (await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[porting_order_id][eq]={id}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(1, numbers.GetProperty("meta").GetProperty("total_results").GetInt32());

            using var cm = service.CreateClient();
            cm.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", account.ApiKey);
            var requests = await cm.GetAsync($"/voice/phonenumberrequestapi/v1/{account.Id}/numberrequests");
            Assert.Equal(HttpStatusCode.OK, requests.StatusCode);

            // Without the read connection the same list shows the order: the routing, not the query, made the difference.
            await using var plain = new ServiceFactory(TestDatabase.Postgres, primary) { KeepData = true };
            using var client = plain.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiKey);
            var fromPrimary = await (await client.GetAsync("/v2/porting_orders")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal(1, fromPrimary.GetProperty("meta").GetProperty("total_results").GetInt32());
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(replica);
            await TestPostgres.DropDatabaseAsync(primary);
        }
    }
}
