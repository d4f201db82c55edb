namespace NumberBlocks.Domain.Numbering.Plans;

/// <summary>Germany, +49. National significant numbers below are written without the trunk prefix 0.</summary>
internal static class GermanyPlan
{
    // Source: Bundesnetzagentur, Nummernplan (Ortsnetzrufnummern, Mobile Dienste 015/016/017, Service-Dienste 0180/0700/0800/0900, Nationale Teilnehmerrufnummern 032).
    private const string Outside = "outside the number types NumberBlocks places";

    private static readonly PlanTable Table = new("DE", "German", AreaCodeLength,
        PlanRow.Refuse("1", $"01 numbers other than mobile (015–017) and shared-cost (01801–01807) are special services, {Outside}"),
        PlanRow.Refuse("11", $"0110–0119 are short codes and service numbers (emergency, 0115 administration, 0116 helplines, 0118 directory enquiries), {Outside}"),
        PlanRow.Refuse("12", $"012 numbers are innovative services, {Outside}"),
        PlanRow.Refuse("137", $"0137 numbers are mass-traffic (televoting) services, {Outside}"),
        PlanRow.Refuse("138", $"0138 numbers are mass-traffic (televoting) services, {Outside}"),
        PlanRow.Refuse("15", "this 015x block is not allocated to a mobile network"),
        PlanRow.Place("150", PhoneNumberType.Mobile, "German mobile numbers (015x)", 11),
        PlanRow.Place("151", PhoneNumberType.Mobile, "German mobile numbers (015x)", 11),
        PlanRow.Place("152", PhoneNumberType.Mobile, "German mobile numbers (015x)", 11),
        PlanRow.Place("155", PhoneNumberType.Mobile, "German mobile numbers (015x)", 11),
        PlanRow.Place("156", PhoneNumberType.Mobile, "German mobile numbers (015x)", 11),
        PlanRow.Place("157", PhoneNumberType.Mobile, "German mobile numbers (015x)", 11),
        PlanRow.Place("159", PhoneNumberType.Mobile, "German mobile numbers (015x)", 11),
        PlanRow.Refuse("16", $"0164, 0168 and 0169 are paging numbers and the other 016x blocks are not allocated, {Outside}"),
        PlanRow.Place("160", PhoneNumberType.Mobile, "German mobile numbers (0160, 0162, 0163)", 10, 11),
        PlanRow.Place("162", PhoneNumberType.Mobile, "German mobile numbers (0160, 0162, 0163)", 10, 11),
        PlanRow.Place("163", PhoneNumberType.Mobile, "German mobile numbers (0160, 0162, 0163)", 10, 11),
        PlanRow.Place("17", PhoneNumberType.Mobile, "German mobile numbers (017x)", 10, 11),
        PlanRow.Refuse("180", "01800, 01808 and 01809 are not allocated service blocks"),
        PlanRow.Place("1801", PhoneNumberType.SharedCost, "German shared-cost numbers (0180)", 10),
        PlanRow.Place("1802", PhoneNumberType.SharedCost, "German shared-cost numbers (0180)", 10),
        PlanRow.Place("1803", PhoneNumberType.SharedCost, "German shared-cost numbers (0180)", 10),
        PlanRow.Place("1804", PhoneNumberType.SharedCost, "German shared-cost numbers (0180)", 10),
        PlanRow.Place("1805", PhoneNumberType.SharedCost, "German shared-cost numbers (0180)", 10),
        PlanRow.Place("1806", PhoneNumberType.SharedCost, "German shared-cost numbers (0180)", 10),
        PlanRow.Place("1807", PhoneNumberType.SharedCost, "German shared-cost numbers (0180)", 10),
        PlanRow.Refuse("181", $"0181 numbers are international virtual private networks, {Outside}"),
        PlanRow.Refuse("19", $"0190–0199 numbers are premium-rate, online or network-internal services, {Outside}"),
        // Ortsnetzrufnummern: area code and subscriber number together have at most 11 digits.
        PlanRow.Geographic("2", "German geographic numbers", 6, 7, 8, 9, 10, 11),
        PlanRow.Geographic("3", "German geographic numbers", 6, 7, 8, 9, 10, 11),
        PlanRow.Geographic("4", "German geographic numbers", 6, 7, 8, 9, 10, 11),
        PlanRow.Geographic("5", "German geographic numbers", 6, 7, 8, 9, 10, 11),
        PlanRow.Geographic("6", "German geographic numbers", 6, 7, 8, 9, 10, 11),
        PlanRow.Geographic("7", "German geographic numbers", 6, 7, 8, 9, 10, 11),
        PlanRow.Geographic("8", "German geographic numbers", 6, 7, 8, 9, 10, 11),
        PlanRow.Geographic("9", "German geographic numbers", 6, 7, 8, 9, 10, 11),
        PlanRow.Refuse("31", $"0310 and 0311 are network test numbers, {Outside}"),
        PlanRow.Place("32", PhoneNumberType.National, "German national subscriber numbers (032)", 11, 12, 13),
        PlanRow.Place("700", PhoneNumberType.National, "German personal numbers (0700)", 11),
        PlanRow.Place("800", PhoneNumberType.TollFree, "German toll-free numbers (0800)", 10),
        PlanRow.Refuse("900", $"0900 numbers are premium-rate services, {Outside}"));

    // Two-digit area codes are exactly these four.
    private static readonly int[] TwoDigitAreaCodes = [30, 40, 69, 89];

    // Every three-digit area code (ITU-T E.164 notification for Germany); all other codes have four or five digits.
    private static readonly bool[] ThreeDigitAreaCodes = PlanData.Mark(1000,
        201, 202, 203, 208, 209, 211, 212, 214, 221, 228, 231, 234, 241, 251, 261, 271, 281, 291,
        331, 335, 340, 341, 345, 351, 355, 361, 365, 371, 375, 381, 385, 391, 395,
        421, 431, 441, 451, 461, 471, 481, 491,
        511, 521, 531, 541, 551, 561, 571, 581, 591,
        611, 621, 631, 641, 651, 661, 671, 681,
        711, 721, 731, 741, 751, 761, 771, 781, 791,
        811, 821, 831, 841, 851, 861, 871, 881,
        906, 911, 921, 931, 941, 951, 961, 971, 981, 991);

    // Five-digit codes exist only in the 03 region (renumbered East German networks, 1992). There a number whose first
    // four digits are not one of these four-digit codes is under a five-digit code (e.g. 33056 Mühlenbeck).
    // Each entry: three leading digits, then the fourth digits that make a four-digit code (3301, 3302, ... 3307).
    private static readonly bool[] EastFourDigitAreaCodes = MarkBlocks(
        "330:123467", "332:12789", "333:124578", "334:1246", "336:1246", "337:125789", "338:1256", "339:145",
        "342:135", "343:1357", "344:13578", "346:1246", "347:1356", "349:1346",
        "350:14", "352:123589", "353:1357", "354:1246", "356:1234", "357:13468", "358:13568", "359:1246",
        "360:1356", "362:123489", "363:12456", "364:1347", "366:13", "367:12579", "368:12356", "369:135",
        "372:1234567", "373:1357", "374:145", "376:12345", "377:1234",
        "382:1", "383:1468", "384:1347", "386:01356789", "387:1467", "388:136",
        "390:12479", "392:1358", "393:1357", "394:134679", "396:123456789", "397:136", "398:147", "399:1468");

    public static PlanAnswer Place(NationalNumber number) => Table.Place(number);

    /// <summary>
    /// The area-code length from the structure of the plan: the four two-digit codes, the listed three-digit codes,
    /// five digits in the 03 region unless the first four digits are a listed four-digit code, four digits elsewhere.
    /// Four- and five-digit codes are not checked against the full list of about 5,200 allocated codes.
    /// </summary>
    private static int AreaCodeLength(NationalNumber number)
    {
        var two = number.Leading(2);
        foreach (var code in TwoDigitAreaCodes)
            if (two == code) return 2;
        if (ThreeDigitAreaCodes[number.Leading(3)]) return 3;
        if (two / 10 == 3) return EastFourDigitAreaCodes[number.Leading(4)] ? 4 : 5;
        return 4;
    }

    private static bool[] MarkBlocks(params string[] blocks)
    {
        var marks = new bool[10_000];
        foreach (var block in blocks)
        {
            var head = int.Parse(block.AsSpan(0, 3), System.Globalization.CultureInfo.InvariantCulture);
            foreach (var digit in block.AsSpan(4)) marks[head * 10 + (digit - '0')] = true;
        }
        return marks;
    }
}
