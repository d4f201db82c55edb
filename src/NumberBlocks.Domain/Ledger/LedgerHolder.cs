namespace NumberBlocks.Domain.Ledger;

/// <summary>Who can hold numbers in the ledger. Every way a number becomes someone's is a claim by one of these.</summary>
public enum HolderKind
{
    /// <summary>A live porting order: its numbers are reserved while the port runs.</summary>
    PortingOrder,
    /// <summary>A customer account: ported, assigned or purchased numbers.</summary>
    Account,
    /// <summary>The operator's stock, from which number requests are served.</summary>
    Stock,
    /// <summary>A block the operator offers for sale.</summary>
    CatalogueBlock,
    /// <summary>A Telnyx number order or number block order not yet complete: its numbers are the buyer's to be.</summary>
    NumberOrder,
    /// <summary>A Telnyx number reservation: numbers held for one account until they expire or are ordered.</summary>
    Reservation,
    /// <summary>Aging: numbers of our own stock an account released, held by no one's account until they return to stock.</summary>
    Quarantine,
}

/// <summary>One holder of ledger claims; <see cref="AccountId"/> is the tenant it belongs to, if any.</summary>
public readonly record struct LedgerHolder(HolderKind Kind, Guid Id, Guid? AccountId)
{
    public static LedgerHolder PortingOrder(Guid orderId, Guid accountId) => new(HolderKind.PortingOrder, orderId, accountId);
    public static LedgerHolder Account(Guid accountId) => new(HolderKind.Account, accountId, accountId);
    /// <summary>One range of the operator's stock (a row of stock_ranges); stock belongs to no tenant.</summary>
    public static LedgerHolder Stock(Guid stockRangeId) => new(HolderKind.Stock, stockRangeId, null);
    /// <summary>Issue 5: a block for sale holds its numbers under its NumberBlockSid until it is sold; no tenant owns it.</summary>
    public static LedgerHolder CatalogueBlock(Guid blockSid) => new(HolderKind.CatalogueBlock, blockSid, null);

    /// <summary>A Telnyx number order or block order that is still pending, on behalf of its account.</summary>
    public static LedgerHolder NumberOrder(Guid orderId, Guid accountId) => new(HolderKind.NumberOrder, orderId, accountId);
    /// <summary>A Telnyx number reservation of an account: the held numbers are offered to no one else until they expire.</summary>
    public static LedgerHolder Reservation(Guid reservationId, Guid accountId) => new(HolderKind.Reservation, reservationId, accountId);
    /// <summary>One quarantine (a row of number_quarantines): released numbers wait there; no tenant owns them.</summary>
    public static LedgerHolder Quarantine(Guid quarantineId) => new(HolderKind.Quarantine, quarantineId, null);

    public string KindName => Kind switch
    {
        HolderKind.PortingOrder => "porting_order",
        HolderKind.Account => "account",
        HolderKind.Stock => "stock",
        HolderKind.CatalogueBlock => "catalogue_block",
        HolderKind.NumberOrder => "number_order",
        HolderKind.Reservation => "number_reservation",
        HolderKind.Quarantine => "quarantine",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    public static HolderKind ParseKind(string name) => name switch
    {
        "porting_order" => HolderKind.PortingOrder,
        "account" => HolderKind.Account,
        "stock" => HolderKind.Stock,
        "catalogue_block" => HolderKind.CatalogueBlock,
        "number_order" => HolderKind.NumberOrder,
        "number_reservation" => HolderKind.Reservation,
        "quarantine" => HolderKind.Quarantine,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown ledger holder kind."),
    };
}
