using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
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

    private static E164Number MainNumber(string text) => E164Number.Parse(text, "/x").Value;

    [Theory]
    [InlineData("+4930244999950", 1, 10)]     // seed 002's sample range on a Berlin number: +49302449999501 … +493024499995010
    [InlineData("+492012345650", 0, 999)]
    public void EnsureExtensionsInPlan_GermanFixedLine_HasItsDirectDialNumbers(string main, int start, int end) =>
        Assert.Null(PortingOrderRules.EnsureExtensionsInPlan(MainNumber(main), ExtensionRange.Of(start, end)));

    [Fact]
    public void EnsureExtensionsInPlan_NanpNumber_IsRefusedNamingTheDirectDialNumbers()
    {
        var error = PortingOrderRules.EnsureExtensionsInPlan(MainNumber("+13035550001"), ExtensionRange.Of(1, 10));
        Assert.NotNull(error);
        Assert.Equal(ErrorCodes.ExtensionsOutsidePlan, error.Code);
        Assert.Contains("+130355500011-+130355500019", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureExtensionsInPlan_MobileWhoseLongerNumbersAreNotMobile_IsRefused()
    {
        var error = PortingOrderRules.EnsureExtensionsInPlan(MainNumber("+4915112345678"), ExtensionRange.Of(1, 9));
        Assert.Equal(ErrorCodes.ExtensionsOutsidePlan, error?.Code);
    }

    [Fact]
    public void EnsureExtensionsInPlan_BeyondFifteenDigits_IsRefused()
    {
        var error = PortingOrderRules.EnsureExtensionsInPlan(MainNumber("+492012345650099"), ExtensionRange.Of(1, 2));
        Assert.Equal((ErrorCodes.ExtensionsOutsidePlan, "/extension_range/end_at"), (error?.Code, error?.Pointer));
    }
}
