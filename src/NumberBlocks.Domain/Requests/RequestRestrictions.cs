namespace NumberBlocks.Domain.Requests;

/// <summary>
/// What a number request may ask for one country and number type (CM.com "request restrictions"): allowed quantities,
/// whether ranges are supported and which range sizes. Operator data; <see cref="Default"/> applies without a row.
/// </summary>
public sealed record RequestRestrictions(int MinQuantity, int MaxQuantity, bool RangesSupported, IReadOnlyList<int> RangeSizes)
{
    /// <summary>Seed 003: quantity is 1 to 1000.</summary>
    public const int AbsoluteMaxQuantity = 1000;

    /// <summary>Without operator data: 1..1000 numbers; ranges of 10, 100 or 1000 (the block sizes NumberBlocks deals in).</summary>
    public static RequestRestrictions Default { get; } = new(1, AbsoluteMaxQuantity, true, [10, 100, 1000]);

    /// <summary>The rules operator data must follow; null when fine, else the problem and the field.</summary>
    public (string Field, string Detail)? Problem()
    {
        if (MinQuantity < 1 || MinQuantity > AbsoluteMaxQuantity) return ("min_quantity", $"min_quantity must be between 1 and {AbsoluteMaxQuantity}.");
        if (MaxQuantity < MinQuantity || MaxQuantity > AbsoluteMaxQuantity) return ("max_quantity", $"max_quantity must be between min_quantity and {AbsoluteMaxQuantity}.");
        if (RangeSizes.Any(s => s < 2 || s > AbsoluteMaxQuantity)) return ("range_sizes", $"range sizes must be between 2 and {AbsoluteMaxQuantity}.");
        if (RangeSizes.Distinct().Count() != RangeSizes.Count) return ("range_sizes", "range sizes must not repeat.");
        if (RangesSupported && RangeSizes.Count == 0) return ("range_sizes", "range_sizes must list at least one size when ranges are supported.");
        return null;
    }
}
