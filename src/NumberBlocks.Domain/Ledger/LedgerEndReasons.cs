namespace NumberBlocks.Domain.Ledger;

/// <summary>
/// Why a holder's claim on numbers ended, as recorded in the ledger's history (end_reason). Stable wire values: the
/// operator API and CLI show them, and operators' tooling may rely on them.
/// </summary>
public static class LedgerEndReasons
{
    /// <summary>The holder let the numbers go (a cancelled or deleted order, an expired reservation): nobody holds them next.</summary>
    public const string Released = "released";
    /// <summary>The numbers moved to another holder in the same instant (an order completed, stock assigned or sold).</summary>
    public const string Transferred = "transferred";
    /// <summary>Another carrier took the numbers away at the port-out's FOC date.</summary>
    public const string PortedOut = "ported_out";
    /// <summary>A number of our own stock was deleted or released by its account and went to quarantine.</summary>
    public const string Quarantined = "quarantined";
    /// <summary>A ported-in number was deleted: it was never ours to resell, so it returns to the carrier that holds its range.</summary>
    public const string ReturnedToRangeHolder = "returned_to_range_holder";
}
