using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering.Plans;

namespace NumberBlocks.Domain.Numbering;

/// <summary>
/// Places an E.164 number in its national numbering plan: country, number type and area code. Supported: +1 (United
/// States and Canada), +31 Netherlands, +44 United Kingdom (with Guernsey, Jersey, Isle of Man), +49 Germany,
/// +61 Australia (with Cocos and Christmas Islands). Anything the plans do not cover is refused, never guessed.
/// Called for every number of a block, so it allocates only the placement it returns.
/// </summary>
public static class NumberingPlan
{
    // ITU-T E.164 assigns calling codes by first digit: 1 and 7 stand alone, these two-digit codes exist, and every
    // other code has three digits (Complement to ITU-T E.164, list of country codes).
    private static readonly bool[] TwoDigitCallingCodes = PlanData.Mark(100,
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58,
        60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98);

    /// <summary>
    /// The country, type and area code of <paramref name="number"/>, or an <see cref="ErrorCodes.UnknownNumberingPlan"/>
    /// error at <paramref name="pointer"/> saying why the number cannot be placed.
    /// </summary>
    public static Result<NumberPlacement> Place(E164Number number, string pointer)
    {
        var digits = number.DigitCount;
        var first = (int)(number.Value / Pow10(digits - 1));
        var firstTwo = (int)(number.Value / Pow10(digits - 2));

        if (first == 1) return Answer(number, 1, "North American", NanpPlan.Place(NationalNumber.After(number, 1)), pointer);
        return firstTwo switch
        {
            31 => Answer(number, 31, "Dutch", NetherlandsPlan.Place(NationalNumber.After(number, 2)), pointer),
            44 => Answer(number, 44, "UK", UnitedKingdomPlan.Place(NationalNumber.After(number, 2)), pointer),
            49 => Answer(number, 49, "German", GermanyPlan.Place(NationalNumber.After(number, 2)), pointer),
            61 => Answer(number, 61, "Australian", AustraliaPlan.Place(NationalNumber.After(number, 2)), pointer),
            _ => Unsupported(number, first, firstTwo, digits, pointer),
        };
    }

    /// <summary>True for the NANP countries (+1) <see cref="Place"/> can return: "US" and "CA".</summary>
    public static bool IsNanp(string countryCode) => NanpPlan.IsPlaced(countryCode);

    private static Result<NumberPlacement> Answer(E164Number number, int callingCode, string planName, PlanAnswer answer, string pointer)
    {
        if (answer.Refusal is { } why)
            return new DomainError(ErrorCodes.UnknownNumberingPlan,
                $"The number {number} cannot be placed in the {planName} numbering plan: {why}.", pointer);
        var areaCode = answer.AreaCodeLength == 0
            ? null
            : NationalNumber.After(number, callingCode < 10 ? 1 : 2).LeadingText(answer.AreaCodeLength);
        return new NumberPlacement(answer.CountryCode!, callingCode, answer.Type, areaCode);
    }

    private static DomainError Unsupported(E164Number number, int first, int firstTwo, int digits, string pointer)
    {
        var callingCode = first == 7 ? 7 : TwoDigitCallingCodes[firstTwo] ? firstTwo : (int)(number.Value / Pow10(digits - 3));
        return new DomainError(ErrorCodes.UnknownNumberingPlan,
            $"The number {number} cannot be placed: NumberBlocks has no numbering plan for country calling code +{callingCode} " +
            "(supported: +1 United States and Canada, +31, +44, +49, +61).", pointer);
    }

    private static long Pow10(int exponent)
    {
        long value = 1;
        for (var i = 0; i < exponent; i++) value *= 10;
        return value;
    }
}
