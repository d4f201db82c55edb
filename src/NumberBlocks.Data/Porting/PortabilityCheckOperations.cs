using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>Telnyx POST /v2/portability_checks over the ledger: the rules are <see cref="Portability"/>'s.</summary>
public static class PortabilityCheckOperations
{
    /// <summary>
    /// One verdict per number, in the order given. The ledger is asked once per distinct well-formed number (two index
    /// seeks each, <see cref="NumberLedger.OverlapsAsync"/>); nothing is claimed or changed.
    /// </summary>
    public static async Task<List<PortabilityVerdict>> CheckAsync(NumberBlocksDbContext db, Guid accountId, IReadOnlyList<string?> numbers,
        CancellationToken ct)
    {
        var holdings = new Dictionary<long, PortabilityHolding?>();
        foreach (var text in numbers)
        {
            var parsed = E164Number.Parse(text, "");
            if (parsed.IsFailure || holdings.ContainsKey(parsed.Value.Value)) continue;
            var value = parsed.Value.Value;
            var rows = await NumberLedger.OverlapsAsync(db, value, value, ct);
            holdings[value] = rows is [var row, ..] ? new PortabilityHolding(row.Start, row.End, row.Kind, row.HolderId, row.AccountId) : null;
        }
        return numbers.Select(text => Portability.Judge(text, accountId, n => holdings.GetValueOrDefault(n.Value))).ToList();
    }
}
