using PhoneNumbers;

namespace NumberBlocks.Domain.Numbering;

/// <summary>Where a geographic number rings, as far as the plan's geocoding data says; each part null when unknown.</summary>
/// <param name="City">The place ("Essen", "Berlin", "Mountain View").</param>
/// <param name="Region">For NANP numbers the state or province ("CA", "New Jersey", "Ontario"); null elsewhere.</param>
public sealed record Locality(string? City, string? Region);

/// <summary>
/// City and region of a number from the geocoding data libphonenumber-csharp ships (PhoneNumberOfflineGeocoder,
/// English descriptions per number prefix). Used to fill in stock that arrives without them.
/// </summary>
public static class NumberGeography
{
    private static readonly PhoneNumberOfflineGeocoder Geocoder = PhoneNumberOfflineGeocoder.GetInstance();

    /// <summary>The locality of a geographic number; null when the data names nothing finer than the country.</summary>
    public static Locality? Locate(E164Number number)
    {
        var placed = NumberingPlan.Place(number, "");
        if (placed.IsFailure || placed.Value.Type is not (PhoneNumberType.Local or PhoneNumberType.FixedLineOrMobile)) return null;
        var country = placed.Value.CountryCode;
        var description = Geocoder.GetDescriptionForNumber(NumberingPlan.ToPhoneNumber(number, placed.Value.CallingCode), Locale.English, country);
        if (string.IsNullOrWhiteSpace(description) || description == NumberingPlan.CountryName(country)) return null;
        if (!NumberingPlan.IsNanp(country)) return new Locality(description, null);
        // NANP descriptions are "City, ST" where the data knows the exchange, else the state or province.
        var comma = description.LastIndexOf(", ", StringComparison.Ordinal);
        return comma < 0 ? new Locality(null, description) : new Locality(description[..comma], description[(comma + 2)..]);
    }
}
