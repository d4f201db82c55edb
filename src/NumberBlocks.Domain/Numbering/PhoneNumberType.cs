using LibType = PhoneNumbers.PhoneNumberType;

namespace NumberBlocks.Domain.Numbering;

/// <summary>
/// The kinds of number NumberBlocks places: one per libphonenumber type, plus <see cref="National"/> (set by a
/// policy rule) and <see cref="Landline"/> (a name clients use, never placed). Meets each surface's vocabulary
/// through the one table in <see cref="PhoneNumberTypes"/>.
/// </summary>
public enum PhoneNumberType
{
    /// <summary>A geographic fixed-line number (libphonenumber FIXED_LINE).</summary>
    Local,
    Mobile,
    /// <summary>A non-geographic number reachable nationwide that libphonenumber types otherwise (German 032, see <see cref="NumberPolicy"/>).</summary>
    National,
    SharedCost,
    TollFree,
    /// <summary>Telnyx's "landline": accepted where clients name a type (requests, filters), never the plan's answer.</summary>
    Landline,
    /// <summary>A geographic number the plan cannot tell from a mobile one (all of the NANP, among others).</summary>
    FixedLineOrMobile,
    PremiumRate,
    Voip,
    PersonalNumber,
    Pager,
    /// <summary>A universal access number (one number for a company, routed anywhere: UK 03, Dutch 084/087/088).</summary>
    Uan,
    /// <summary>A voicemail access number.</summary>
    Voicemail,
}

/// <summary>
/// The one table from libphonenumber's types to NumberBlocks' types and each surface's words for them.
/// <list type="bullet">
/// <item>NumberBlocks' names are what is stored and what the operator API, CM.com's <c>numberType</c> (the seed lost
/// CM.com's enum, so NumberBlocks' names serve, case-insensitively) and Fone Dynamics' <c>NumberType</c> (its
/// documents name none) use. They extend the six names of the first release, which keep their meaning.</item>
/// <item>Telnyx's <c>phone_number_type</c> has six values (landline, local, mobile, national, shared_cost, toll_free,
/// telnyx-porting-core.yml): the other non-geographic types are "national"; pager and voicemail numbers, which
/// regulators number inside mobile ranges (German 016x, UK 076, Dutch 066), are "mobile".</item>
/// </list>
/// </summary>
public static class PhoneNumberTypes
{
    private sealed record Row(PhoneNumberType Type, LibType? Libphonenumber, string Name, string Telnyx, string Words);

    // Indexed by the enum value; the order must follow the enum declaration.
    private static readonly Row[] Table =
    [
        new(PhoneNumberType.Local, LibType.FIXED_LINE, "local", "local", "fixed-line"),
        new(PhoneNumberType.Mobile, LibType.MOBILE, "mobile", "mobile", "mobile"),
        new(PhoneNumberType.National, null, "national", "national", "national"),
        new(PhoneNumberType.SharedCost, LibType.SHARED_COST, "shared_cost", "shared_cost", "shared-cost"),
        new(PhoneNumberType.TollFree, LibType.TOLL_FREE, "toll_free", "toll_free", "toll-free"),
        new(PhoneNumberType.Landline, null, "landline", "landline", "landline"),
        // US and Canadian geographic numbers are "local" to every provider, though they may ring a mobile.
        new(PhoneNumberType.FixedLineOrMobile, LibType.FIXED_LINE_OR_MOBILE, "local", "local", "fixed-line-or-mobile"),
        new(PhoneNumberType.PremiumRate, LibType.PREMIUM_RATE, "premium_rate", "national", "premium-rate"),
        new(PhoneNumberType.Voip, LibType.VOIP, "voip", "national", "VoIP"),
        new(PhoneNumberType.PersonalNumber, LibType.PERSONAL_NUMBER, "personal_number", "national", "personal"),
        new(PhoneNumberType.Pager, LibType.PAGER, "pager", "mobile", "pager"),
        new(PhoneNumberType.Uan, LibType.UAN, "uan", "national", "universal access"),
        new(PhoneNumberType.Voicemail, LibType.VOICEMAIL, "voicemail", "mobile", "voicemail access"),
    ];

    private static readonly string[] Names = Table.Select(r => r.Name).Distinct().ToArray();
    private static readonly string[] TelnyxVocabulary = ["landline", "local", "mobile", "national", "shared_cost", "toll_free"];

    /// <summary>NumberBlocks' names, each once (first-release names first).</summary>
    public static IReadOnlyList<string> WireNames { get; } = Array.AsReadOnly(Names);

    /// <summary>Telnyx's <c>phone_number_type</c> enum.</summary>
    public static IReadOnlyList<string> TelnyxNames { get; } = Array.AsReadOnly(TelnyxVocabulary);

    /// <summary>NumberBlocks' name of <paramref name="type"/>; a value outside the enum is a programmer error.</summary>
    public static string ToWire(this PhoneNumberType type) => RowOf(type).Name;

    /// <summary>How a refusal names the type in words ("premium-rate", "fixed-line-or-mobile").</summary>
    public static string Describe(this PhoneNumberType type) => RowOf(type).Words;

    /// <summary>Telnyx's <c>phone_number_type</c> for <paramref name="type"/>.</summary>
    public static string ToTelnyx(this PhoneNumberType type) => RowOf(type).Telnyx;

    /// <summary>
    /// Reads one of NumberBlocks' names; only the exact lowercase names are accepted ("Mobile", " mobile" and "1" are
    /// not). "local" reads as <see cref="PhoneNumberType.Local"/>, which covers fixed-line-or-mobile numbers too.
    /// </summary>
    public static bool TryParseWire(string? text, out PhoneNumberType type)
    {
        foreach (var row in Table)
        {
            if (string.Equals(text, row.Name, StringComparison.Ordinal))
            {
                type = row.Type;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>Do two types go by the same name (one porting order, one stock type, one request type)?</summary>
    public static bool SameName(PhoneNumberType a, PhoneNumberType b) => RowOf(a).Name == RowOf(b).Name;

    /// <summary>The Telnyx name of a stored NumberBlocks name (rows keep NumberBlocks' names); unknown names are a programmer error.</summary>
    public static string TelnyxNameOf(string storedName) =>
        TryParseWire(storedName, out var type) ? type.ToTelnyx() : throw new InvalidOperationException($"Stored number type '{storedName}' is unknown.");

    /// <summary>The stored NumberBlocks names Telnyx calls <paramref name="telnyxName"/> (a filter on Telnyx's enum).</summary>
    public static IReadOnlyList<string> WireNamesForTelnyx(string telnyxName) =>
        Table.Where(r => r.Telnyx == telnyxName).Select(r => r.Name).Distinct().ToArray();

    /// <summary>The libphonenumber type a type comes from; null for the policy's and clients' own types.</summary>
    public static LibType? ToLibphonenumber(this PhoneNumberType type) => RowOf(type).Libphonenumber;

    internal static PhoneNumberType FromLibphonenumber(LibType type)
    {
        foreach (var row in Table)
            if (row.Libphonenumber == type) return row.Type;
        throw new ArgumentOutOfRangeException(nameof(type), type, "libphonenumber's UNKNOWN is not a type of a valid number.");
    }

    private static Row RowOf(PhoneNumberType type) =>
        (uint)type < (uint)Table.Length
            ? Table[(int)type]
            : throw new ArgumentOutOfRangeException(nameof(type), type, "Not a defined phone number type.");
}
