using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Domain.Tests.Requests;

public class StockRangeSpecTest
{
    private static Result<StockRangeSpec> Create(string start, string end, string type = "local", string? areaCode = null, string? city = null, string? region = null) =>
        StockRangeSpec.Create(new StockRangeInput(start, end, type, areaCode, city, region));

    [Fact]
    public void Create_TenMillionEssenNumbers_IsOneRangeOfGermanLocals()
    {
        var spec = Create("+4920110000000", "+4920119999999", city: "Essen").Value;
        Assert.Equal(("DE", PhoneNumberType.Local, "201", "Essen", 10_000_000L), (spec.CountryCode, spec.NumberType, spec.AreaCode, spec.City, spec.Range.Count));
    }

    [Fact]
    public void Create_WithoutAreaCodeOrCity_TakesThemFromThePlanAndItsGeocodingData()
    {
        var spec = Create("+4930244999000", "+4930244999999").Value;
        Assert.Equal(("30", "Berlin", (string?)null), (spec.AreaCode, spec.City, spec.Region));
    }

    [Fact]
    public void Create_NanpaWithoutRegion_TakesCityAndStateFromTheGeocodingData()
    {
        var spec = Create("+16502530000", "+16502530999").Value;
        Assert.Equal(("US", "650", "Mountain View", "CA"), (spec.CountryCode, spec.AreaCode, spec.City, spec.Region));
    }

    [Fact]
    public void Create_GivenCityAndRegion_AreKept()
    {
        var spec = Create("+16502530000", "+16502530999", city: "Palo Alto", region: "California").Value;
        Assert.Equal(("Palo Alto", "California"), (spec.City, spec.Region));
    }

    [Fact]
    public void Create_NanpaTollFreeWithoutRegion_IsRefusedAtRegion()
    {
        var result = Create("+18002345600", "+18002345699", "toll_free");
        Assert.Equal((ErrorCodes.Required, "/region"), (result.FirstError.Code, result.FirstError.Pointer));
    }

    [Theory]
    [InlineData("+4915112345600", "+4915112345699", "local")]        // mobiles declared local
    [InlineData("+4920123456000", "+4920123456999", "mobile")]
    [InlineData("+499001234000", "+499001234999", "national")]       // premium-rate numbers have their own name
    public void Create_TypeThePlanContradicts_IsRefusedAtNumberType(string start, string end, string type)
    {
        var result = Create(start, end, type);
        Assert.Equal((ErrorCodes.NumberTypeMismatch, "/number_type"), (result.FirstError.Code, result.FirstError.Pointer));
    }

    [Theory]
    [InlineData("+499001234000", "+499001234999", "premium_rate", PhoneNumberType.PremiumRate)]
    [InlineData("+12124561000", "+12124561999", "local", PhoneNumberType.FixedLineOrMobile)]
    [InlineData("+31851234000", "+31851234999", "voip", PhoneNumberType.Voip)]
    public void Create_TypeByItsName_IsThePlansType(string start, string end, string type, PhoneNumberType placed) =>
        Assert.Equal(placed, Create(start, end, type, region: "NY").Value.NumberType);

    [Fact]
    public void Create_RangeRunningIntoAnotherCountry_IsRefusedNamingTheFirstNumberThatDiffers()
    {
        var result = Create("+447911000000", "+447911199999", "mobile");
        Assert.Equal((ErrorCodes.BlockMixedPlan, "/end_at"), (result.FirstError.Code, result.FirstError.Pointer));
        Assert.Contains("+447911100000", result.FirstError.Detail, StringComparison.Ordinal);
    }
}
