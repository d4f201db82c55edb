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

    /// <summary>Seed 001: "it must be the same country and phone number type" as the order.</summary>
    public static DomainError? EnsureSamePlan(NumberPlacement order, NumberPlacement block, NumberRange range) =>
        order.CountryCode == block.CountryCode && order.Type == block.Type
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
}
