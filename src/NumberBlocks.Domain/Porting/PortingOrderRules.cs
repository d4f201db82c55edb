using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Porting;

/// <summary>The rules that relate a block or extension to the order it joins. Each cites its seed.</summary>
public static class PortingOrderRules
{
    /// <summary>Seed 001: "The order should be under draft, in-process, or exception status to add a block" (and to delete one).</summary>
    public static DomainError? EnsureEditable(PortingOrderStatus status, string what) =>
        status.AllowsEditing()
            ? null
            : new DomainError(ErrorCodes.OrderNotEditable,
                $"{what} only while the porting order is draft, in-process or exception; it is {status.ToWire()}.", null);

    /// <summary>
    /// Seed 001: "it must be the same country and phone number type" as the order. Orders keep the type's name, so
    /// types that share one (fixed-line and fixed-line-or-mobile numbers are both "local") go together.
    /// </summary>
    public static DomainError? EnsureSamePlan(OrderPlan order, NumberPlacement block, NumberRange range) =>
        order.CountryCode == block.CountryCode && PhoneNumberTypes.SameName(order.Type, block.Type)
            ? null
            : new DomainError(ErrorCodes.OrderCountryOrTypeMismatch,
                $"The block {range} is {block.CountryCode} {block.Type.ToWire()}; this porting order is {order.CountryCode} {order.Type.ToWire()}.",
                "/phone_number_range/start_at");

    /// <summary>Blocks of one order must not overlap each other (issue 2; a number belongs to at most one block).</summary>
    public static DomainError? EnsureNoOverlapWithBlocks(NumberRange candidate, IEnumerable<NumberRange> existingBlocks)
    {
        foreach (var b in existingBlocks)
            if (b.Overlaps(candidate))
                return new DomainError(ErrorCodes.BlockOverlapsBlock,
                    $"The block {candidate} overlaps the order's block {b} at {b.FirstSharedWith(candidate)}.", "/phone_number_range/start_at");
        return null;
    }

    /// <summary>Extension ranges on the same porting phone number must not overlap (issue 2, after seed 002).</summary>
    public static DomainError? EnsureNoOverlapWithExtensions(ExtensionRange candidate, IEnumerable<ExtensionRange> existing)
    {
        foreach (var e in existing)
            if (e.Overlaps(candidate))
                return new DomainError(ErrorCodes.ExtensionRangesOverlap,
                    $"The extension range {candidate} overlaps the extension range {e} already on this phone number.", "/extension_range/start_at");
        return null;
    }

    /// <summary>
    /// Seed 002 ports extensions as direct-dial numbers: the main number followed by the extension's digits (main
    /// +4930244999950, extension 7: +49302449999507). So extensions exist only where the numbering plan has those
    /// longer numbers, of the main number's country and type (German fixed lines, with up to 15 digits after +49,
    /// do; the NANP's ten-digit numbers do not). Checked by the ranges of full numbers, one per extension length.
    /// </summary>
    public static DomainError? EnsureExtensionsInPlan(E164Number mainNumber, ExtensionRange extensions)
    {
        var main = NumberingPlan.Place(mainNumber, "/porting_phone_number_id");
        if (main.IsFailure) return main.FirstError;
        for (var (digits, low, high) = (1, 0, 9); digits <= 3; (digits, low, high) = (digits + 1, high + 1, high * 10 + 9))
        {
            var first = Math.Max(low, extensions.Start);
            var last = Math.Min(high, extensions.End);
            if (first > last) continue;
            var scale = digits == 1 ? 10L : digits == 2 ? 100L : 1000L;
            if (mainNumber.DigitCount + digits > E164Number.MaxDigits || !E164Number.IsValidValue(checked(mainNumber.Value * scale + last)))
                return new DomainError(ErrorCodes.ExtensionsOutsidePlan,
                    $"Extension {last} on {mainNumber} would be a number of {mainNumber.DigitCount + digits} digits; E.164 numbers have at most {E164Number.MaxDigits}.",
                    "/extension_range/end_at");
            var range = NumberRange.Of(E164Number.FromValue(mainNumber.Value * scale + first), E164Number.FromValue(mainNumber.Value * scale + last));
            var placed = NumberingPlan.PlaceRange(range, "/extension_range/start_at", "/extension_range/end_at");
            if (placed.IsFailure)
                return new DomainError(ErrorCodes.ExtensionsOutsidePlan,
                    $"Extensions {first}-{last} on {mainNumber} are the direct-dial numbers {range}, which the numbering plan of {main.Value.CountryCode} does not have: {placed.FirstError.Detail}",
                    placed.FirstError.Pointer);
            if (placed.Value.CountryCode != main.Value.CountryCode || placed.Value.Type != main.Value.Type)
                return new DomainError(ErrorCodes.ExtensionsOutsidePlan,
                    $"Extensions {first}-{last} on {mainNumber} are the direct-dial numbers {range}, which are {placed.Value.Describe()} numbers; the main number is {main.Value.Describe()}.",
                    "/extension_range/start_at");
        }
        return null;
    }
}
