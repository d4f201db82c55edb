using Npgsql;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Scaling;

/// <summary>
/// The Npgsql settings the service adds to a PostgreSQL connection string (PostgresDefaults): automatic preparation
/// and no reset on close, each unless the operator's connection string names it (docs/scaling.md: behind PgBouncer
/// before 1.21, Max Auto Prepare=0).
/// </summary>
public sealed class PostgresDefaultsTests
{
    private const string Plain = "Host=127.0.0.1;Port=5432;Username=nb;Database=numberblocks";

    [Fact]
    public void Apply_NeitherNamed_AddsAutomaticPreparationAndNoResetOnClose()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresDefaults.Apply(Plain));
        Assert.Equal(PostgresDefaults.MaxAutoPrepare, applied.MaxAutoPrepare);
        Assert.True(applied.NoResetOnClose);
        Assert.Equal("127.0.0.1", applied.Host);
        Assert.Equal("numberblocks", applied.Database);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0")]
    [InlineData("max auto prepare=0")]
    [InlineData("MaxAutoPrepare=0")]
    public void Apply_OperatorTurnedPreparationOff_KeepsItOff(string setting)
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresDefaults.Apply($"{Plain};{setting}"));
        Assert.Equal(0, applied.MaxAutoPrepare);
        Assert.True(applied.NoResetOnClose);
    }

    [Fact]
    public void Apply_OperatorAskedForTheReset_KeepsIt()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresDefaults.Apply($"{Plain};No Reset On Close=false;Max Auto Prepare=16"));
        Assert.False(applied.NoResetOnClose);
        Assert.Equal(16, applied.MaxAutoPrepare);
    }

    /// <summary>
    /// On a real server, through one pooled physical connection opened and closed for every call: with the defaults a
    /// statement run more than Npgsql's Auto Prepare Min Usages (5) times is prepared once and stays prepared across
    /// the pool's reuses; without them every call is parsed afresh and nothing stays.
    /// </summary>
    [Theory]
    [InlineData(true, 1L)]
    [InlineData(false, 0L)]
    public async Task RepeatedStatement_OnAPooledConnection_IsPreparedOnlyWithTheDefaults(bool defaults, long expectedPrepared)
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await TestPostgres.CreateDatabaseAsync();
        var single = new NpgsqlConnectionStringBuilder(defaults ? PostgresDefaults.Apply(database) : database)
        {
            MaxPoolSize = 1,
            ApplicationName = $"defaults-{defaults}-{Guid.NewGuid():N}", // a pool of its own
        }.ConnectionString;
        const string statement = "SELECT $1::int + 41";
        for (var i = 0; i < 8; i++)
        {
            await using var connection = new NpgsqlConnection(single);
            await connection.OpenAsync(ct);
            await using var cmd = new NpgsqlCommand(statement, connection) { Parameters = { new NpgsqlParameter { Value = i } } };
            Assert.Equal(41 + i, await cmd.ExecuteScalarAsync(ct));
        }
        await using var probe = new NpgsqlConnection(single);
        await probe.OpenAsync(ct);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1", probe)
        {
            Parameters = { new NpgsqlParameter { Value = statement } },
        };
        Assert.Equal(expectedPrepared, await count.ExecuteScalarAsync(ct));
    }
}
