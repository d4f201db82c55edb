namespace NumberBlocks.Domain.Numbering;

/// <summary>
/// Where a number sits in its national numbering plan, as <see cref="NumberingPlan.Place"/> found it.
/// </summary>
/// <param name="CountryCode">ISO 3166-1 alpha-2 code of the country the number belongs to ("DE", "US", "CA").</param>
/// <param name="CallingCode">The ITU country calling code the number starts with (49, 1, 44).</param>
/// <param name="Type">The kind of number: geographic numbers are <see cref="PhoneNumberType.Local"/>.</param>
/// <param name="AreaCode">
/// The national destination code of a geographic number, without trunk prefix ("30" Berlin, "201" Essen,
/// "212" New York, "20" London, "2" Sydney); null for numbers that are not geographic (mobile, toll-free, ...).
/// </param>
public sealed record NumberPlacement(string CountryCode, int CallingCode, PhoneNumberType Type, string? AreaCode);
