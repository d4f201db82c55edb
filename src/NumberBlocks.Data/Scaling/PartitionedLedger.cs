namespace NumberBlocks.Data.Scaling;

/// <summary>
/// The ledger partitioned by country calling code (docs/scaling.md): <c>Scaling/partitioned_ledger.sql</c>, the DDL that
/// replaces ledger_claims when one table outgrows one machine's indexes. Not applied by <see cref="SchemaMigrator"/>:
/// its test and the partitioned-ledger benchmark create it in a database of their own.
/// </summary>
public static class PartitionedLedger
{
    /// <summary>The DDL: the calling-code function, the partitioned ledger_claims, its partitions and their constraints.</summary>
    public static string Sql { get; } = Load();

    /// <summary>The explicit partitions as (name, calling code, digits including the code, first number, number after the last).</summary>
    public static IReadOnlyList<(string Name, int CallingCode, int Digits, long From, long To)> Partitions { get; } =
    [
        ("ledger_claims_cc1_len11", 1, 11, 10_000_000_000L, 20_000_000_000L),
        ("ledger_claims_cc33_len11", 33, 11, 33_000_000_000L, 34_000_000_000L),
        ("ledger_claims_cc44_len12", 44, 12, 440_000_000_000L, 450_000_000_000L),
        ("ledger_claims_cc49_len12", 49, 12, 490_000_000_000L, 500_000_000_000L),
        ("ledger_claims_cc49_len13", 49, 13, 4_900_000_000_000L, 5_000_000_000_000L),
        ("ledger_claims_cc61_len11", 61, 11, 61_000_000_000L, 62_000_000_000L),
    ];

    private static string Load()
    {
        var asm = typeof(PartitionedLedger).Assembly;
        var name = asm.GetManifestResourceNames().Single(n => n.EndsWith("partitioned_ledger.sql", StringComparison.Ordinal));
        using var stream = asm.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
