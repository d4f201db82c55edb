using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Catalogue;

/// <summary>The operator's publish input, before validation: strings exactly as sent.</summary>
public sealed record RawCatalogueBlock(string? StartAt, string? EndAt, string? NumberType, string? AreaCode);

/// <summary>
/// A block of numbers the operator offers for sale (issue 5, seed 004): one range, one country, number type and area
/// code. Built only through <see cref="Parse"/>, so an instance always obeys the rules below.
/// </summary>
public sealed class CatalogueBlockSpec
{
    /// <summary>
    /// A block for sale holds at most 1000 numbers: the largest block NumberBlocks handles anywhere (seed 001: "The
    /// maximum size for a single block is 1000 phone numbers"), so a sold block can always be ported out as one block.
    /// </summary>
    public const int MaxNumbers = 1000;

    public NumberRange Range { get; }
    public NumberPlacement Placement { get; }
    /// <summary>The area code every number of the block shares; null for numbers without one.</summary>
    public string? AreaCode { get; }

    private CatalogueBlockSpec(NumberRange range, NumberPlacement placement, string? areaCode)
    {
        Range = range;
        Placement = placement;
        AreaCode = areaCode;
    }

    /// <summary>The provider's pattern for this block (see <see cref="NumberPattern.Of"/>).</summary>
    public string Pattern => NumberPattern.Of(Range);

    /// <summary>
    /// Validates a block to publish. Pointers: "/start_at", "/end_at", "/number_type", "/area_code". number_type and
    /// area_code are optional; when given they must agree with what the numbering plan says about the numbers, so an
    /// operator's typo is caught instead of being sold.
    /// </summary>
    public static Result<CatalogueBlockSpec> Parse(RawCatalogueBlock raw)
    {
        var start = E164Number.Parse(raw.StartAt, "/start_at");
        var end = E164Number.Parse(raw.EndAt, "/end_at");
        if (start.IsFailure || end.IsFailure) return Result<CatalogueBlockSpec>.Fail([.. start.Errors, .. end.Errors]);
        var rangeResult = NumberRange.Create(start.Value, end.Value, "/start_at", "/end_at");
        if (rangeResult.IsFailure) return Result<CatalogueBlockSpec>.Fail(rangeResult.Errors);
        var range = rangeResult.Value;

        var errors = new List<DomainError>();
        if (range.Count > MaxNumbers)
            errors.Add(new DomainError(ErrorCodes.BlockTooLarge,
                $"A block for sale holds at most {MaxNumbers} numbers; {range} holds {range.Count}.", "/end_at"));

        // A block is sold as one thing with one country, type and area code (seed 004 lists blocks by area code).
        var placed = NumberingPlan.PlaceRange(range, "/start_at", "/end_at");
        if (placed.IsFailure) return Result<CatalogueBlockSpec>.Fail([.. errors, .. placed.Errors]);
        var placement = placed.Value;
        var areaCode = NumberingPlan.AreaCode(range.Start);
        if (NumberingPlan.AreaCode(range.End) is var lastAreaCode && lastAreaCode != areaCode)
            errors.Add(new DomainError(ErrorCodes.BlockMixedPlan,
                $"The block {range} spans area codes {areaCode ?? "(none)"} and {lastAreaCode ?? "(none)"}; a block has one country, number type and area code.",
                "/end_at"));

        if (raw.NumberType is { } type)
        {
            if (!PhoneNumberTypes.TryParseWire(type, out var parsedType))
                errors.Add(new DomainError(ErrorCodes.InvalidValue,
                    $"number_type must be one of: {string.Join(", ", PhoneNumberTypes.WireNames)}.", "/number_type"));
            else if (!PhoneNumberTypes.SameName(parsedType, placement.Type))
                errors.Add(new DomainError(ErrorCodes.PlacementMismatch,
                    $"number_type is '{type}', but the numbering plan places {range.Start} as '{placement.Type.ToWire()}' ({placement.Describe()}).", "/number_type"));
        }
        if (raw.AreaCode is { } area && !string.Equals(area, areaCode, StringComparison.Ordinal))
            errors.Add(new DomainError(ErrorCodes.PlacementMismatch,
                areaCode is null
                    ? $"area_code is '{Shorten(area)}', but {range.Start} is a {placement.Type.Describe()} number without an area code."
                    : $"area_code is '{Shorten(area)}', but the numbering plan places {range.Start} in area code '{areaCode}'.",
                "/area_code"));

        if (errors.Count > 0) return Result<CatalogueBlockSpec>.Fail(errors);
        return new CatalogueBlockSpec(range, placement, areaCode);
    }

    private static string Shorten(string v) => v.Length <= 20 ? v : v[..20] + "…";
}

/// <summary>
/// How a block's numbers are written in NumberPattern. Seed 004's listing says the pattern "supports wildcards or
/// ranges": a block that is an aligned power of ten (10, 100 or 1000 numbers starting at a multiple of its size) is
/// written with one X per free digit ("+61288800XX"); any other block as its two ends ("+61288800005-+61288800014").
/// </summary>
public static class NumberPattern
{
    public static string Of(NumberRange range)
    {
        var count = range.Count;
        long size = 1;
        var wildcards = 0;
        while (size < count) { size *= 10; wildcards++; }
        if (size == count && wildcards > 0 && wildcards < range.Start.DigitCount && range.Start.Value % size == 0)
            return "+" + range.Start.Digits[..^wildcards] + new string('X', wildcards);
        return range.ToString();
    }
}
