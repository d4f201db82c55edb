using System.Collections.Concurrent;
using System.Globalization;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering.Metadata;
using PhoneNumbers;

namespace NumberBlocks.Domain.Numbering;

/// <summary>
/// Places an E.164 number in its national numbering plan: country (ISO 3166-1 alpha-2, so Guernsey, Jersey and the
/// Isle of Man apart from the UK, Canada and the Caribbean apart from the US), number type and area code, for every
/// region Google's libphonenumber knows (<see cref="MetadataSource"/>), with NumberBlocks' stricter rules of
/// <see cref="NumberPolicy"/> on top. Validity, region and type are libphonenumber's, computed from its metadata by
/// <see cref="CallingCodePlan"/> so that a whole range is judged by its prefixes rather than number by number.
/// </summary>
public static class NumberingPlan
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private static readonly HashSet<int> GlobalServiceCodes = [.. Util.GetSupportedGlobalNetworkCallingCodes()];
    private static readonly HashSet<int> CallingCodes = [.. Util.GetSupportedCallingCodes(), .. GlobalServiceCodes];
    private static readonly ConcurrentDictionary<int, Lazy<CallingCodePlan>> Plans = new();
    private static readonly IReadOnlyList<string> SortedCountries = Array.AsReadOnly(Util.GetSupportedRegions().Order(StringComparer.Ordinal).ToArray());

    /// <summary>Where the plan comes from, for documentation and refusals.</summary>
    public static string MetadataSource { get; } =
        $"libphonenumber-csharp {typeof(PhoneNumberUtil).Assembly.GetName().Version?.ToString(3) ?? "?"}";

    /// <summary>Every country and territory the plan places numbers in (ISO 3166-1 alpha-2, sorted): all of libphonenumber's regions.</summary>
    public static IReadOnlyList<string> Countries => SortedCountries;

    /// <summary>
    /// The country and type of <paramref name="number"/>, or an <see cref="ErrorCodes.UnknownNumberingPlan"/> error at
    /// <paramref name="pointer"/> saying why the number cannot be placed.
    /// </summary>
    public static Result<NumberPlacement> Place(E164Number number, string pointer)
    {
        var split = Split(number, pointer);
        if (split.IsFailure) return Result<NumberPlacement>.Fail(split.Errors);
        var (plan, national, length) = split.Value;
        return Placement(number, plan, plan.Classify(national, length), pointer);
    }

    /// <summary>
    /// The placement every number of <paramref name="range"/> shares (seed 001: a block has one country and number
    /// type). Refused at <paramref name="startPointer"/> when the first number cannot be placed; at
    /// <paramref name="endPointer"/>, naming the first number that differs, when the range runs into numbers that
    /// cannot be placed (<see cref="ErrorCodes.UnknownNumberingPlan"/>) or of another country or type
    /// (<see cref="ErrorCodes.BlockMixedPlan"/>). Costs a few dozen prefix checks, whatever the size of the range.
    /// </summary>
    public static Result<NumberPlacement> PlaceRange(NumberRange range, string startPointer, string endPointer)
    {
        var split = Split(range.Start, startPointer);
        if (split.IsFailure) return Result<NumberPlacement>.Fail(split.Errors);
        var (plan, first, length) = split.Value;
        var size = CallingCodePlan.Pow10(length);
        var prefix = range.Start.Value / size;
        // A range of one digit count can run past its calling code (+49 99… to +50 00…): judge the part inside it.
        var crossesCallingCode = range.End.Value / size != prefix;
        var verdict = plan.Analyse(first, crossesCallingCode ? size - 1 : range.End.Value % size, length);
        var placement = Placement(range.Start, plan, verdict.First, startPointer);
        if (placement.IsFailure) return placement;

        E164Number other;
        Result<NumberPlacement> otherPlacement;
        if (verdict.DifferingNationalNumber is { } differing)
        {
            other = E164Number.FromValue(prefix * size + differing);
            otherPlacement = Placement(other, plan, verdict.Differing, endPointer);
        }
        else if (crossesCallingCode)
        {
            other = E164Number.FromValue((prefix + 1) * size);
            otherPlacement = Place(other, endPointer);
        }
        else
        {
            return placement;
        }

        if (otherPlacement.IsFailure)
            return new DomainError(ErrorCodes.UnknownNumberingPlan,
                $"The range {range} holds numbers that cannot be placed; the first is {other}. {otherPlacement.FirstError.Detail}", endPointer);
        return new DomainError(ErrorCodes.BlockMixedPlan,
            $"The range {range} is not of one country and number type: {range.Start} is {placement.Value.Describe()}, " +
            $"but {other}, the first number that differs, is {otherPlacement.Value.Describe()}.", endPointer);
    }

    /// <summary>
    /// The area code (national destination code, without trunk prefix) of a geographic number, as libphonenumber
    /// splits it: "30" Berlin, "201" Essen, "212" New York, "20" London, "2" Sydney; null when the number has none
    /// (mobile, toll-free and other non-geographic numbers, numbers the plan cannot place).
    /// </summary>
    public static string? AreaCode(E164Number number)
    {
        var placed = Place(number, "");
        if (placed.IsFailure || placed.Value.Type.ToLibphonenumber() is null) return null;
        var phone = ToPhoneNumber(number, placed.Value.CallingCode);
        var length = Util.GetLengthOfGeographicalAreaCode(phone);
        return length == 0 ? null : Util.GetNationalSignificantNumber(phone)[..length];
    }

    /// <summary>True for the countries and territories of the North American Numbering Plan (+1): US, CA, PR, JM, …</summary>
    public static bool IsNanp(string countryCode) => CallingCodeOf(countryCode) == 1;

    /// <summary>True for an ISO 3166-1 alpha-2 code (upper case) the plan places numbers in.</summary>
    public static bool IsKnownCountry(string countryCode) => CallingCodeOf(countryCode) is not null;

    /// <summary>The country calling code of <paramref name="countryCode"/>; null for a code the plan does not know.</summary>
    public static int? CallingCodeOf(string countryCode) =>
        countryCode.Length == 2 && Util.GetCountryCodeForRegion(countryCode) is var code and > 0 ? code : null;

    /// <summary>The English name of a country ("Germany", "Isle of Man"); the code itself when there is none.</summary>
    public static string CountryName(string countryCode) =>
        new Locale("", countryCode).GetDisplayCountry("en") is { Length: > 0 } name ? name : countryCode;

    /// <summary>The PhoneNumber libphonenumber works on, built from the digits (leading zeros of the national number kept).</summary>
    internal static PhoneNumber ToPhoneNumber(E164Number number, int callingCode)
    {
        var national = number.Digits[callingCode.ToString(CultureInfo.InvariantCulture).Length..];
        var builder = new PhoneNumber.Builder().SetCountryCode(callingCode).SetNationalNumber(ulong.Parse(national, CultureInfo.InvariantCulture));
        // Italian fixed lines and a few others start with 0: libphonenumber keeps those zeros apart from the value.
        var zeros = national.Length - Math.Max(1, national.TrimStart('0').Length);
        if (zeros > 0) builder.SetNumberOfLeadingZeros(zeros);
        return builder.Build();
    }

    /// <summary>The calling code's plan, the national significant number and its length; or why there is none.</summary>
    private static Result<(CallingCodePlan Plan, long National, int Length)> Split(E164Number number, string pointer)
    {
        var digits = number.DigitCount;
        for (var codeLength = 1; codeLength <= 3 && codeLength < digits; codeLength++)
        {
            var code = (int)(number.Value / CallingCodePlan.Pow10(digits - codeLength));
            if (!CallingCodes.Contains(code)) continue;
            if (GlobalServiceCodes.Contains(code))
                return new DomainError(ErrorCodes.UnknownNumberingPlan,
                    $"The number {number} cannot be placed: {NumberPolicy.GlobalServices} (+{code}).", pointer);
            var length = digits - codeLength;
            return (PlanFor(code), number.Value % CallingCodePlan.Pow10(length), length);
        }
        var text = number.Digits;
        return new DomainError(ErrorCodes.UnknownNumberingPlan,
            $"The number {number} cannot be placed: it does not start with a country calling code (no country has +{text[..1]}, +{text[..2]} or +{text[..3]}).",
            pointer);
    }

    private static CallingCodePlan PlanFor(int callingCode) =>
        Plans.GetOrAdd(callingCode, static code => new Lazy<CallingCodePlan>(() =>
            new CallingCodePlan(Util, code, Util.GetRegionCodesForCountryCode(code),
                NumberPolicy.Rules.Where(r => r.CallingCode == code).ToArray()))).Value;

    private static Result<NumberPlacement> Placement(E164Number number, CallingCodePlan plan, PlanOutcome outcome, string pointer)
    {
        if (!outcome.IsValid) return new DomainError(ErrorCodes.UnknownNumberingPlan, WhyInvalid(number, plan, outcome), pointer);
        var country = plan.Regions[outcome.Region].Code;
        if (outcome.Policy < 0) return new NumberPlacement(country, plan.CallingCode, PhoneNumberTypes.FromLibphonenumber(outcome.Type));
        var rule = plan.Policy[outcome.Policy].Rule;
        return rule.Action == PolicyAction.Retype
            ? new NumberPlacement(country, plan.CallingCode, rule.Type!.Value)
            : new DomainError(ErrorCodes.UnknownNumberingPlan, $"The number {number} cannot be placed: {rule.Rule} ({rule.Source}).", pointer);
    }

    private static string WhyInvalid(E164Number number, CallingCodePlan plan, PlanOutcome outcome)
    {
        var length = number.DigitCount - plan.CallingCodeDigits;
        if (outcome.Region < 0)
        {
            var lengths = plan.Regions.SelectMany(r => r.PossibleLengths).Distinct().Order().ToArray();
            var codes = string.Join(", ", plan.Regions.Take(8).Select(r => r.Code)) + (plan.Regions.Count > 8 ? ", …" : "");
            return lengths.Contains(length)
                ? $"The number {number} is not a valid number of any of the {plan.Regions.Count} countries and territories sharing +{plan.CallingCode} ({codes}): no number range of their plans covers it ({MetadataSource})."
                : $"The number {number} is not a valid number of any of the countries and territories sharing +{plan.CallingCode} ({codes}): their numbers have {Lengths(lengths)} digits after +{plan.CallingCode}, this one has {length}.";
        }
        var region = plan.Regions[outcome.Region];
        var where = $"the numbering plan of {CountryName(region.Code)} ({region.Code}, +{plan.CallingCode})";
        return region.PossibleLengths.Contains(length)
            ? $"The number {number} is not valid in {where}: no number range of the plan covers it ({MetadataSource})."
            : $"The number {number} is not valid in {where}: its numbers have {Lengths(region.PossibleLengths)} digits after +{plan.CallingCode}, this one has {length}.";
    }

    /// <summary>"10", "9 or 10", "4 to 15", "5, 7 or 9".</summary>
    private static string Lengths(IReadOnlyList<int> lengths)
    {
        if (lengths.Count == 0) return "no";
        if (lengths.Count > 2 && lengths[^1] - lengths[0] == lengths.Count - 1) return $"{lengths[0]} to {lengths[^1]}";
        return lengths.Count == 1 ? $"{lengths[0]}" : $"{string.Join(", ", lengths.Take(lengths.Count - 1))} or {lengths[^1]}";
    }
}
