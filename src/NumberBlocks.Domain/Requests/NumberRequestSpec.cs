using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Requests;

/// <summary>The raw fields of a number request as the wire adapter read them (camelCase names in pointers).</summary>
public sealed record NumberRequestInput(
    long? Quantity, long? RangeSize, string? NumberType, string? AreaCode, string? City, string? Region, string? CountryCode);

/// <summary>A number request that follows every rule of seed 003 and the restrictions in force.</summary>
public sealed record NumberRequestSpec(
    string CountryCode, PhoneNumberType NumberType, int Quantity, int? RangeSize, string? AreaCode, string? City, string? Region)
{
    /// <summary>
    /// Checks the body against seed 003 and the restrictions of its country and number type. All refusals are
    /// collected, each naming its field.
    /// </summary>
    public static Result<NumberRequestSpec> Create(NumberRequestInput input, string countryCode, RequestRestrictions restrictions)
    {
        var errors = new List<DomainError>();
        // Seed 003: "int32, 1 to 1000 — the quantity of numbers to be requested."
        if (input.Quantity is null) errors.Add(DomainError.Required("/quantity"));
        else if (input.Quantity < 1 || input.Quantity > RequestRestrictions.AbsoluteMaxQuantity)
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"quantity must be between 1 and {RequestRestrictions.AbsoluteMaxQuantity}.", "/quantity"));
        else if (input.Quantity < restrictions.MinQuantity || input.Quantity > restrictions.MaxQuantity)
            errors.Add(new DomainError(ErrorCodes.InvalidValue,
                $"quantity must be between {restrictions.MinQuantity} and {restrictions.MaxQuantity} for {countryCode} numbers of this type (see the request restrictions).", "/quantity"));

        // Seed 003: rangeSize "requires number ranges to be supported. See the order restrictions endpoint for the allowed ranges".
        if (input.RangeSize is { } size)
        {
            if (!restrictions.RangesSupported)
                errors.Add(new DomainError(ErrorCodes.InvalidValue, $"Ranges are not supported for {countryCode} numbers of this type; leave rangeSize out.", "/rangeSize"));
            else if (!restrictions.RangeSizes.Contains((int)Math.Clamp(size, int.MinValue, int.MaxValue)))
                errors.Add(new DomainError(ErrorCodes.InvalidValue, $"rangeSize must be one of {string.Join(", ", restrictions.RangeSizes)}.", "/rangeSize"));
            else if (input.Quantity is { } q and >= 1 && q % size != 0)
                // Decision: quantity counts numbers, so it must be a whole number of ranges.
                errors.Add(new DomainError(ErrorCodes.InvalidValue, $"quantity ({q}) must be a multiple of rangeSize ({size}): it counts numbers, in whole ranges.", "/quantity"));
        }

        PhoneNumberType type = default;
        if (string.IsNullOrWhiteSpace(input.NumberType)) errors.Add(DomainError.Required("/numberType"));
        else if (!PhoneNumberTypes.TryParseWire(input.NumberType.Trim().ToLowerInvariant(), out type))
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"numberType must be one of: {string.Join(", ", PhoneNumberTypes.WireNames)}.", "/numberType"));

        // Seed 003: area code "required when city is not provided"; both combine when given.
        var areaCode = Blank(input.AreaCode);
        var city = Blank(input.City);
        if (areaCode is null && city is null)
            errors.Add(new DomainError(ErrorCodes.Required, "areaCode or city is required (both may be given; they then combine).", "/areaCode"));
        if (areaCode is not null && (areaCode.Length > 8 || !areaCode.All(char.IsAsciiDigit)))
            errors.Add(new DomainError(ErrorCodes.InvalidValue, "areaCode must be the digits of a national destination code, without trunk prefix (e.g. 20, 212).", "/areaCode"));
        if (city is not null && city.Length > 100) errors.Add(new DomainError(ErrorCodes.InvalidValue, "city is longer than 100 characters.", "/city"));

        // Seed 003: region "only required for NANPA".
        var region = Blank(input.Region);
        if (region is null && NumberingPlan.IsNanp(countryCode))
            errors.Add(new DomainError(ErrorCodes.Required, $"region is required for NANPA numbers ({countryCode}).", "/region"));
        if (region is not null && region.Length > 100) errors.Add(new DomainError(ErrorCodes.InvalidValue, "region is longer than 100 characters.", "/region"));

        if (errors.Count > 0) return Result<NumberRequestSpec>.Fail(errors);
        return new NumberRequestSpec(countryCode, type, (int)input.Quantity!.Value, input.RangeSize is { } r ? (int)r : null, areaCode, city, region);
    }

    /// <summary>ISO 3166-1 alpha-2, upper case, of a country or territory the numbering plan knows (every libphonenumber region).</summary>
    public static bool IsCountryCode(string text) => text.Length == 2 && text.All(char.IsAsciiLetterUpper) && NumberingPlan.IsKnownCountry(text);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Folds a city or region name for matching: trimmed, upper-case invariant.</summary>
    public static string? Key(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim().ToUpperInvariant();
}
