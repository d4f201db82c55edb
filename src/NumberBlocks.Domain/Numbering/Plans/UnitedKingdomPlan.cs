namespace NumberBlocks.Domain.Numbering.Plans;

/// <summary>
/// The United Kingdom, +44, with the Crown Dependencies that share it (Guernsey GG, Jersey JE, Isle of Man IM) where a
/// whole area code or mobile block is theirs. National significant numbers below are written without the trunk prefix 0.
/// </summary>
internal static class UnitedKingdomPlan
{
    // Source: Ofcom, National Telephone Numbering Plan (01/02 geographic, 03, 07, 080, 084/087, 09).
    private const string Outside = "outside the number types NumberBlocks places";

    private static readonly PlanTable Table = new("GB", "UK", AreaCodeLength,
        // 01 numbers have 10 digits, or 9 under some four- and five-digit area codes (e.g. 016977 Brampton).
        PlanRow.Geographic("1", "UK geographic numbers (01)", 9, 10),
        PlanRow.GeographicIn("GG", "1481", "Guernsey geographic numbers (01481)", 10),
        PlanRow.GeographicIn("JE", "1534", "Jersey geographic numbers (01534)", 10),
        PlanRow.GeographicIn("IM", "1624", "Isle of Man geographic numbers (01624)", 10),
        PlanRow.Geographic("2", "UK geographic numbers (02)", 10),
        PlanRow.Refuse("3", "this 03 block is not allocated"),
        PlanRow.Place("30", PhoneNumberType.National, "UK non-geographic numbers (03)", 10),
        PlanRow.Place("33", PhoneNumberType.National, "UK non-geographic numbers (03)", 10),
        PlanRow.Place("34", PhoneNumberType.National, "UK non-geographic numbers (03)", 10),
        PlanRow.Place("37", PhoneNumberType.National, "UK non-geographic numbers (03)", 10),
        PlanRow.Refuse("5", $"05 numbers (055 corporate, 056 internet telephony) are {Outside}"),
        PlanRow.Place("7", PhoneNumberType.Mobile, "UK mobile numbers (07)", 10),
        PlanRow.Refuse("70", $"070 numbers are personal numbers, {Outside}"),
        PlanRow.Refuse("76", $"076 numbers are pagers, {Outside}"),
        PlanRow.PlaceIn("IM", "7624", PhoneNumberType.Mobile, "Isle of Man mobile numbers (07624)", 10),
        PlanRow.Refuse("8", "this 08 block is not allocated"),
        // 0800 keeps some legacy nine-digit numbers (0800 xxxxxx); 0808 numbers all have ten.
        PlanRow.Place("800", PhoneNumberType.TollFree, "UK freephone numbers (0800)", 9, 10),
        PlanRow.Place("808", PhoneNumberType.TollFree, "UK freephone numbers (0808)", 10),
        PlanRow.Place("843", PhoneNumberType.SharedCost, "UK revenue-sharing numbers (084)", 10),
        PlanRow.Place("844", PhoneNumberType.SharedCost, "UK revenue-sharing numbers (084)", 10),
        PlanRow.Place("845", PhoneNumberType.SharedCost, "UK revenue-sharing numbers (084)", 10),
        PlanRow.Place("870", PhoneNumberType.SharedCost, "UK revenue-sharing numbers (087)", 10),
        PlanRow.Place("871", PhoneNumberType.SharedCost, "UK revenue-sharing numbers (087)", 10),
        PlanRow.Place("872", PhoneNumberType.SharedCost, "UK revenue-sharing numbers (087)", 10),
        PlanRow.Place("873", PhoneNumberType.SharedCost, "UK revenue-sharing numbers (087)", 10),
        PlanRow.Refuse("9", $"09 numbers are premium-rate services, {Outside}"));

    // Two-digit 02 codes: London, Southampton/Portsmouth, Coventry, Northern Ireland, Cardiff. 021/022/025/026/027 are spare.
    private static readonly int[] TwoDigitAreaCodes = [20, 23, 24, 28, 29];

    // Three-digit codes: 011x cities (0113 Leeds ... 0118 Reading) and 01x1 cities (0121 Birmingham ... 0191 Tyneside);
    // 0171 and 0181 were withdrawn in 2000 (London moved to 020) and are not allocated.
    private static readonly bool[] ThreeDigitAreaCodes = PlanData.Mark(1000, 113, 114, 115, 116, 117, 118, 121, 131, 141, 151, 161, 191);

    // The twelve five-digit codes of the mixed areas (e.g. 016977 Brampton, 017687 Keswick).
    private static readonly int[] FiveDigitAreaCodes = [13873, 15242, 15394, 15395, 15396, 16973, 16974, 16977, 17683, 17684, 17687, 19467];

    public static PlanAnswer Place(NationalNumber number) => Table.Place(number);

    /// <summary>
    /// 02: the five two-digit codes. 01: the listed three- and five-digit codes, no code in 010, 011x other than
    /// 0113–0118, or 0171/0181; otherwise four digits (not checked against each allocated 01xxx code).
    /// </summary>
    private static int AreaCodeLength(NationalNumber number)
    {
        if (number.Leading(1) == 2)
        {
            var two = number.Leading(2);
            foreach (var code in TwoDigitAreaCodes)
                if (two == code) return 2;
            return 0;
        }
        var three = number.Leading(3);
        if (ThreeDigitAreaCodes[three]) return 3;
        if (three / 10 is 10 or 11 || three is 171 or 181) return 0;
        var five = number.Leading(5);
        foreach (var code in FiveDigitAreaCodes)
            if (five == code) return 5;
        return 4;
    }
}
