using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Porting;

/// <summary>Why a number cannot be ported in, in the order the checks run (the first that applies is the answer).</summary>
public enum NotPortableReason
{
    /// <summary>Not E.164, or not a number of any numbering plan (libphonenumber).</summary>
    InvalidNumber,
    /// <summary>A valid number of a country NumberBlocks does not port from (<see cref="Portability.SupportedCountries"/>).</summary>
    UnsupportedCountry,
    /// <summary>Already the caller's: on its account, or in one of its live porting, number or reservation orders.</summary>
    HeldByThisAccount,
    /// <summary>Held by another account (its numbers or orders) or by NumberBlocks' own stock.</summary>
    HeldElsewhere,
    /// <summary>Inside a number block that moves only as a whole (a catalogue block, seed 004; seed 001's blocks).</summary>
    PartOfWholeBlock,
}

/// <summary>A ledger claim a checked number falls in: the claim's range and whose it is.</summary>
public sealed record PortabilityHolding(long RangeStart, long RangeEnd, HolderKind Kind, Guid HolderId, Guid? AccountId);

/// <summary>The answer for one number of a portability check (Telnyx PortabilityCheckRunResponse.Data).</summary>
public sealed record PortabilityVerdict(string PhoneNumber, bool Portable, bool FastPortable, NotPortableReason? Reason, string NotPortableReason);

/// <summary>
/// Telnyx POST /v2/portability_checks: whether NumberBlocks can port each number in, and if not why. A number is
/// judged by the numbering plan (libphonenumber, <see cref="NumberingPlan"/>), by the countries NumberBlocks ports
/// from, and by the ledger, the one record of who holds which number.
/// </summary>
public static class Portability
{
    /// <summary>Numbers one check may carry; beyond this the body is refused (the answer is computed inline).</summary>
    public const int MaxNumbers = 1_000;

    /// <summary>
    /// The countries NumberBlocks ports numbers in from: those its porting rules cover (US FastPort, the NANP, the UK
    /// with its carrier table, seed 001's Germany with blocks, and the EU and Australian markets of the other
    /// surfaces). A valid number of any other country is "not a supported country".
    /// </summary>
    public static readonly IReadOnlySet<string> SupportedCountries = new HashSet<string>(StringComparer.Ordinal)
    {
        "US", "CA", "PR", "GB", "IE", "DE", "AT", "CH", "NL", "BE", "FR", "ES", "PT", "IT", "SE", "DK", "NO", "FI", "PL", "AU", "NZ",
    };

    /// <summary>
    /// Judges one number as the caller <paramref name="accountId"/> would port it. <paramref name="holding"/> is the
    /// live ledger claim the number falls in, if any (claims are disjoint, so there is at most one).
    /// </summary>
    public static PortabilityVerdict Judge(string? text, Guid accountId, Func<E164Number, PortabilityHolding?> holdingOf)
    {
        var parsed = E164Number.Parse(text, "");
        if (parsed.IsFailure) return No(text ?? "", NotPortableReason.InvalidNumber, parsed.FirstError.Detail);
        var number = parsed.Value;
        var placed = NumberingPlan.Place(number, "");
        if (placed.IsFailure) return No(number.ToString(), NotPortableReason.InvalidNumber, placed.FirstError.Detail);
        var country = placed.Value.CountryCode;
        if (!SupportedCountries.Contains(country))
            return No(number.ToString(), NotPortableReason.UnsupportedCountry,
                $"{number} is a number of {NumberingPlan.CountryName(country)} ({country}); NumberBlocks does not port numbers from there.");

        if (holdingOf(number) is { } held)
        {
            var range = NumberRange.Of(E164Number.FromValue(held.RangeStart), E164Number.FromValue(held.RangeEnd));
            if (held.Kind == HolderKind.CatalogueBlock)
                return No(number.ToString(), NotPortableReason.PartOfWholeBlock,
                    $"{number} is part of the number block {range}, which moves only as a whole block.");
            if (held.AccountId == accountId)
                return No(number.ToString(), NotPortableReason.HeldByThisAccount, held.Kind switch
                {
                    HolderKind.PortingOrder when held.RangeEnd > held.RangeStart =>
                        $"{number} is part of the block {range} of your porting order {held.HolderId}; a block ports whole.",
                    HolderKind.PortingOrder => $"{number} is already in your porting order {held.HolderId}.",
                    HolderKind.Account => $"{number} is already on your account.",
                    _ => $"{number} is already held by one of your orders ({held.HolderId}).",
                });
            // Another tenant's objects are never named.
            return No(number.ToString(), NotPortableReason.HeldElsewhere, $"{number} is already held by another account.");
        }
        return new PortabilityVerdict(number.ToString(), true, PortingCompletion.IsFastPortEligible(country), null, "");
    }

    private static PortabilityVerdict No(string number, NotPortableReason reason, string detail) => new(number, false, false, reason, detail);

    /// <summary>The body's list, refused before any work when it is empty or too long.</summary>
    public static DomainError? CheckCount(int? count) => count switch
    {
        null or 0 => new DomainError(ErrorCodes.Required, "Give phone_numbers: the +E.164 numbers to check.", "/phone_numbers"),
        > MaxNumbers => new DomainError(ErrorCodes.InvalidValue, $"At most {MaxNumbers} phone_numbers per check.", "/phone_numbers"),
        _ => null,
    };
}
