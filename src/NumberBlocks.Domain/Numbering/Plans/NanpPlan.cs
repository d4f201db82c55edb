namespace NumberBlocks.Domain.Numbering.Plans;

/// <summary>
/// The North American Numbering Plan, +1: NPA-NXX-XXXX. Only the United States and Canada are placed; the other NANP
/// countries and territories (Caribbean, Pacific, Puerto Rico, US Virgin Islands) are refused by name.
/// </summary>
internal static class NanpPlan
{
    // Source: NANPA, NPA Allocation Plan and Assignment Guidelines (ATIS-0300055) and CNAC list of Canadian area codes.
    private const string Outside = "outside the number types NumberBlocks places";

    private static readonly bool[] CanadianAreaCodes = PlanData.Mark(1000,
        204, 226, 236, 249, 250, 257, 263, 289, 306, 343, 354, 365, 367, 368, 382, 387, 403, 416, 418, 428, 431, 437,
        438, 450, 468, 474, 506, 514, 519, 548, 579, 581, 584, 587, 604, 613, 639, 647, 672, 683, 705, 709, 742, 753,
        778, 780, 782, 807, 819, 825, 867, 873, 879, 902, 905, 942);

    // Easily recognised codes (ERCs) 8YY in use for toll-free service across the NANP.
    private static readonly bool[] TollFreeAreaCodes = PlanData.Mark(1000, 800, 833, 844, 855, 866, 877, 888);

    // Personal communications service (5XX) NPAs: non-geographic.
    private static readonly bool[] PersonalAreaCodes = PlanData.Mark(1000,
        500, 521, 522, 523, 524, 525, 526, 527, 528, 529, 532, 533, 535, 538, 542, 543, 544, 545, 546, 547, 549,
        550, 552, 553, 554, 556, 558, 566, 569, 577, 578, 588, 589);

    public static PlanAnswer Place(NationalNumber number)
    {
        if (number.Length != 10)
            return PlanAnswer.Refused($"NANP numbers have 10 digits after +1 (NPA-NXX-XXXX), this one has {number.Length}");
        var npa = number.Leading(3);
        var nxx = number.Leading(6) % 1000;
        if (npa < 200) return PlanAnswer.Refused($"area code {npa:D3} starts with {npa / 100}; NANP area codes start with 2–9");
        if (npa % 100 == 11) return PlanAnswer.Refused($"{npa} is an N11 service code, not an area code");
        if (npa / 10 % 10 == 9 || npa / 10 is 37 or 96)
            return PlanAnswer.Refused($"area code {npa} is reserved for the expansion of the plan and not assigned");
        if (nxx < 200) return PlanAnswer.Refused($"the exchange code {nxx:D3} starts with {nxx / 100}; exchange codes start with 2–9");
        if (nxx % 100 == 11) return PlanAnswer.Refused($"the exchange code {nxx} is an N11 service code");
        // NANPA: only 555-0100..0199 are reserved for fictitious use; the rest of 555 is assignable (Telnyx's own samples use +1303555000x).
        if (nxx == 555 && number.Value % 10000 is >= 100 and <= 199)
            return PlanAnswer.Refused("555-0100 to 555-0199 are reserved for fictitious numbers");
        if (TollFreeAreaCodes[npa]) return PlanAnswer.Placed("US", PhoneNumberType.TollFree);
        if (npa == 900) return PlanAnswer.Refused($"900 numbers are premium-rate services, {Outside}");
        if (PersonalAreaCodes[npa]) return PlanAnswer.Refused($"area code {npa} is a non-geographic personal-communications code, {Outside}");
        if (npa is 456 or 700 or 710 or 822 or 880 or 881 or 882 or 883 or 884 or 885 or 886 or 887 or 889)
            return PlanAnswer.Refused($"area code {npa} is a non-geographic service code (carrier, government or reserved), {Outside}");
        if (npa is 600 or 622 or 633 or 644 or 655 or 677 or 688)
            return PlanAnswer.Refused($"area code {npa} is a Canadian non-geographic service code, {Outside}");
        if (OtherNanpCountry(npa) is { } other)
            return PlanAnswer.Refused($"area code {npa} belongs to {other}; NumberBlocks places only United States and Canadian numbers in the NANP");
        return PlanAnswer.Placed(CanadianAreaCodes[npa] ? "CA" : "US", PhoneNumberType.Local, 3);
    }

    /// <summary>True for the NANP countries this plan places.</summary>
    public static bool IsPlaced(string countryCode) => countryCode is "US" or "CA";

    private static string? OtherNanpCountry(int npa) => npa switch
    {
        242 => "the Bahamas (BS)",
        246 => "Barbados (BB)",
        264 => "Anguilla (AI)",
        268 => "Antigua and Barbuda (AG)",
        284 => "the British Virgin Islands (VG)",
        340 => "the US Virgin Islands (VI)",
        345 => "the Cayman Islands (KY)",
        441 => "Bermuda (BM)",
        473 => "Grenada (GD)",
        649 => "the Turks and Caicos Islands (TC)",
        658 or 876 => "Jamaica (JM)",
        664 => "Montserrat (MS)",
        670 => "the Northern Mariana Islands (MP)",
        671 => "Guam (GU)",
        684 => "American Samoa (AS)",
        721 => "Sint Maarten (SX)",
        758 => "Saint Lucia (LC)",
        767 => "Dominica (DM)",
        784 => "Saint Vincent and the Grenadines (VC)",
        787 or 939 => "Puerto Rico (PR)",
        809 or 829 or 849 => "the Dominican Republic (DO)",
        868 => "Trinidad and Tobago (TT)",
        869 => "Saint Kitts and Nevis (KN)",
        _ => null,
    };
}
