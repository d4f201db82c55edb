using Microsoft.EntityFrameworkCore;
using Npgsql;
using NumberBlocks.Data;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Data.Scaling;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Scaling;

/// <summary>
/// The ledger partitioned by country calling code (Data/Scaling/partitioned_ledger.sql, docs/scaling.md), created in a
/// scratch database: the partition key routes each range to the partition of its calling code and length, the
/// partition-local EXCLUDE refuses an overlap, a range cannot straddle a partition boundary, and NumberLedger runs on it
/// unchanged.
/// </summary>
public sealed class PartitionedLedgerTests : IAsyncLifetime
{
    private string _database = null!;
    private NpgsqlConnection _connection = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestPostgres.CreateDatabaseAsync();
        _connection = new NpgsqlConnection(_database);
        await _connection.OpenAsync();
        await using var ddl = new NpgsqlCommand(PartitionedLedger.Sql, _connection);
        await ddl.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_database);
    }

    private async Task<string> InsertAsync(long start, long end)
    {
        await using var cmd = new NpgsqlCommand(
            "INSERT INTO ledger_claims (range_start, range_end, holder_kind, holder_id, claimed_at) VALUES (@s, @e, 'stock', gen_random_uuid(), now()) " +
            "RETURNING tableoid::regclass::text", _connection);
        cmd.Parameters.AddWithValue("s", start);
        cmd.Parameters.AddWithValue("e", end);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    [Theory]
    [InlineData(4920123456000L, 4920123456099L, "ledger_claims_cc49_len13")] // +49 201 23456000-099, Essen
    [InlineData(493012345600L, 493012345699L, "ledger_claims_cc49_len12")]   // +49 30 1234560x, Berlin: same code, one digit shorter
    [InlineData(13035550000L, 13035550099L, "ledger_claims_cc1_len11")]      // +1 303 555 0000-0099, NANP
    [InlineData(442071234000L, 442071234999L, "ledger_claims_cc44_len12")]   // +44 20 7123 4xxx, London
    [InlineData(61212345000L, 61212345099L, "ledger_claims_cc61_len11")]     // +61 2 1234 50xx, Sydney
    [InlineData(31201234500L, 31201234599L, "ledger_claims_default")]        // +31 20 123 45xx, Amsterdam: no partition of its own
    [InlineData(4961234567000L, 4961234567099L, "ledger_claims_cc49_len13")]
    public async Task Insert_Range_RoutedToThePartitionOfItsCallingCodeAndLength(long start, long end, string partition) =>
        Assert.Equal(partition, await InsertAsync(start, end));

    [Fact]
    public async Task Insert_OverlapInsideAPartition_RefusedByItsExclusionConstraint()
    {
        await InsertAsync(4920123456000, 4920123456099);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(4920123456050, 4920123456149));
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, refused.SqlState);
        Assert.Equal("ledger_claims_cc49_len13_no_overlap", refused.ConstraintName);
        // In the default partition too (its own constraint).
        await InsertAsync(31201234500, 31201234599);
        var inDefault = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(31201234599, 31201234600));
        Assert.Equal(PostgresErrorCodes.ExclusionViolation, inDefault.SqlState);
    }

    [Theory]
    [InlineData(4899999999990L, 4900000000009L)] // +48 … to +49 …: two calling codes, the boundary of ledger_claims_cc49_len13
    [InlineData(492012345600L, 4920123456000L)]  // 12 digits to 13 digits
    [InlineData(19999999990L, 20000000009L)]     // +1 … to +20 …
    public async Task Insert_RangeAcrossCallingCodesOrLengths_Refused(long start, long end)
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(start, end));
        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Equal("ledger_claims_one_code_one_length", refused.ConstraintName);
    }

    [Fact]
    public async Task Insert_SameDigitsDifferentLengths_NoCollision()
    {
        // +49 201 2345600 and +49 201 23456000 share their first twelve digits; as integers they are far apart.
        Assert.Equal("ledger_claims_cc49_len12", await InsertAsync(492012345600, 492012345699));
        Assert.Equal("ledger_claims_cc49_len13", await InsertAsync(4920123456000, 4920123459999));
    }

    [Theory]
    [InlineData(1L, 1)]
    [InlineData(13035550000L, 1)]
    [InlineData(79161234567L, 7)]
    [InlineData(4920123456000L, 49)]
    [InlineData(442071234000L, 44)]
    [InlineData(35312345678L, 353)]  // Ireland: 3-digit code under 3x
    [InlineData(380441234567L, 380)] // Ukraine
    [InlineData(97225123456L, 972)]  // Israel: 97x is 3-digit, 98 is 2-digit
    [InlineData(982112345678L, 98)]
    [InlineData(2348012345678L, 234)] // Nigeria
    [InlineData(27211234567L, 27)]
    public async Task CallingCode_OfANumber_IsItsE164CountryCode(long number, int code)
    {
        await using var cmd = new NpgsqlCommand("SELECT nb_calling_code(@n)", _connection);
        cmd.Parameters.AddWithValue("n", number);
        Assert.Equal(code, (int)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task LedgerLookup_ForARange_PrunedToItsPartition()
    {
        await using var cmd = new NpgsqlCommand(
            "EXPLAIN SELECT id FROM ledger_claims WHERE range_start >= 4920123456000 AND range_start <= 4920123456099", _connection);
        var plan = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        var text = string.Join("\n", plan);
        Assert.Contains("ledger_claims_cc49_len13", text, StringComparison.Ordinal);
        foreach (var other in PartitionedLedger.Partitions.Where(p => p.Name != "ledger_claims_cc49_len13"))
            Assert.DoesNotContain(other.Name, text, StringComparison.Ordinal);
        Assert.DoesNotContain("ledger_claims_default", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NumberLedger_OnThePartitionedTable_ClaimsMergesAndRefusesAsOnOneTable()
    {
        var options = new DbContextOptionsBuilder<NumberBlocksDbContext>();
        DatabaseSetup.Configure(options, DatabaseProvider.Postgres, _database);
        await using var db = new NumberBlocksDbContext(options.Options);
        var order = LedgerHolder.PortingOrder(Guid.NewGuid(), Guid.NewGuid());
        var other = LedgerHolder.PortingOrder(Guid.NewGuid(), Guid.NewGuid());
        async Task<LedgerConflict?> Claim(LedgerHolder holder, long start, long end)
        {
            LedgerConflict? conflict = null;
            await db.RunAsync(async ct =>
            {
                conflict = await NumberLedger.ClaimAsync(db, holder, NumberRange.Of(E164Number.FromValue(start), E164Number.FromValue(end)), DateTimeOffset.UtcNow, ct);
                return conflict is null ? Result<bool>.Ok(true) : Result<bool>.Fail(conflict.ToError(null));
            }, CancellationToken.None);
            return conflict;
        }

        Assert.Null(await Claim(order, 4920123456000, 4920123456099));
        Assert.Null(await Claim(order, 4920123456050, 4920123456199)); // the same holder: merged
        var refused = await Claim(other, 4920123456150, 4920123456150);
        Assert.NotNull(refused);
        Assert.Equal(4920123456150, refused.Number.Value);
        Assert.Null(await Claim(other, 13035550000, 13035550099));

        var claims = await db.LedgerClaims.AsNoTracking().OrderBy(c => c.RangeStart).Select(c => new { c.RangeStart, c.RangeEnd }).ToListAsync();
        Assert.Equal([new { RangeStart = 13035550000L, RangeEnd = 13035550099L }, new { RangeStart = 4920123456000L, RangeEnd = 4920123456199L }], claims);
        Assert.Equal(0, await NumberLedger.CountOverlapsAsync(db, CancellationToken.None));
    }
}
