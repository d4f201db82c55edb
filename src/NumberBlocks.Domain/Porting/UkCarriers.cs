namespace NumberBlocks.Domain.Porting;

/// <summary>A UK losing carrier (Telnyx PortingListUkCarriersResponse.Data): its name and Ofcom CUPID codes.</summary>
public sealed record UkCarrier(Guid Id, string Name, string Cupid, IReadOnlyList<string> AlternativeCupids);

/// <summary>
/// The UK carriers a UK porting order may name as losing carrier (Telnyx GET /v2/porting/uk_carriers). A static
/// table shipped with the build, not a live feed: Ofcom keeps the register of Communications Provider Identity
/// (CUPID) codes, and NumberBlocks has no connection to it. The codes here are NumberBlocks' table entries in the
/// register's three-digit form; an operator who ports against real UK carriers checks them against Ofcom's register
/// and changes this table (docs/porting-family.md). Ids are fixed so that clients can keep them.
/// </summary>
public static class UkCarriers
{
    /// <summary>When the table was written; every entry's created_at and updated_at.</summary>
    public static readonly DateTimeOffset TableDate = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<UkCarrier> All =
    [
        new(Guid.Parse("0b8f1a52-6a4e-4d57-9a01-2f2c1e7b0001"), "BT", "001", ["002"]),
        new(Guid.Parse("0b8f1a52-6a4e-4d57-9a01-2f2c1e7b0002"), "Virgin Media", "010", []),
        new(Guid.Parse("0b8f1a52-6a4e-4d57-9a01-2f2c1e7b0003"), "Vodafone", "020", ["021"]),
        new(Guid.Parse("0b8f1a52-6a4e-4d57-9a01-2f2c1e7b0004"), "EE", "030", []),
        new(Guid.Parse("0b8f1a52-6a4e-4d57-9a01-2f2c1e7b0005"), "O2 (Telefónica UK)", "040", []),
        new(Guid.Parse("0b8f1a52-6a4e-4d57-9a01-2f2c1e7b0006"), "TalkTalk", "050", []),
        new(Guid.Parse("0b8f1a52-6a4e-4d57-9a01-2f2c1e7b0007"), "Gamma", "060", []),
        new(Guid.Parse("0b8f1a52-6a4e-4d57-9a01-2f2c1e7b0008"), "Colt", "070", []),
        new(Guid.Parse("0b8f1a52-6a4e-4d57-9a01-2f2c1e7b0009"), "Sky", "080", []),
        new(Guid.Parse("0b8f1a52-6a4e-4d57-9a01-2f2c1e7b000a"), "KCOM", "090", []),
    ];
}
