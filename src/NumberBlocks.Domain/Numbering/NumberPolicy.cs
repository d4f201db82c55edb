namespace NumberBlocks.Domain.Numbering;

/// <summary>What a policy rule does to a number libphonenumber calls valid.</summary>
public enum PolicyAction
{
    /// <summary>The number is refused: carriers do not hand it out although the plan's pattern covers it.</summary>
    Refuse,
    /// <summary>The number is placed with <see cref="PolicyRule.Type"/> instead of libphonenumber's type.</summary>
    Retype,
}

/// <summary>
/// One of NumberBlocks' own rules on top of libphonenumber. It applies only to numbers libphonenumber calls valid, so
/// it can refuse or retype a number but never accept one the plan refuses.
/// </summary>
/// <param name="Id">Stable name of the rule, for logs and tests.</param>
/// <param name="CallingCode">The country calling code the rule is about.</param>
/// <param name="NationalNumberPattern">The national significant numbers it covers (whole-number match, libphonenumber's pattern syntax).</param>
/// <param name="Action">Refuse or retype.</param>
/// <param name="Type">For <see cref="PolicyAction.Retype"/>: the type the numbers get.</param>
/// <param name="Rule">The rule in one sentence, as refusals quote it.</param>
/// <param name="Source">Where the rule comes from.</param>
public sealed record PolicyRule(string Id, int CallingCode, string NationalNumberPattern, PolicyAction Action, PhoneNumberType? Type, string Rule, string Source);

/// <summary>
/// NumberBlocks' stricter rules on top of libphonenumber's metadata, one line each with its source. Besides these,
/// seed 000's wire pattern (^\+\d{7,15}$, checked by <see cref="E164Number"/>) refuses the few valid numbers of
/// fewer than 7 digits, and numbers of the global (non-geographic) calling codes are refused (see
/// <see cref="GlobalServices"/>).
/// </summary>
public static class NumberPolicy
{
    /// <summary>Why numbers of +800, +808, +870, +878, +881, +882, +883, +888 and +979 are refused.</summary>
    public const string GlobalServices =
        "it belongs to a global service of ITU-T E.164 (international freephone, shared-cost, satellite or network codes), not to a country, and porting orders, stock and number requests are per country";

    public static IReadOnlyList<PolicyRule> Rules { get; } =
    [
        new("nanp-fictitious-555", 1, "[2-9][0-9]{2}55501[0-9]{2}", PolicyAction.Refuse, null,
            "555-0100 to 555-0199 are reserved for fictitious use in every NANP area code",
            "NANPA, 555 NXX Assignment Guidelines (ATIS-0300048)"),
        new("nanp-n11-exchange", 1, "[2-9][0-9]{2}[2-9]11[0-9]{4}", PolicyAction.Refuse, null,
            "N11 codes (211 to 911) are abbreviated-dialling service codes and are not assigned as central office codes",
            "ATIS-0300051, Central Office Code (NXX) Assignment Guidelines"),
        new("de-032-national", 49, "32[0-9]{7,11}", PolicyAction.Retype, PhoneNumberType.National,
            "032 numbers are national subscriber numbers (nationale Teilnehmerrufnummern), reachable nationwide and not geographic",
            "Bundesnetzagentur, Nummernplan nationale Teilnehmerrufnummern (032)"),
        new("gb-drama", 44,
            "1(?:1[3-8]|[2-6]1)4960[0-9]{3}|1914980[0-9]{3}|2079460[0-9]{3}|2920180[0-9]{3}|2896496[0-9]{3}|1632960[0-9]{3}|" +
            "7700900[0-9]{3}|8081570[0-9]{3}|9098790[0-9]{3}|3069990[0-9]{3}",
            PolicyAction.Refuse, null,
            "the number is in a block Ofcom reserves for TV and radio drama, never allocated to a provider",
            "Ofcom, Telephone numbers for drama programmes"),
    ];
}
