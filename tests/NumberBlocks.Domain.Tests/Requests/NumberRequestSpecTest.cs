using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Domain.Tests.Requests;

public sealed class NumberRequestSpecTest
{
    private static Result<NumberRequestSpec> Create(long? quantity = 5, long? rangeSize = null, string? type = "local", string? area = "201",
        string? city = null, string? region = null, string country = "DE", RequestRestrictions? restrictions = null) =>
        NumberRequestSpec.Create(new NumberRequestInput(quantity, rangeSize, type, area, city, region, country), country, restrictions ?? RequestRestrictions.Default);

    [Fact]
    public void Create_ValidRequest_KeepsFields()
    {
        var spec = Create(quantity: 300, rangeSize: 100, city: " Essen ").Value;
        Assert.Equal(300, spec.Quantity);
        Assert.Equal(100, spec.RangeSize);
        Assert.Equal("Essen", spec.City);
    }

    [Theory]
    [InlineData(0L, null, "/quantity")]
    [InlineData(1001L, null, "/quantity")]
    [InlineData(150L, 100L, "/quantity")]
    [InlineData(100L, 50L, "/rangeSize")]
    public void Create_QuantityAndRangeSize_FollowSeed003(long quantity, long? rangeSize, string pointer) =>
        Assert.Equal(pointer, Create(quantity: quantity, rangeSize: rangeSize).FirstError.Pointer);

    [Fact]
    public void Create_NeitherAreaCodeNorCity_IsRefused() =>
        Assert.Equal("/areaCode", Create(area: null, city: "  ").FirstError.Pointer);

    [Fact]
    public void Create_Nanpa_NeedsRegionOthersDoNot()
    {
        Assert.Equal("/region", Create(area: "212", country: "US").FirstError.Pointer);
        Assert.True(Create(area: "212", region: "NY", country: "US").IsSuccess);
        Assert.True(Create(area: "201", country: "DE").IsSuccess);
    }

    [Fact]
    public void Create_RestrictionsWithoutRanges_RefuseRangeSize()
    {
        var noRanges = new RequestRestrictions(1, 10, false, []);
        Assert.Equal("/rangeSize", Create(quantity: 10, rangeSize: 10, restrictions: noRanges).FirstError.Pointer);
        Assert.Equal("/quantity", Create(quantity: 11, restrictions: noRanges).FirstError.Pointer);
    }

    [Fact]
    public void Lifecycle_FinalStatusesAllowNothing_AndEveryIllegalMoveIsTheSameError()
    {
        foreach (var final in new[] { NumberRequestStatus.Completed, NumberRequestStatus.Rejected, NumberRequestStatus.Cancelled })
        {
            Assert.Empty(NumberRequestLifecycle.NextFrom(final));
            foreach (var target in Enum.GetValues<NumberRequestStatus>())
                Assert.Equal(ErrorCodes.IllegalTransition, NumberRequestLifecycle.Move(final, target).FirstError.Code);
        }
        Assert.True(NumberRequestLifecycle.Move(NumberRequestStatus.Pending, NumberRequestStatus.Cancelled).IsSuccess);
        Assert.True(NumberRequestLifecycle.Move(NumberRequestStatus.Accepted, NumberRequestStatus.Completed).IsSuccess);
        Assert.False(NumberRequestLifecycle.CanMove(NumberRequestStatus.Accepted, NumberRequestStatus.Pending));
    }
}
