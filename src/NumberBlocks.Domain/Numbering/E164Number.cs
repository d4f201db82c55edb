using System.Globalization;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Numbering;

/// <summary>
/// A telephone number in E.164 form: "+" and 7 to 15 ASCII digits, the first not zero (no country code starts with 0).
/// Held as the integer of its digits, so numbers of different lengths never collide and a range is two integers.
/// </summary>
public readonly record struct E164Number : IComparable<E164Number>
{
    public const int MinDigits = 7;
    public const int MaxDigits = 15;
    private const long Smallest = 1_000_000;               // 10^(MinDigits-1)
    private const long Largest = 999_999_999_999_999;      // 10^MaxDigits - 1

    /// <summary>The integer of the digits after "+".</summary>
    public long Value { get; }

    private E164Number(long value) => Value = value;

    /// <summary>How many digits the number has (7..15).</summary>
    public int DigitCount => CountDigits(Value);

    /// <summary>Builds a number from its digits; a value outside 7..15 digits is a programmer error.</summary>
    public static E164Number FromValue(long value) =>
        value is >= Smallest and <= Largest
            ? new E164Number(value)
            : throw new ArgumentOutOfRangeException(nameof(value), value, "An E.164 number has 7 to 15 digits.");

    public static bool IsValidValue(long value) => value is >= Smallest and <= Largest;

    /// <summary>Parses the wire form "^\+[0-9]{7,15}$" (seed 000: start_at/end_at pattern; ASCII digits only, no spaces).</summary>
    public static Result<E164Number> Parse(string? text, string pointer)
    {
        if (text is null) return DomainError.Required(pointer);
        if (text.Length < MinDigits + 1 || text.Length > MaxDigits + 1 || text[0] != '+')
            return Invalid(text, pointer);
        long value = 0;
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c is < '0' or > '9') return Invalid(text, pointer);
            value = value * 10 + (c - '0');
        }
        if (text[1] == '0')
            return new DomainError(ErrorCodes.InvalidPhoneNumber,
                $"'{Shorten(text)}' is not an E.164 number: no country calling code starts with 0.", pointer);
        return new E164Number(value);
    }

    private static DomainError Invalid(string text, string pointer) =>
        new(ErrorCodes.InvalidPhoneNumber,
            $"'{Shorten(text)}' is not an E.164 number: expected '+' followed by 7 to 15 digits (^\\+\\d{{7,15}}$).", pointer);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    /// <summary>The number that follows this one with the same digit count, if any.</summary>
    public E164Number AddOffset(long offset) => FromValue(checked(Value + offset));

    public int CompareTo(E164Number other) => Value.CompareTo(other.Value);
    public static bool operator <(E164Number a, E164Number b) => a.Value < b.Value;
    public static bool operator >(E164Number a, E164Number b) => a.Value > b.Value;
    public static bool operator <=(E164Number a, E164Number b) => a.Value <= b.Value;
    public static bool operator >=(E164Number a, E164Number b) => a.Value >= b.Value;

    /// <summary>The national part after a country calling code of <paramref name="countryCodeDigits"/> digits.</summary>
    public string Digits => Value.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => "+" + Digits;

    internal static int CountDigits(long value)
    {
        var n = 1;
        while (value >= 10) { value /= 10; n++; }
        return n;
    }
}
