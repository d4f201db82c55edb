using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Domain.Ordering;

/// <summary>
/// Blocks as stock offers them: aligned decimal blocks of 10, 100 or 1000 numbers (a block of 100 runs …00 to …99), the
/// way blocks are allocated everywhere in NumberBlocks; 1000 is the largest block (seed 001: "The maximum size for a
/// single block is 1000 phone numbers").
/// </summary>
public static class StockBlocks
{
    public static readonly int[] Sizes = [10, 100, 1000];

    public static bool IsAlignedBlock(NumberRange range) =>
        Sizes.Contains((int)Math.Min(range.Count, int.MaxValue)) && range.Start.Value % range.Count == 0;

    /// <summary>
    /// The blocks a stock span [start, end] offers, ascending: from each position the largest aligned block that fits,
    /// at least <paramref name="minimumSize"/> numbers; numbers before the first 10-aligned start are no block.
    /// </summary>
    public static IEnumerable<(long Start, int Size)> Decompose(long start, long end, int minimumSize)
    {
        var p = (start + 9) / 10 * 10;
        while (p + 9 <= end)
        {
            var size = 10;
            foreach (var s in Sizes)
                if (p % s == 0 && p + s - 1 <= end) size = s;
            if (size >= minimumSize) yield return (p, size);
            p += size;
        }
    }
}

/// <summary>The raw body of a block order (spec3.yml CreateNumberBlockOrderRequest: starting_number and range, both required).</summary>
public static class BlockOrderSpec
{
    public static Result<NumberRange> Parse(string? startingNumber, long? range)
    {
        var errors = new List<DomainError>();
        if (startingNumber is null) errors.Add(DomainError.Required("/starting_number"));
        if (range is null) errors.Add(DomainError.Required("/range"));
        else if (range < 1 || range > 1000)
            errors.Add(new DomainError(ErrorCodes.BlockTooLarge, "range must be from 1 to 1000 numbers (the largest block, seed 001).", "/range"));
        if (errors.Count > 0) return Result<NumberRange>.Fail(errors);
        var start = E164Number.Parse(startingNumber, "/starting_number");
        if (start.IsFailure) return Result<NumberRange>.Fail(start.Errors);
        var last = start.Value.Value + range!.Value - 1;
        if (!E164Number.IsValidValue(last) || E164Number.FromValue(last).DigitCount != start.Value.DigitCount)
            return new DomainError(ErrorCodes.RangeLengthMismatch, $"A block of {range} numbers from {start.Value} would leave the numbers of its length.", "/range");
        return NumberRange.Of(start.Value, E164Number.FromValue(last));
    }
}

/// <summary>One number of a number order as sent (spec3.yml CreateNumberOrderRequest.phone_numbers[]).</summary>
public sealed record RawOrderedNumber(string? PhoneNumber, string? BundleId, string? RequirementGroupId);

/// <summary>One number of a number order, checked: its placement and what its country requires.</summary>
public sealed record OrderedNumberSpec(E164Number Number, NumberPlacement Placement, string? BundleId, string? RequirementGroupId,
    IReadOnlyList<OrderingRequirement> Requirements)
{
    /// <summary>Requirements are met when the country asks none, or the order names a bundle or requirement group for the number.</summary>
    public bool RequirementsMet => Requirements.Count == 0 || BundleId is not null || RequirementGroupId is not null;
}

/// <summary>A regulatory requirement a number needs before it may be assigned.</summary>
public sealed record OrderingRequirement(Guid Id, string FieldType, string Description);

/// <summary>
/// Which numbers need regulatory requirements before they are assigned. Germany: local (Ortsnetz) numbers are assigned
/// only to users with a residence or establishment in the local network area (Bundesnetzagentur, rules for the
/// assignment of local network numbers), so an order of one names the address: a bundle or requirement group.
/// </summary>
public static class OrderingRequirements
{
    /// <summary>The address requirement of German local numbers; a stable id, as Telnyx's requirement_id is.</summary>
    public static readonly OrderingRequirement GermanLocalAddress = new(
        Guid.Parse("6b1c7a61-3c4e-4f0b-9a57-4e0d2a1f0de1"), "address",
        "An address in the local network area (Bundesnetzagentur: local numbers go to residents or establishments of the area).");

    public static IReadOnlyList<OrderingRequirement> For(NumberPlacement placement) =>
        placement is { CountryCode: "DE", Type: PhoneNumberType.Local } ? [GermanLocalAddress] : [];
}

/// <summary>The numbers of a number order or a reservation: 1 to 1000 distinct E.164 numbers the numbering plans can place.</summary>
public static class OrderedNumbers
{
    public static Result<IReadOnlyList<OrderedNumberSpec>> Parse(IReadOnlyList<RawOrderedNumber?>? raw, string pointer = "/phone_numbers")
    {
        if (raw is null || raw.Count == 0)
            return new DomainError(ErrorCodes.Required, "You must provide at least 1 phone number.", pointer);
        if (raw.Count > ReservationRules.MaxNumbers)
            return new DomainError(ErrorCodes.InvalidValue, $"{ReservationRules.MaxNumbers} numbers is the maximum allowed.", pointer);
        var errors = new List<DomainError>();
        var result = new List<OrderedNumberSpec>();
        var seen = new HashSet<long>();
        for (var i = 0; i < raw.Count; i++)
        {
            var at = $"{pointer}/{i}";
            if (raw[i] is not { } item) { errors.Add(new DomainError(ErrorCodes.InvalidType, "Each phone number must be an object.", at)); continue; }
            if (item.PhoneNumber is null) { errors.Add(DomainError.Required(at + "/phone_number")); continue; }
            var number = E164Number.Parse(item.PhoneNumber, at + "/phone_number");
            if (number.IsFailure) { errors.AddRange(number.Errors); continue; }
            if (!seen.Add(number.Value.Value))
            {
                errors.Add(new DomainError(ErrorCodes.DuplicateNumber, $"{number.Value} is given more than once.", at + "/phone_number"));
                continue;
            }
            var placement = NumberingPlan.Place(number.Value, at + "/phone_number");
            if (placement.IsFailure) { errors.AddRange(placement.Errors); continue; }
            foreach (var (text, field) in new[] { (item.BundleId, "bundle_id"), (item.RequirementGroupId, "requirement_group_id") })
                if (text is not null && (text.Length is 0 or > 100))
                    errors.Add(new DomainError(ErrorCodes.InvalidValue, $"{field} must be an id of 1 to 100 characters.", $"{at}/{field}"));
            result.Add(new OrderedNumberSpec(number.Value, placement.Value, item.BundleId, item.RequirementGroupId,
                OrderingRequirements.For(placement.Value)));
        }
        return errors.Count > 0 ? Result<IReadOnlyList<OrderedNumberSpec>>.Fail(errors) : result;
    }
}

/// <summary>Telnyx's inexplicit ordering strategy: "always" orders what there is now and the rest later; "never" orders only a whole group.</summary>
public enum OrderingStrategy { Always, Never }

/// <summary>
/// An order by criteria (an inexplicit ordering group or an advanced order), checked and turned into the number request
/// the shared fulfilment engine serves (seed 003): what stock can serve is assigned at once, the rest as stock arrives.
/// </summary>
public static class CriteriaOrder
{
    /// <summary>Advanced orders: quantity 1 to 10000 (spec3.yml AdvancedOrderRequest.quantity).</summary>
    public const int MaxAdvancedQuantity = 10_000;

    /// <summary>Inexplicit groups: count_requested from 1 to 1000, the most a number request asks for (seed 003).</summary>
    public const int MaxGroupCount = RequestRestrictions.AbsoluteMaxQuantity;

    public static Result<NumberRequestSpec> Spec(string? countryCode, string? numberType, long? quantity, int maxQuantity,
        string? areaCode, string? locality, string? region, string pointerPrefix, string countryField, string quantityField, string areaCodeField)
    {
        var errors = new List<DomainError>();
        var country = countryCode?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(country)) errors.Add(DomainError.Required(pointerPrefix + "/" + countryField));
        else if (!NumberRequestSpec.IsCountryCode(country))
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"{countryField} must be an ISO 3166-1 alpha-2 code (US, DE, …).", pointerPrefix + "/" + countryField));
        PhoneNumberType type = default;
        if (string.IsNullOrEmpty(numberType)) errors.Add(DomainError.Required(pointerPrefix + "/phone_number_type"));
        // Telnyx spells the type "toll-free" in some places and "toll_free" in others; both mean the same.
        else if (!PhoneNumberTypes.TryParseWire(numberType.Replace('-', '_'), out type))
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"phone_number_type must be one of: {string.Join(", ", PhoneNumberTypes.WireNames)}.",
                pointerPrefix + "/phone_number_type"));
        if (quantity is null) errors.Add(DomainError.Required(pointerPrefix + "/" + quantityField));
        else if (quantity < 1 || quantity > maxQuantity)
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"{quantityField} must be from 1 to {maxQuantity}.", pointerPrefix + "/" + quantityField));
        var area = Blank(areaCode);
        if (area is not null && (area.Length > 8 || !area.All(char.IsAsciiDigit)))
            errors.Add(new DomainError(ErrorCodes.InvalidValue, $"{areaCodeField} must be the digits of a national destination code (e.g. 312).",
                pointerPrefix + "/" + areaCodeField));
        var city = Blank(locality);
        var state = Blank(region);
        if (city?.Length > 100) errors.Add(new DomainError(ErrorCodes.InvalidValue, "locality is longer than 100 characters.", pointerPrefix + "/locality"));
        if (state?.Length > 100) errors.Add(new DomainError(ErrorCodes.InvalidValue, "administrative_area is longer than 100 characters.", pointerPrefix + "/administrative_area"));
        if (errors.Count > 0) return Result<NumberRequestSpec>.Fail(errors);
        return new NumberRequestSpec(country!, type, (int)quantity!.Value, null, area, city, state);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
