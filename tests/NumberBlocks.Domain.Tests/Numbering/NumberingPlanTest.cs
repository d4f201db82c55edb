using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Tests.Numbering;

public class NumberingPlanTest
{
    private const string Pointer = "/phone_number_blocks/0/starting_number";

    private static Result<NumberPlacement> Place(string text) => NumberingPlan.Place(E164Number.Parse(text, "/x").Value, Pointer);

    private static void AssertPlaced(string text, string country, int callingCode, PhoneNumberType type, string? areaCode)
    {
        var result = Place(text);
        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Detail : "");
        Assert.Equal(new NumberPlacement(country, callingCode, type, areaCode), result.Value);
    }

    private static void AssertRefused(string text, string because)
    {
        var result = Place(text);
        Assert.True(result.IsFailure, $"{text} placed as {(result.IsSuccess ? result.Value : null)}");
        Assert.Equal(ErrorCodes.UnknownNumberingPlan, result.FirstError.Code);
        Assert.Equal(Pointer, result.FirstError.Pointer);
        Assert.Contains(text, result.FirstError.Detail, StringComparison.Ordinal);
        Assert.Contains(because, result.FirstError.Detail, StringComparison.Ordinal);
    }

    // --- Seeds ---

    [Theory]
    [InlineData("+4920123456000")]
    [InlineData("+4920123456099")]
    public void Place_SeedEssenNumbers_AreLocalInDEUnder201(string text) =>
        AssertPlaced(text, "DE", 49, PhoneNumberType.Local, "201");

    [Theory]
    [InlineData("+4930244999901")]
    [InlineData("+4930244999910")]
    public void Place_SeedBerlinNumbers_AreLocalInDEUnder30(string text) =>
        AssertPlaced(text, "DE", 49, PhoneNumberType.Local, "30");

    [Fact]
    public void Place_EverySeedNumber_IsGermanLocal()
    {
        var ranges = new[] { (4920123456000L, 4920123456099L), (4930244999901L, 4930244999910L) };
        foreach (var (start, end) in ranges)
            foreach (var number in NumberRange.Of(E164Number.FromValue(start), E164Number.FromValue(end)).Numbers())
            {
                var result = NumberingPlan.Place(number, Pointer);
                Assert.True(result.IsSuccess);
                Assert.Equal(("DE", PhoneNumberType.Local), (result.Value.CountryCode, result.Value.Type));
            }
    }

    // --- Germany ---

    [Theory]
    [InlineData("+4930123456", "30")]          // Berlin
    [InlineData("+494012345678", "40")]        // Hamburg
    [InlineData("+4969123456", "69")]          // Frankfurt am Main
    [InlineData("+498912345678", "89")]        // München
    [InlineData("+49211123456", "211")]        // Düsseldorf
    [InlineData("+4922112345678", "221")]      // Köln
    [InlineData("+49341123456", "341")]        // Leipzig
    [InlineData("+49906123456", "906")]        // Donauwörth
    [InlineData("+4920411234567", "2041")]     // Bottrop
    [InlineData("+4946511234", "4651")]        // Sylt
    [InlineData("+4933011234567", "3301")]     // Oranienburg
    [InlineData("+4934211234567", "3421")]     // Torgau
    [InlineData("+49330561234", "33056")]      // Mühlenbeck
    [InlineData("+49383011234", "38301")]      // Putbus (five-digit code in 03)
    public void Place_GermanGeographicNumber_IsLocalInDEWithAreaCode(string text, string areaCode) =>
        AssertPlaced(text, "DE", 49, PhoneNumberType.Local, areaCode);

    [Fact]
    public void Place_GermanBerlinNumber_IsLocalInDE() =>
        AssertPlaced("+493012345678", "DE", 49, PhoneNumberType.Local, "30");

    [Theory]
    [InlineData("+4915112345678")]   // 0151, 11 digits
    [InlineData("+4915712345678")]
    [InlineData("+491601234567")]    // 0160, 10 digits
    [InlineData("+491701234567")]    // 0170, 10 digits
    [InlineData("+4917612345678")]   // 0176, 11 digits
    public void Place_GermanMobileNumber_IsMobileWithoutAreaCode(string text) =>
        AssertPlaced(text, "DE", 49, PhoneNumberType.Mobile, null);

    [Theory]
    [InlineData("+498001234567", PhoneNumberType.TollFree)]
    [InlineData("+498003301000", PhoneNumberType.TollFree)]
    [InlineData("+491801234567", PhoneNumberType.SharedCost)]
    [InlineData("+491805123456", PhoneNumberType.SharedCost)]
    [InlineData("+4932212345678", PhoneNumberType.National)]
    [InlineData("+4932123456789", PhoneNumberType.National)]
    [InlineData("+4970012345678", PhoneNumberType.National)]
    [InlineData("+4970087654321", PhoneNumberType.National)]
    public void Place_GermanServiceNumber_HasItsTypeAndNoAreaCode(string text, PhoneNumberType type) =>
        AssertPlaced(text, "DE", 49, type, null);

    [Theory]
    [InlineData("+4990012345678", "premium-rate")]
    [InlineData("+4990031234567", "premium-rate")]
    [InlineData("+491371234567", "mass-traffic")]
    [InlineData("+491188012345", "directory enquiries")]
    [InlineData("+491641234567", "paging")]
    [InlineData("+4931012345678", "test")]
    [InlineData("+491901234567", "premium-rate")]
    [InlineData("+4918001234567", "not allocated")]
    [InlineData("+4915312345678", "not allocated")]
    [InlineData("+49123456789", "innovative")]
    public void Place_GermanNumberOutsideTheTypes_IsRefused(string text, string because) => AssertRefused(text, because);

    [Theory]
    [InlineData("+491511234567", "11 digits")]       // 015x with 10 digits
    [InlineData("+49170123456", "10 or 11 digits")]  // 017x with 9 digits
    [InlineData("+49800123456", "10 digits")]
    [InlineData("+49301234567890", "this one has 12")]
    [InlineData("+4930123", "this one has 5")]
    public void Place_GermanNumberOfWrongLength_IsRefused(string text, string because) => AssertRefused(text, because);

    // --- Netherlands ---

    [Theory]
    [InlineData("+31201234567", "20")]    // Amsterdam
    [InlineData("+31101234567", "10")]    // Rotterdam
    [InlineData("+31701234567", "70")]    // Den Haag
    [InlineData("+31118123456", "118")]   // Middelburg
    [InlineData("+31182123456", "182")]   // Gouda
    [InlineData("+31599123456", "599")]   // Stadskanaal
    public void Place_DutchGeographicNumber_IsLocalInNLWithAreaCode(string text, string areaCode) =>
        AssertPlaced(text, "NL", 31, PhoneNumberType.Local, areaCode);

    [Theory]
    [InlineData("+31612345678", PhoneNumberType.Mobile)]
    [InlineData("+31687654321", PhoneNumberType.Mobile)]
    [InlineData("+318001234", PhoneNumberType.TollFree)]
    [InlineData("+318001234567", PhoneNumberType.TollFree)]
    [InlineData("+31851234567", PhoneNumberType.National)]
    [InlineData("+31881234567", PhoneNumberType.National)]
    [InlineData("+31841234567", PhoneNumberType.National)]
    [InlineData("+31871234567", PhoneNumberType.National)]
    public void Place_DutchNonGeographicNumber_HasItsType(string text, PhoneNumberType type) =>
        AssertPlaced(text, "NL", 31, type, null);

    [Theory]
    [InlineData("+31661234567", "paging")]
    [InlineData("+319001234567", "premium-rate")]
    [InlineData("+319061234", "premium-rate")]
    [InlineData("+319091234567", "premium-rate")]
    [InlineData("+31119123456", "not under an allocated area code")]
    [InlineData("+31140123456", "municipal")]
    [InlineData("+3120123456", "this one has 8")]
    [InlineData("+3161234567890", "this one has 11")]
    [InlineData("+3180012345", "7 or 10 digits")]
    public void Place_DutchNumberOutsideThePlan_IsRefused(string text, string because) => AssertRefused(text, because);

    // --- United Kingdom ---

    [Theory]
    [InlineData("+442079460000", "GB", "20")]      // London
    [InlineData("+442920123456", "GB", "29")]      // Cardiff
    [InlineData("+441214960000", "GB", "121")]     // Birmingham
    [InlineData("+441314960000", "GB", "131")]     // Edinburgh
    [InlineData("+441134960000", "GB", "113")]     // Leeds
    [InlineData("+441223456789", "GB", "1223")]    // Cambridge
    [InlineData("+44169772345", "GB", "16977")]    // Brampton, nine digits
    [InlineData("+441481123456", "GG", "1481")]    // Guernsey
    [InlineData("+441624123456", "IM", "1624")]    // Isle of Man
    public void Place_UkGeographicNumber_IsLocalWithAreaCode(string text, string country, string areaCode) =>
        AssertPlaced(text, country, 44, PhoneNumberType.Local, areaCode);

    [Theory]
    [InlineData("+447700900123", "GB", PhoneNumberType.Mobile)]
    [InlineData("+447911123456", "GB", PhoneNumberType.Mobile)]
    [InlineData("+447624123456", "IM", PhoneNumberType.Mobile)]
    [InlineData("+443001234567", "GB", PhoneNumberType.National)]
    [InlineData("+443331234567", "GB", PhoneNumberType.National)]
    [InlineData("+448001234567", "GB", PhoneNumberType.TollFree)]
    [InlineData("+44800123456", "GB", PhoneNumberType.TollFree)]
    [InlineData("+448081234567", "GB", PhoneNumberType.TollFree)]
    [InlineData("+448441234567", "GB", PhoneNumberType.SharedCost)]
    [InlineData("+448701234567", "GB", PhoneNumberType.SharedCost)]
    public void Place_UkNonGeographicNumber_HasItsType(string text, string country, PhoneNumberType type) =>
        AssertPlaced(text, country, 44, type, null);

    [Theory]
    [InlineData("+447012345678", "personal")]
    [InlineData("+447612345678", "pagers")]
    [InlineData("+449091234567", "premium-rate")]
    [InlineData("+449831234567", "premium-rate")]
    [InlineData("+441711234567", "not under an allocated area code")]
    [InlineData("+442112345678", "not under an allocated area code")]
    [InlineData("+443101234567", "not allocated")]
    [InlineData("+44207946000", "this one has 9")]
    [InlineData("+4477009001234", "this one has 11")]
    public void Place_UkNumberOutsideThePlan_IsRefused(string text, string because) => AssertRefused(text, because);

    // --- NANP ---

    [Theory]
    [InlineData("+12124561234", "US", "212")]   // New York
    [InlineData("+12024561111", "US", "202")]   // Washington DC
    [InlineData("+13102345678", "US", "310")]   // Los Angeles
    [InlineData("+14163921234", "CA", "416")]   // Toronto
    [InlineData("+16046811234", "CA", "604")]   // Vancouver
    [InlineData("+15148721234", "CA", "514")]   // Montréal
    [InlineData("+18672345678", "CA", "867")]   // Northern Canada
    public void Place_NanpGeographicNumber_IsLocalInUsOrCanada(string text, string country, string areaCode) =>
        AssertPlaced(text, country, 1, PhoneNumberType.Local, areaCode);

    [Theory]
    [InlineData("+18002752273")]
    [InlineData("+18884241234")]
    [InlineData("+18332345678")]
    public void Place_NanpTollFreeNumber_IsTollFree(string text) =>
        AssertPlaced(text, "US", 1, PhoneNumberType.TollFree, null);

    [Theory]
    [InlineData("+19002345678", "premium-rate")]
    [InlineData("+14112345678", "N11")]
    [InlineData("+10123456789", "start with 2–9")]
    [InlineData("+11234567890", "start with 2–9")]
    [InlineData("+12125550123", "fictitious")]
    [InlineData("+12121234567", "exchange code")]
    [InlineData("+12124111234", "N11")]
    [InlineData("+12912345678", "reserved")]
    [InlineData("+15002345678", "personal-communications")]
    [InlineData("+18769251234", "Jamaica (JM)")]
    [InlineData("+17877211234", "Puerto Rico (PR)")]
    [InlineData("+1212456123", "this one has 9")]
    [InlineData("+121245612345", "this one has 11")]
    public void Place_NanpNumberOutsideThePlan_IsRefused(string text, string because) => AssertRefused(text, because);

    [Theory]
    [InlineData("US", true)]
    [InlineData("CA", true)]
    [InlineData("JM", false)]
    [InlineData("PR", false)]
    [InlineData("DE", false)]
    [InlineData("us", false)]
    public void IsNanp_CountryCode_IsTrueOnlyForPlacedNanpCountries(string countryCode, bool expected) =>
        Assert.Equal(expected, NumberingPlan.IsNanp(countryCode));

    // --- Australia ---

    [Theory]
    [InlineData("+61292501234", "AU", "2")]   // Sydney
    [InlineData("+61262701234", "AU", "2")]   // Canberra
    [InlineData("+61396541234", "AU", "3")]   // Melbourne
    [InlineData("+61733331234", "AU", "7")]   // Brisbane
    [InlineData("+61892221234", "AU", "8")]   // Perth
    [InlineData("+61891621234", "CC", "8")]   // Cocos (Keeling) Islands
    [InlineData("+61891641234", "CX", "8")]   // Christmas Island
    public void Place_AustralianGeographicNumber_IsLocalWithStateCode(string text, string country, string areaCode) =>
        AssertPlaced(text, country, 61, PhoneNumberType.Local, areaCode);

    [Theory]
    [InlineData("+61412345678", PhoneNumberType.Mobile)]
    [InlineData("+61491570156", PhoneNumberType.Mobile)]
    [InlineData("+611800123456", PhoneNumberType.TollFree)]
    [InlineData("+611800654321", PhoneNumberType.TollFree)]
    [InlineData("+611300123456", PhoneNumberType.SharedCost)]
    [InlineData("+61131450", PhoneNumberType.SharedCost)]
    [InlineData("+61132221", PhoneNumberType.SharedCost)]
    public void Place_AustralianNonGeographicNumber_HasItsType(string text, PhoneNumberType type) =>
        AssertPlaced(text, "AU", 61, type, null);

    [Theory]
    [InlineData("+611900123456", "premium-rate")]
    [InlineData("+611902123456", "premium-rate")]
    [InlineData("+61550123456", "location-independent")]
    [InlineData("+6129250123", "this one has 8")]
    [InlineData("+6141234567890", "this one has 11")]
    [InlineData("+61130012", "this one has 6")]
    public void Place_AustralianNumberOutsideThePlan_IsRefused(string text, string because) => AssertRefused(text, because);

    // --- Other calling codes ---

    [Theory]
    [InlineData("+33123456789", "+33 ")]
    [InlineData("+74951234567", "+7 ")]
    [InlineData("+35312345678", "+353 ")]
    [InlineData("+8613912345678", "+86 ")]
    [InlineData("+2101234567", "+210 ")]
    public void Place_OtherCallingCode_IsRefusedNamingTheCode(string text, string callingCode) =>
        AssertRefused(text, $"country calling code {callingCode}");

    // --- Robustness ---

    [Fact]
    public void Place_RandomNumbers_PlaceOrFailWithCodeAndPointerButNeverThrow()
    {
        var random = new Random(20_240_601);
        string[] heads = ["1", "31", "44", "49", "61", ""];
        var placed = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var length = random.Next(E164Number.MinDigits, E164Number.MaxDigits + 1);
            var head = heads[random.Next(heads.Length)];
            var digits = new char[length];
            for (var d = 0; d < length; d++)
                digits[d] = d < head.Length ? head[d] : (char)('0' + random.Next(d == 0 ? 1 : 0, 10));
            var number = E164Number.Parse("+" + new string(digits), "/x").Value;

            var result = NumberingPlan.Place(number, Pointer);

            if (result.IsSuccess)
            {
                placed++;
                var placement = result.Value;
                Assert.Equal(2, placement.CountryCode.Length);
                Assert.StartsWith(placement.CallingCode.ToString(System.Globalization.CultureInfo.InvariantCulture), number.Digits, StringComparison.Ordinal);
                Assert.True(Enum.IsDefined(placement.Type));
                Assert.Equal(placement.Type == PhoneNumberType.Local, placement.AreaCode is not null);
            }
            else
            {
                Assert.Equal(ErrorCodes.UnknownNumberingPlan, result.FirstError.Code);
                Assert.Equal(Pointer, result.FirstError.Pointer);
                Assert.Contains(number.ToString(), result.FirstError.Detail, StringComparison.Ordinal);
            }
        }
        Assert.InRange(placed, 100, 9_900);  // the generator reaches both outcomes
    }

    [Fact]
    public void Place_SameNumberTwice_GivesEqualPlacements() =>
        Assert.Equal(Place("+4930244999901").Value, Place("+4930244999901").Value);

    // --- Wire names ---

    [Theory]
    [InlineData(PhoneNumberType.Local, "local")]
    [InlineData(PhoneNumberType.Mobile, "mobile")]
    [InlineData(PhoneNumberType.National, "national")]
    [InlineData(PhoneNumberType.SharedCost, "shared_cost")]
    [InlineData(PhoneNumberType.TollFree, "toll_free")]
    [InlineData(PhoneNumberType.Landline, "landline")]
    public void ToWire_EachType_IsTheTelnyxNameAndParsesBack(PhoneNumberType type, string wire)
    {
        Assert.Equal(wire, type.ToWire());
        Assert.True(PhoneNumberTypes.TryParseWire(wire, out var parsed));
        Assert.Equal(type, parsed);
        Assert.Contains(wire, PhoneNumberTypes.WireNames);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mobile")]
    [InlineData(" mobile")]
    [InlineData("tollfree")]
    [InlineData("toll-free")]
    [InlineData("1")]
    public void TryParseWire_AnythingButExactName_IsRefused(string? text) =>
        Assert.False(PhoneNumberTypes.TryParseWire(text, out _));

    [Fact]
    public void ToWire_UndefinedValue_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((PhoneNumberType)42).ToWire());

    [Fact]
    public void WireNames_ListEveryTypeOnce() =>
        Assert.Equal(Enum.GetValues<PhoneNumberType>().Length, PhoneNumberTypes.WireNames.Distinct().Count());
}
