using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Tests.Numbering;

public class E164NumberTest
{
    [Theory]
    [InlineData("+4930244999901", 4930244999901L)]
    [InlineData("+1234567", 1234567L)]
    [InlineData("+123456789012345", 123456789012345L)]
    public void Parse_ValidNumber_KeepsItsDigitsAsInteger(string text, long expected)
    {
        var result = E164Number.Parse(text, "/x");
        Assert.True(result.IsSuccess);
        Assert.Equal(expected, result.Value.Value);
        Assert.Equal(text, result.Value.ToString());
    }

    [Theory]
    [InlineData("+123456")]            // 6 digits
    [InlineData("+1234567890123456")]  // 16 digits
    [InlineData("4930244999901")]      // no plus
    [InlineData("+49 30244999901")]    // whitespace
    [InlineData(" +4930244999901")]
    [InlineData("+4930244999901 ")]
    [InlineData("+49302449999٠١")]     // Arabic-Indic digits are \d in .NET but not E.164
    [InlineData("+４９３０２４４９９９９")] // full-width digits
    [InlineData("")]
    [InlineData("+")]
    [InlineData("+0123456789")]        // no country code starts with 0
    [InlineData("+99999999999999999999999")] // past 2^63
    [InlineData("+-123456789")]
    public void Parse_HostileInput_IsRefusedWithPointer(string text)
    {
        var result = E164Number.Parse(text, "/phone_number_range/start_at");
        Assert.True(result.IsFailure);
        Assert.Equal(ErrorCodes.InvalidPhoneNumber, result.FirstError.Code);
        Assert.Equal("/phone_number_range/start_at", result.FirstError.Pointer);
    }

    [Fact]
    public void Parse_Null_IsRequired()
    {
        var result = E164Number.Parse(null, "/a");
        Assert.Equal(ErrorCodes.Required, result.FirstError.Code);
    }

    [Fact]
    public void FromValue_OutsideSevenToFifteenDigits_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => E164Number.FromValue(999_999));
        Assert.Throws<ArgumentOutOfRangeException>(() => E164Number.FromValue(1_000_000_000_000_000));
    }

    [Fact]
    public void DigitCount_CountsDigits()
    {
        Assert.Equal(7, E164Number.FromValue(1_000_000).DigitCount);
        Assert.Equal(15, E164Number.FromValue(999_999_999_999_999).DigitCount);
    }
}
