namespace NumberBlocks.Domain.Numbering;

/// <summary>
/// Where a number sits in its national numbering plan, as <see cref="NumberingPlan.Place"/> found it.
/// </summary>
/// <param name="CountryCode">
/// ISO 3166-1 alpha-2 code of the country or territory the number belongs to ("DE", "US", "CA", "GG", "JM"), as
/// libphonenumber's region for it.
/// </param>
/// <param name="CallingCode">The ITU country calling code the number starts with (49, 1, 44).</param>
/// <param name="Type">The kind of number: geographic fixed-line numbers are <see cref="PhoneNumberType.Local"/>.</param>
public sealed record NumberPlacement(string CountryCode, int CallingCode, PhoneNumberType Type)
{
    /// <summary>"DE fixed-line", "US toll-free": how refusals name a placement.</summary>
    public string Describe() => $"{CountryCode} {Type.Describe()}";
}
