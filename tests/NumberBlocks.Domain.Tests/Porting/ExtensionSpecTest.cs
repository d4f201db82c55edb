using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Domain.Tests.Porting;

public class ExtensionSpecTest
{
    private static RawExtensionRange R(long? s, long? e) => new(s, e);

    [Fact]
    public void Parse_SeedSample_IsValid()
    {
        var spec = PortingExtensionSpec.Parse(R(1, 10), [R(1, 10)]).Value;
        Assert.Equal(10, spec.Range.Count);
        Assert.True(spec.IsActivated(5));
        Assert.False(spec.IsActivated(11));
    }

    [Theory]
    [InlineData(-1L, 10L, "/extension_range/start_at", ErrorCodes.ExtensionRangeOutOfBounds)]
    [InlineData(0L, 1000L, "/extension_range/end_at", ErrorCodes.ExtensionRangeOutOfBounds)]
    [InlineData(10L, 1L, "/extension_range/start_at", ErrorCodes.RangeReversed)]
    [InlineData(null, 1L, "/extension_range/start_at", ErrorCodes.Required)]
    [InlineData(long.MaxValue, 1L, "/extension_range/start_at", ErrorCodes.ExtensionRangeOutOfBounds)]
    public void Parse_BadExtensionRange_PointsAtTheEnd(long? start, long? end, string pointer, string code)
    {
        var result = PortingExtensionSpec.Parse(R(start, end), []);
        Assert.Contains(result.Errors, e => e.Pointer == pointer && e.Code == code);
    }

    [Fact]
    public void Parse_ActivationOutsideOrOverlapping_IsRefused()
    {
        Assert.Equal("/activation_ranges/0/end_at", PortingExtensionSpec.Parse(R(1, 10), [R(5, 11)]).FirstError.Pointer);
        Assert.Equal("/activation_ranges/0/start_at", PortingExtensionSpec.Parse(R(1, 10), [R(0, 5)]).FirstError.Pointer);
        var overlap = PortingExtensionSpec.Parse(R(1, 10), [R(1, 5), R(5, 6)]);
        Assert.Equal(ErrorCodes.ActivationRangesOverlap, overlap.FirstError.Code);
        Assert.Equal("/activation_ranges/1", overlap.FirstError.Pointer);
    }

    [Fact]
    public void NoOverlapWithExtensions_SameNumber_IsRefused()
    {
        Assert.NotNull(PortingOrderRules.EnsureNoOverlapWithExtensions(ExtensionRange.Of(5, 20), [ExtensionRange.Of(1, 10)]));
        Assert.Null(PortingOrderRules.EnsureNoOverlapWithExtensions(ExtensionRange.Of(11, 20), [ExtensionRange.Of(1, 10)]));
    }
}
