using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Tests.Numbering;

public class NumberingPlanTest
{
    private const string Pointer = "/phone_number_blocks/0/starting_number";

    private static E164Number Number(string text) => E164Number.Parse(text, "/x").Value;

    private static Result<NumberPlacement> Place(string text) => NumberingPlan.Place(Number(text), Pointer);

    private static void AssertPlaced(string text, string country, int callingCode, PhoneNumberType type, string? areaCode = null)
    {
        var result = Place(text);
        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Detail : "");
        Assert.Equal(new NumberPlacement(country, callingCode, type), result.Value);
        Assert.Equal(areaCode, NumberingPlan.AreaCode(Number(text)));
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

    [Theory]
    [InlineData("+493024499995010")]    // 13 digits: +49 30 244999950 with direct-dial extension 10
    [InlineData("+492012345650099")]    // 13 digits after +49, the most E.164 allows here
    public void Place_GermanNumberWithDirectDialExtension_IsLocal(string text) =>
        AssertPlaced(text, "DE", 49, PhoneNumberType.Local, text.StartsWith("+4930", StringComparison.Ordinal) ? "30" : "201");

    [Theory]
    [InlineData("+4920711234567")]   // 0207x is not allocated
    [InlineData("+4927011234567")]   // 0270x is not allocated
    [InlineData("+4920011234567")]
    public void Place_GermanNumberUnderUnallocatedAreaCode_IsRefused(string text) =>
        AssertRefused(text, "not valid in the numbering plan of Germany (DE, +49)");

    [Theory]
    [InlineData("+4915112345678")]   // 0151, 11 digits
    [InlineData("+4915712345678")]
    [InlineData("+491601234567")]    // 0160, 10 digits
    [InlineData("+491701234567")]    // 0170, 10 digits
    [InlineData("+4917612345678")]   // 0176, 11 digits
    public void Place_GermanMobileNumber_IsMobileWithoutAreaCode(string text) =>
        AssertPlaced(text, "DE", 49, PhoneNumberType.Mobile);

    [Theory]
    [InlineData("+498001234567", PhoneNumberType.TollFree)]
    [InlineData("+498003301000", PhoneNumberType.TollFree)]
    [InlineData("+491801234567", PhoneNumberType.SharedCost)]
    [InlineData("+491805123456", PhoneNumberType.SharedCost)]
    [InlineData("+4918001234567", PhoneNumberType.SharedCost)]   // 13-digit 0180
    [InlineData("+491371234567", PhoneNumberType.SharedCost)]    // 0137 televoting
    [InlineData("+4932212345678", PhoneNumberType.National)]     // policy de-032-national
    [InlineData("+4932123456789", PhoneNumberType.National)]
    [InlineData("+4970012345678", PhoneNumberType.PersonalNumber)]
    [InlineData("+4970087654321", PhoneNumberType.PersonalNumber)]
    [InlineData("+499001234567", PhoneNumberType.PremiumRate)]
    [InlineData("+491641234567", PhoneNumberType.Pager)]
    [InlineData("+491771234567", PhoneNumberType.Mobile)]
    public void Place_GermanServiceNumber_HasItsTypeAndNoAreaCode(string text, PhoneNumberType type) =>
        AssertPlaced(text, "DE", 49, type);

    [Theory]
    [InlineData("+4990012345678", "no number range")]      // 0900 with a digit too many
    [InlineData("+491188012345", "no number range")]
    [InlineData("+4931012345678", "no number range")]       // 0310 network test numbers
    [InlineData("+4915312345678", "no number range")]
    [InlineData("+49123456789", "no number range")]
    [InlineData("+491511234567", "no number range")]        // 015x with 10 digits
    [InlineData("+49800123456", "no number range")]
    public void Place_GermanNumberOutsideThePlan_IsRefused(string text, string because) => AssertRefused(text, because);

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
    [InlineData("+31851234567", PhoneNumberType.Voip)]
    [InlineData("+31881234567", PhoneNumberType.Uan)]
    [InlineData("+31841234567", PhoneNumberType.Uan)]
    [InlineData("+31661234567", PhoneNumberType.Pager)]
    [InlineData("+319001234567", PhoneNumberType.PremiumRate)]
    public void Place_DutchNonGeographicNumber_HasItsType(string text, PhoneNumberType type) =>
        AssertPlaced(text, "NL", 31, type);

    // --- United Kingdom and the Crown Dependencies ---

    [Theory]
    [InlineData("+442079461234", "GB", "20")]      // London
    [InlineData("+442920123456", "GB", "29")]      // Cardiff
    [InlineData("+441214961000", "GB", "121")]     // Birmingham
    [InlineData("+441223456789", "GB", "1223")]    // Cambridge
    [InlineData("+44169772345", "GB", "16977")]    // Brampton, nine digits
    [InlineData("+441481256789", "GG", "1481")]    // Guernsey
    [InlineData("+441534456789", "JE", "1534")]    // Jersey
    public void Place_UkGeographicNumber_IsLocalWithAreaCode(string text, string country, string areaCode) =>
        AssertPlaced(text, country, 44, PhoneNumberType.Local, areaCode);

    [Theory]
    [InlineData("+447911123456", "GG")]   // 07911 is Guernsey's, not the UK's
    [InlineData("+447781123456", "GG")]
    [InlineData("+447797123456", "JE")]
    [InlineData("+447624123456", "IM")]
    [InlineData("+447400123456", "GB")]
    public void Place_UkAndCrownDependencyMobile_IsInItsOwnCountry(string text, string country) =>
        AssertPlaced(text, country, 44, PhoneNumberType.Mobile);

    [Theory]
    [InlineData("+443001234567", PhoneNumberType.Uan)]
    [InlineData("+448001234567", PhoneNumberType.TollFree)]
    [InlineData("+44800123456", PhoneNumberType.TollFree)]
    [InlineData("+448081234567", PhoneNumberType.TollFree)]
    [InlineData("+448441234567", PhoneNumberType.PremiumRate)]
    [InlineData("+449091234567", PhoneNumberType.PremiumRate)]
    [InlineData("+447012345678", PhoneNumberType.PersonalNumber)]
    [InlineData("+447640123456", PhoneNumberType.Pager)]
    public void Place_UkNonGeographicNumber_HasItsType(string text, PhoneNumberType type) =>
        AssertPlaced(text, "GB", 44, type);

    [Theory]
    [InlineData("+442079460000")]   // 020 7946 0xxx
    [InlineData("+441134960999")]   // 0113 496 0xxx
    [InlineData("+441914980123")]   // 0191 498 0xxx
    [InlineData("+448081570000")]   // 08081 570xxx
    [InlineData("+443069990500")]   // 03069 990xxx
    public void Place_OfcomDramaNumber_IsRefusedByPolicy(string text) => AssertRefused(text, "Ofcom");

    [Theory]
    [InlineData("+441624123456", "Isle of Man (IM, +44)")]
    [InlineData("+447700900123", "any of the 4 countries and territories sharing +44")]
    [InlineData("+441711234567", "sharing +44")]
    public void Place_UkNumberOutsideThePlan_IsRefused(string text, string because) => AssertRefused(text, because);

    // --- NANP ---

    [Theory]
    [InlineData("+12124561234", "US", "212")]   // New York
    [InlineData("+12024561111", "US", "202")]   // Washington DC
    [InlineData("+13102345678", "US", "310")]   // Los Angeles
    [InlineData("+13035550001", "US", "303")]   // 555 outside 0100-0199 is assignable (Telnyx's samples use it)
    [InlineData("+14163921234", "CA", "416")]   // Toronto
    [InlineData("+16046811234", "CA", "604")]   // Vancouver
    [InlineData("+18672345678", "CA", "867")]   // Northern Canada
    [InlineData("+12732345678", "CA", "273")]   // Ontario's overlay, Canadian since 2023
    [InlineData("+17877211234", "PR", "787")]   // Puerto Rico
    public void Place_NanpGeographicNumber_IsFixedLineOrMobileInItsCountry(string text, string country, string areaCode) =>
        AssertPlaced(text, country, 1, PhoneNumberType.FixedLineOrMobile, areaCode);

    [Fact]
    public void Place_JamaicanNumber_IsJamaicanLocal() => AssertPlaced("+18769251234", "JM", 1, PhoneNumberType.Local, "876");

    [Theory]
    [InlineData("+18002752273", PhoneNumberType.TollFree)]
    [InlineData("+18884241234", PhoneNumberType.TollFree)]
    [InlineData("+19002345678", PhoneNumberType.PremiumRate)]
    [InlineData("+15002345678", PhoneNumberType.PersonalNumber)]
    public void Place_NanpNonGeographicNumber_HasItsType(string text, PhoneNumberType type) =>
        AssertPlaced(text, "US", 1, type);

    [Theory]
    [InlineData("+12125550100", "fictitious")]
    [InlineData("+12125550199", "fictitious")]
    [InlineData("+12124111234", "N11")]
    [InlineData("+12129111234", "N11")]
    [InlineData("+12912345678", "sharing +1")]    // unassigned area code
    [InlineData("+14112345678", "sharing +1")]
    [InlineData("+10123456789", "sharing +1")]
    [InlineData("+1212456123", "10 digits after +1, this one has 9")]
    [InlineData("+121245612345", "this one has 11")]
    public void Place_NanpNumberOutsideThePlan_IsRefused(string text, string because) => AssertRefused(text, because);

    [Theory]
    [InlineData("US", true)]
    [InlineData("CA", true)]
    [InlineData("JM", true)]
    [InlineData("PR", true)]
    [InlineData("DE", false)]
    [InlineData("us", false)]
    [InlineData("ZZ", false)]
    public void IsNanp_CountryCode_IsTrueForEveryCountryOfPlusOne(string countryCode, bool expected) =>
        Assert.Equal(expected, NumberingPlan.IsNanp(countryCode));

    // --- Australia ---

    [Theory]
    [InlineData("+61292501234", "AU", "2")]   // Sydney
    [InlineData("+61396541234", "AU", "3")]   // Melbourne
    [InlineData("+61891621234", "CC", "8")]   // Cocos (Keeling) Islands
    [InlineData("+61891641234", "CX", "8")]   // Christmas Island
    public void Place_AustralianGeographicNumber_IsLocalWithStateCode(string text, string country, string areaCode) =>
        AssertPlaced(text, country, 61, PhoneNumberType.Local, areaCode);

    [Theory]
    [InlineData("+61412345678", PhoneNumberType.Mobile)]
    [InlineData("+611800123456", PhoneNumberType.TollFree)]
    [InlineData("+611300123456", PhoneNumberType.SharedCost)]
    [InlineData("+61131450", PhoneNumberType.SharedCost)]
    [InlineData("+611900123456", PhoneNumberType.PremiumRate)]
    public void Place_AustralianNonGeographicNumber_HasItsType(string text, PhoneNumberType type) =>
        AssertPlaced(text, "AU", 61, type);

    // --- Every other country ---

    [Theory]
    [InlineData("+33123456789", "FR", PhoneNumberType.Local)]
    [InlineData("+33612345678", "FR", PhoneNumberType.Mobile)]
    [InlineData("+34912345678", "ES", PhoneNumberType.Local)]
    [InlineData("+390212345678", "IT", PhoneNumberType.Local)]     // Milan: the leading 0 is part of the number
    [InlineData("+393123456789", "IT", PhoneNumberType.Mobile)]
    [InlineData("+32470123456", "BE", PhoneNumberType.Mobile)]
    [InlineData("+43122345678", "AT", PhoneNumberType.Local)]
    [InlineData("+41441234567", "CH", PhoneNumberType.Local)]
    [InlineData("+4681234567", "SE", PhoneNumberType.Local)]
    [InlineData("+4721234567", "NO", PhoneNumberType.Local)]
    [InlineData("+4532123456", "DK", PhoneNumberType.FixedLineOrMobile)]
    [InlineData("+48221234567", "PL", PhoneNumberType.Local)]
    [InlineData("+35312345678", "IE", PhoneNumberType.Local)]
    [InlineData("+81312345678", "JP", PhoneNumberType.Local)]
    [InlineData("+5511987654321", "BR", PhoneNumberType.Mobile)]
    [InlineData("+74951234567", "RU", PhoneNumberType.Local)]
    [InlineData("+8613912345678", "CN", PhoneNumberType.Mobile)]
    public void Place_NumberOfAnotherCountry_IsPlaced(string text, string country, PhoneNumberType type)
    {
        var result = Place(text);
        Assert.True(result.IsSuccess, result.IsFailure ? result.FirstError.Detail : "");
        Assert.Equal((country, type), (result.Value.CountryCode, result.Value.Type));
    }

    [Theory]
    [InlineData("+80012345678", "+800")]   // International Freephone
    [InlineData("+88213456789", "+882")]   // international networks
    public void Place_GlobalServiceNumber_IsRefusedByPolicy(string text, string code) =>
        AssertRefused(text, $"not to a country, and porting orders, stock and number requests are per country ({code})");

    [Theory]
    [InlineData("+2101234567", "no country has +2, +21 or +210")]
    [InlineData("+99988800000", "no country has +9, +99 or +999")]
    public void Place_NumberWithoutCallingCode_IsRefusedNamingTheDigits(string text, string because) => AssertRefused(text, because);

    [Fact]
    public void Countries_AreAllOfLibphonenumbersRegions()
    {
        Assert.Equal(PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Order(StringComparer.Ordinal), NumberingPlan.Countries);
        Assert.True(NumberingPlan.Countries.Count > 240);
        Assert.All(NumberingPlan.Countries, c => Assert.True(NumberingPlan.IsKnownCountry(c)));
        Assert.False(NumberingPlan.IsKnownCountry("ZZ"));
        Assert.False(NumberingPlan.IsKnownCountry("001"));
    }

    // --- Ranges ---

    private static Result<NumberPlacement> PlaceRange(string start, string end) =>
        NumberingPlan.PlaceRange(NumberRange.Of(Number(start), Number(end)), "/start", "/end");

    [Fact]
    public void PlaceRange_TenMillionNumbersOfOneAreaCode_IsOnePlacement()
    {
        var result = PlaceRange("+4920110000000", "+4920119999999");
        Assert.True(result.IsSuccess);
        Assert.Equal(new NumberPlacement("DE", 49, PhoneNumberType.Local), result.Value);
    }

    [Fact]
    public void PlaceRange_AcrossTheGuernseyMobileBlock_NamesTheFirstGuernseyNumber()
    {
        var result = PlaceRange("+447911099990", "+447911100009");
        Assert.Equal(ErrorCodes.BlockMixedPlan, result.FirstError.Code);
        Assert.Equal("/end", result.FirstError.Pointer);
        Assert.Contains("+447911099990 is GB mobile, but +447911100000, the first number that differs, is GG mobile", result.FirstError.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PlaceRange_IntoAnN11Exchange_NamesTheFirstRefusedNumber()
    {
        var result = PlaceRange("+12122109990", "+12122110009");
        Assert.Equal(ErrorCodes.UnknownNumberingPlan, result.FirstError.Code);
        Assert.Equal("/end", result.FirstError.Pointer);
        Assert.Contains("the first is +12122110000", result.FirstError.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PlaceRange_StartingOutsideThePlan_IsRefusedAtTheStart()
    {
        var result = PlaceRange("+4920011234500", "+4920011234599");
        Assert.Equal((ErrorCodes.UnknownNumberingPlan, "/start"), (result.FirstError.Code, result.FirstError.Pointer));
    }

    [Fact]
    public void PlaceRange_AcrossCallingCodes_NamesTheFirstNumberOfTheNextCode()
    {
        var result = PlaceRange("+79999999990", "+80000000009");   // Russian mobiles, then International Freephone
        Assert.Equal((ErrorCodes.UnknownNumberingPlan, "/end"), (result.FirstError.Code, result.FirstError.Pointer));
        Assert.Contains("the first is +80000000000", result.FirstError.Detail, StringComparison.Ordinal);
    }

    // --- Robustness ---

    [Fact]
    public void Place_RandomNumbers_PlaceOrFailWithCodeAndPointerButNeverThrow()
    {
        var random = new Random(20_240_601);
        string[] heads = ["1", "31", "44", "49", "61", "33", "39", "86", ""];
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
                Assert.True(NumberingPlan.IsKnownCountry(placement.CountryCode));
                Assert.Equal(placement.CallingCode, NumberingPlan.CallingCodeOf(placement.CountryCode));
                Assert.StartsWith(placement.CallingCode.ToString(System.Globalization.CultureInfo.InvariantCulture), number.Digits, StringComparison.Ordinal);
                Assert.True(Enum.IsDefined(placement.Type));
                if (NumberingPlan.AreaCode(number) is { } areaCode)
                    Assert.StartsWith(placement.CallingCode + areaCode, number.Digits, StringComparison.Ordinal);
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

    // --- Geography ---

    [Theory]
    [InlineData("+4920123456000", "Essen", null)]
    [InlineData("+442079461234", "London", null)]
    [InlineData("+16502530000", "Mountain View", "CA")]
    [InlineData("+12012345678", null, "New Jersey")]
    [InlineData("+14163921234", "Toronto", "ON")]
    public void Locate_GeographicNumber_GivesCityAndNanpRegion(string text, string? city, string? region) =>
        Assert.Equal(new Locality(city, region), NumberGeography.Locate(Number(text)));

    [Theory]
    [InlineData("+4915112345678")]   // mobile
    [InlineData("+498001234567")]    // toll-free
    [InlineData("+4920011234567")]   // not in the plan
    public void Locate_NonGeographicOrUnplaceableNumber_IsNull(string text) => Assert.Null(NumberGeography.Locate(Number(text)));

    // --- Wire names ---

    [Theory]
    [InlineData(PhoneNumberType.Local, "local", "local")]
    [InlineData(PhoneNumberType.Mobile, "mobile", "mobile")]
    [InlineData(PhoneNumberType.National, "national", "national")]
    [InlineData(PhoneNumberType.SharedCost, "shared_cost", "shared_cost")]
    [InlineData(PhoneNumberType.TollFree, "toll_free", "toll_free")]
    [InlineData(PhoneNumberType.Landline, "landline", "landline")]
    [InlineData(PhoneNumberType.PremiumRate, "premium_rate", "national")]
    [InlineData(PhoneNumberType.Voip, "voip", "national")]
    [InlineData(PhoneNumberType.PersonalNumber, "personal_number", "national")]
    [InlineData(PhoneNumberType.Uan, "uan", "national")]
    [InlineData(PhoneNumberType.Pager, "pager", "mobile")]
    [InlineData(PhoneNumberType.Voicemail, "voicemail", "mobile")]
    public void ToWire_EachType_HasItsNameThatParsesBackAndATelnyxName(PhoneNumberType type, string wire, string telnyx)
    {
        Assert.Equal(wire, type.ToWire());
        Assert.True(PhoneNumberTypes.TryParseWire(wire, out var parsed));
        Assert.Equal(type, parsed);
        Assert.Contains(wire, PhoneNumberTypes.WireNames);
        Assert.Equal(telnyx, type.ToTelnyx());
        Assert.Contains(telnyx, PhoneNumberTypes.TelnyxNames);
        Assert.Equal(telnyx, PhoneNumberTypes.TelnyxNameOf(wire));
        Assert.Contains(wire, PhoneNumberTypes.WireNamesForTelnyx(telnyx));
    }

    [Fact]
    public void ToWire_FixedLineOrMobile_IsLocalEverywhere()
    {
        Assert.Equal(("local", "local"), (PhoneNumberType.FixedLineOrMobile.ToWire(), PhoneNumberType.FixedLineOrMobile.ToTelnyx()));
        Assert.True(PhoneNumberTypes.SameName(PhoneNumberType.FixedLineOrMobile, PhoneNumberType.Local));
        Assert.False(PhoneNumberTypes.SameName(PhoneNumberType.PremiumRate, PhoneNumberType.Voip));
    }

    [Fact]
    public void TelnyxNames_AreTelnyxsEnum() =>
        Assert.Equal(["landline", "local", "mobile", "national", "shared_cost", "toll_free"], PhoneNumberTypes.TelnyxNames);

    [Fact]
    public void Table_PlacesEveryLibphonenumberTypeOfAValidNumber()
    {
        foreach (var type in Enum.GetValues<PhoneNumbers.PhoneNumberType>().Where(t => t != PhoneNumbers.PhoneNumberType.UNKNOWN))
            Assert.Single(Enum.GetValues<PhoneNumberType>(), t => t.ToLibphonenumber() == type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mobile")]
    [InlineData(" mobile")]
    [InlineData("tollfree")]
    [InlineData("toll-free")]
    [InlineData("fixed_line_or_mobile")]
    [InlineData("1")]
    public void TryParseWire_AnythingButExactName_IsRefused(string? text) =>
        Assert.False(PhoneNumberTypes.TryParseWire(text, out _));

    [Fact]
    public void ToWire_UndefinedValue_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((PhoneNumberType)42).ToWire());

    [Fact]
    public void WireNames_ListEveryNameOnce() =>
        Assert.Equal(PhoneNumberTypes.WireNames.Count, PhoneNumberTypes.WireNames.Distinct().Count());
}
