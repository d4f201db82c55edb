namespace NumberBlocks.Domain.Numbering.Plans;

/// <summary>
/// Australia, +61, with the external territories that share its plan (Cocos (Keeling) Islands CC, Christmas Island CX).
/// National significant numbers below are written without the trunk prefix 0.
/// </summary>
internal static class AustraliaPlan
{
    // Source: ACMA, Telecommunications Numbering Plan 2015 (geographic 02/03/07/08, mobile 04, 1800, 13/1300, 190x).
    private const string Outside = "outside the number types NumberBlocks places";

    private static readonly PlanTable Table = new("AU", "Australian", AreaCodeLength,
        PlanRow.Refuse("1", $"this 01 block (satellite, data or other special services) is {Outside}"),
        PlanRow.Place("13", PhoneNumberType.SharedCost, "Australian local-rate numbers (13)", 6),
        PlanRow.Place("1300", PhoneNumberType.SharedCost, "Australian local-rate numbers (1300)", 10),
        PlanRow.Place("1800", PhoneNumberType.TollFree, "Australian freephone numbers (1800)", 10),
        PlanRow.Refuse("190", $"190x numbers are premium-rate services, {Outside}"),
        PlanRow.Geographic("2", "Australian geographic numbers", 9),
        PlanRow.Geographic("3", "Australian geographic numbers", 9),
        PlanRow.Place("4", PhoneNumberType.Mobile, "Australian mobile numbers (04)", 9),
        PlanRow.Refuse("5", $"05 numbers (0550 location-independent, 0500 personal) are {Outside}"),
        PlanRow.Geographic("7", "Australian geographic numbers", 9),
        PlanRow.Geographic("8", "Australian geographic numbers", 9),
        PlanRow.GeographicIn("CC", "89162", "Cocos (Keeling) Islands numbers (08 9162)", 9),
        PlanRow.GeographicIn("CX", "89164", "Christmas Island numbers (08 9164)", 9));

    public static PlanAnswer Place(NationalNumber number) => Table.Place(number);

    // The area code is the one-digit state code (2 NSW/ACT, 3 VIC/TAS, 7 QLD, 8 SA/WA/NT).
    private static int AreaCodeLength(NationalNumber number) => 1;
}
