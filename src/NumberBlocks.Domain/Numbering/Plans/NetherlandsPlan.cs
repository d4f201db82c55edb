namespace NumberBlocks.Domain.Numbering.Plans;

/// <summary>The Netherlands, +31. National significant numbers below are written without the trunk prefix 0.</summary>
internal static class NetherlandsPlan
{
    // Source: ACM / Rijksoverheid, Nummerplan voor telefoon- en ISDN-diensten (netnummers, 06, 0800/090x, 084/085/087/088).
    private const string Outside = "outside the number types NumberBlocks places";

    private static readonly PlanTable Table = new("NL", "Dutch", AreaCodeLength,
        PlanRow.Geographic("1", "Dutch geographic numbers", 9),
        PlanRow.Refuse("14", $"014 numbers are municipal short numbers, {Outside}"),
        PlanRow.Geographic("2", "Dutch geographic numbers", 9),
        PlanRow.Geographic("3", "Dutch geographic numbers", 9),
        PlanRow.Geographic("4", "Dutch geographic numbers", 9),
        PlanRow.Geographic("5", "Dutch geographic numbers", 9),
        PlanRow.Geographic("7", "Dutch geographic numbers", 9),
        PlanRow.Refuse("6", "this 06 block is not allocated to mobile networks"),
        PlanRow.Place("61", PhoneNumberType.Mobile, "Dutch mobile numbers (06)", 9),
        PlanRow.Place("62", PhoneNumberType.Mobile, "Dutch mobile numbers (06)", 9),
        PlanRow.Place("63", PhoneNumberType.Mobile, "Dutch mobile numbers (06)", 9),
        PlanRow.Place("64", PhoneNumberType.Mobile, "Dutch mobile numbers (06)", 9),
        PlanRow.Place("65", PhoneNumberType.Mobile, "Dutch mobile numbers (06)", 9),
        PlanRow.Place("68", PhoneNumberType.Mobile, "Dutch mobile numbers (06)", 9),
        PlanRow.Refuse("66", $"066 numbers are paging services, {Outside}"),
        PlanRow.Refuse("67", $"067 numbers are data dial-in services, {Outside}"),
        PlanRow.Refuse("8", $"this 08 block (082 virtual private networks, unallocated blocks) is {Outside}"),
        PlanRow.Place("800", PhoneNumberType.TollFree, "Dutch toll-free numbers (0800)", 7, 10),
        PlanRow.Place("84", PhoneNumberType.National, "Dutch personal-assistance numbers (084)", 9),
        PlanRow.Place("85", PhoneNumberType.National, "Dutch location-independent numbers (085)", 9),
        PlanRow.Place("87", PhoneNumberType.National, "Dutch personal-assistance numbers (087)", 9),
        PlanRow.Place("88", PhoneNumberType.National, "Dutch company numbers (088)", 9),
        PlanRow.Refuse("9", $"09 numbers (premium-rate 0900/0906/0909, 091, 097 machine-to-machine) are {Outside}"),
        PlanRow.Refuse("900", $"0900 numbers are premium-rate services, {Outside}"),
        PlanRow.Refuse("906", $"0906 numbers are premium-rate (adult) services, {Outside}"),
        PlanRow.Refuse("909", $"0909 numbers are premium-rate (entertainment) services, {Outside}"));

    // Two-digit netnummers; every other area code has three digits.
    private static readonly bool[] TwoDigitAreaCodes = PlanData.Mark(100,
        10, 13, 15, 20, 23, 24, 26, 30, 33, 35, 36, 38, 40, 43, 45, 46, 50, 53, 55, 58, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79);

    private static readonly bool[] ThreeDigitAreaCodes = PlanData.Mark(1000,
        111, 113, 114, 115, 117, 118, 161, 162, 164, 165, 166, 167, 168, 172, 174, 180, 181, 182, 183, 184, 186, 187,
        222, 223, 224, 226, 227, 228, 229, 251, 252, 255, 294, 297, 299,
        313, 314, 315, 316, 317, 318, 320, 321, 341, 342, 343, 344, 345, 346, 347, 348,
        411, 412, 413, 416, 418, 475, 478, 481, 485, 486, 487, 488, 492, 493, 495, 497, 499,
        511, 512, 513, 514, 515, 516, 517, 518, 519, 521, 522, 523, 524, 525, 527, 528, 529,
        541, 543, 544, 545, 546, 547, 548, 561, 562, 566, 570, 571, 572, 573, 575, 577, 578,
        591, 592, 593, 594, 595, 596, 597, 598, 599);

    public static PlanAnswer Place(NationalNumber number) => Table.Place(number);

    private static int AreaCodeLength(NationalNumber number) =>
        TwoDigitAreaCodes[number.Leading(2)] ? 2 : ThreeDigitAreaCodes[number.Leading(3)] ? 3 : 0;
}
