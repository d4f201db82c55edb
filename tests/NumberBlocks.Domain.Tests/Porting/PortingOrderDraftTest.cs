using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Domain.Tests.Porting;

public class PortingOrderDraftTest
{
    [Fact]
    public void Split_NumbersOfTwoCountriesAndTypes_GivesOneGroupEach()
    {
        var groups = PortingOrderDraft.Split(["+4930244999901", "+4915112345678", "+12125550000", "+4930244999902"], null).Value;
        Assert.Equal(3, groups.Count);
        Assert.Equal(2, groups.Single(g => g.Plan == new OrderPlan("DE", PhoneNumberType.Local)).SingleNumbers.Count);
        Assert.Equal("/phone_numbers/3", groups.Single(g => g.Plan.CountryCode == "DE" && g.Plan.Type == PhoneNumberType.Local).SingleNumbers[1].Pointer);
    }

    [Fact]
    public void Split_FixedLineAndFixedLineOrMobileNumbers_ShareTheLocalOrderOfTheirCountry()
    {
        // US geographic numbers are fixed-line-or-mobile to libphonenumber and "local" to Telnyx: one order per country.
        var groups = PortingOrderDraft.Split(["+13035550001", "+12124561234", "+14163921234", "+18002752273"], null).Value;
        Assert.Equal(
            [new OrderPlan("CA", PhoneNumberType.Local), new OrderPlan("US", PhoneNumberType.Local), new OrderPlan("US", PhoneNumberType.TollFree)],
            groups.Select(g => g.Plan).OrderBy(p => p.CountryCode).ThenBy(p => p.Type));
        Assert.Equal(2, groups.Single(g => g.Plan == new OrderPlan("US", PhoneNumberType.Local)).SingleNumbers.Count);
    }

    [Fact]
    public void Split_Nothing_IsRefused() =>
        Assert.Equal(ErrorCodes.OrderEmpty, PortingOrderDraft.Split([], []).FirstError.Code);

    [Fact]
    public void Split_DuplicateNumber_PointsAtTheSecond() =>
        Assert.Equal("/phone_numbers/1", PortingOrderDraft.Split(["+4930244999901", "+4930244999901"], null).FirstError.Pointer);

    [Fact]
    public void Split_OverlappingBlocksInOneRequest_IsRefused()
    {
        var block = new RawBlock(new RawRange("+4920123456000", "+4920123456099"), []);
        var other = new RawBlock(new RawRange("+4920123456050", "+4920123456149"), []);
        var result = PortingOrderDraft.Split(null, [block, other]);
        Assert.Equal(ErrorCodes.BlockOverlapsBlock, result.FirstError.Code);
        Assert.Equal("/phone_number_blocks/1/phone_number_range/start_at", result.FirstError.Pointer);
    }

    [Fact]
    public void Split_BlockErrors_AreUnderTheBlocksPointer()
    {
        var result = PortingOrderDraft.Split(null, [new RawBlock(new RawRange("+4920123456000", "+4920123456099"), [new RawRange("+4920123456100", "+4920123456100")])]);
        Assert.Equal("/phone_number_blocks/0/activation_ranges/0/start_at", result.FirstError.Pointer);
    }
}
