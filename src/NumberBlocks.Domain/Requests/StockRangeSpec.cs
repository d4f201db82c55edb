using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Requests;

/// <summary>The raw fields of one stock range as read from the operator's body or import line.</summary>
public sealed record StockRangeInput(string? StartAt, string? EndAt, string? NumberType, string? AreaCode, string? City, string? Region);

/// <summary>One range of stock with its attributes; the country is derived from the numbers (issue 4).</summary>
public sealed record StockRangeSpec(NumberRange Range, string CountryCode, PhoneNumberType NumberType, string? AreaCode, string? City, string? Region)
{
    /// <summary>Largest range one row may load (10 million numbers, the size the issue names for a whole import).</summary>
    public const long MaxCount = 10_000_000;

    public static Result<StockRangeSpec> Create(StockRangeInput input)
    {
        var errors = new List<DomainError>();
        var start = input.StartAt is null ? Result<E164Number>.Fail(DomainError.Required("/start_at")) : E164Number.Parse(input.StartAt, "/start_at");
        var end = input.EndAt is null ? Result<E164Number>.Fail(DomainError.Required("/end_at")) : E164Number.Parse(input.EndAt, "/end_at");
        errors.AddRange(start.Errors);
        errors.AddRange(end.Errors);
        PhoneNumberType type = default;
        if (string.IsNullOrWhiteSpace(input.NumberType)) errors.Add(DomainError.Required("/number_type"));
        else if (!PhoneNumberTypes.TryParseWire(input.NumberType.Trim(), out type))
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"number_type must be one of: {string.Join(", ", PhoneNumberTypes.WireNames)}.", "/number_type"));
        var areaCode = Blank(input.AreaCode);
        if (areaCode is not null && (areaCode.Length > 8 || !areaCode.All(char.IsAsciiDigit)))
            errors.Add(new DomainError(ErrorCodes.InvalidValue, "area_code must be digits (the national destination code without trunk prefix).", "/area_code"));
        var city = Blank(input.City);
        var region = Blank(input.Region);
        if (city?.Length > 100) errors.Add(new DomainError(ErrorCodes.InvalidValue, "city is longer than 100 characters.", "/city"));
        if (region?.Length > 100) errors.Add(new DomainError(ErrorCodes.InvalidValue, "region is longer than 100 characters.", "/region"));
        if (errors.Count > 0) return Result<StockRangeSpec>.Fail(errors);

        var range = NumberRange.Create(start.Value, end.Value, "/start_at", "/end_at");
        if (range.IsFailure) return Result<StockRangeSpec>.Fail(range.Errors);
        if (range.Value.Count > MaxCount)
            return new DomainError(ErrorCodes.BlockTooLarge, $"A stock range holds at most {MaxCount:N0} numbers; split it.", "/end_at");
        // Stock is sold by type and area: a range of one country and one type, every number of it valid.
        var placed = NumberingPlan.PlaceRange(range.Value, "/start_at", "/end_at");
        if (placed.IsFailure) return Result<StockRangeSpec>.Fail(placed.Errors);
        var placement = placed.Value;
        if (!PhoneNumberTypes.SameName(type, placement.Type))
            return new DomainError(ErrorCodes.NumberTypeMismatch,
                $"number_type is '{type.ToWire()}', but the numbering plan places {range.Value.Start} as '{placement.Type.ToWire()}' ({placement.Describe()}).", "/number_type");
        // Seed 003 matches requests by city and region: what the operator leaves out comes from the geocoding data.
        if (city is null || region is null && NumberingPlan.IsNanp(placement.CountryCode))
        {
            var locality = SharedLocality(range.Value);
            city ??= locality?.City;
            if (NumberingPlan.IsNanp(placement.CountryCode)) region ??= locality?.Region;
        }
        if (NumberingPlan.IsNanp(placement.CountryCode) && region is null)
            // Seed 003: region is how NANPA requests are matched, so NANPA stock must say its region.
            return new DomainError(ErrorCodes.Required, "region is required for NANPA stock (requests there name a region), and the geocoding data names none for these numbers.", "/region");
        return new StockRangeSpec(range.Value, placement.CountryCode, placement.Type, areaCode ?? NumberingPlan.AreaCode(range.Value.Start), city, region);
    }

    /// <summary>The locality of a range when both ends have the same one; null otherwise.</summary>
    private static Locality? SharedLocality(NumberRange range)
    {
        var first = NumberGeography.Locate(range.Start);
        return first is not null && (range.Count == 1 || NumberGeography.Locate(range.End) == first) ? first : null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
