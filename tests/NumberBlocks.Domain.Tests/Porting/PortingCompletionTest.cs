using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Domain.Tests.Porting;

public sealed class PortingCompletionTest
{
    private static readonly DateTimeOffset Foc = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(49, true)]
    [InlineData(48.001, true)]
    [InlineData(48, false)]
    [InlineData(1, false)]
    [InlineData(-5, false)]
    public void EnsureCustomerMayCancel_ConfirmedFoc_RefusedWithin48Hours(double hoursBeforeFoc, bool allowed)
    {
        var error = PortingCompletion.EnsureCustomerMayCancel(PortingOrderStatus.FocDateConfirmed, Foc, Foc.AddHours(-hoursBeforeFoc));
        Assert.Equal(allowed, error is null);
        if (error is not null) Assert.Equal(ErrorCodes.CancelTooLate, error.Code);
    }

    [Fact]
    public void EnsureCustomerMayCancel_NoConfirmedFoc_IsAllowed()
    {
        Assert.Null(PortingCompletion.EnsureCustomerMayCancel(PortingOrderStatus.Submitted, Foc, Foc));
        Assert.Null(PortingCompletion.EnsureCustomerMayCancel(PortingOrderStatus.FocDateConfirmed, null, Foc));
    }

    [Fact]
    public void ActivationStatusFor_Ported_FollowsTheActivateFlag()
    {
        Assert.Equal(ActivationStatus.Active, PortingCompletion.ActivationStatusFor(PortingOrderStatus.Ported, activate: true));
        Assert.Equal(ActivationStatus.ActivateReady, PortingCompletion.ActivationStatusFor(PortingOrderStatus.Ported, activate: false));
        Assert.Null(PortingCompletion.ActivationStatusFor(PortingOrderStatus.Draft, activate: true));
        Assert.Equal(ActivationStatus.Cancelled, PortingCompletion.ActivationStatusFor(PortingOrderStatus.Cancelled, activate: true));
    }

    [Fact]
    public void ExtensionParts_SplitsTheRangeIntoActiveAndInactiveParts()
    {
        var parts = PortingCompletion.ExtensionParts(ExtensionRange.Of(1, 10), [ExtensionRange.Of(9, 9), ExtensionRange.Of(1, 5)]);
        Assert.Equal([(ExtensionRange.Of(1, 5), true), (ExtensionRange.Of(6, 8), false), (ExtensionRange.Of(9, 9), true), (ExtensionRange.Of(10, 10), false)], parts);
        Assert.Equal([(ExtensionRange.Of(0, 999), false)], PortingCompletion.ExtensionParts(ExtensionRange.Of(0, 999), []));
        Assert.Equal([(ExtensionRange.Of(3, 7), true)], PortingCompletion.ExtensionParts(ExtensionRange.Of(3, 7), [ExtensionRange.Of(3, 7)]));
    }

    [Fact]
    public void DraftHasExpired_After30DaysOnlyForDrafts()
    {
        var created = Foc;
        Assert.False(PortingCompletion.DraftHasExpired(PortingOrderStatus.Draft, created, created.AddDays(30).AddTicks(-1)));
        Assert.True(PortingCompletion.DraftHasExpired(PortingOrderStatus.Draft, created, created.AddDays(30)));
        Assert.False(PortingCompletion.DraftHasExpired(PortingOrderStatus.InProcess, created, created.AddDays(300)));
    }

    [Fact]
    public void CheckCarrierReport_NamesWhatIsMissing()
    {
        Assert.Equal("/details", Assert.Single(PortingCompletion.CheckCarrierReport(PortingOrderStatus.Exception, [], null)).Pointer);
        Assert.Equal("/details/0/description", Assert.Single(PortingCompletion.CheckCarrierReport(PortingOrderStatus.Exception, [("OTHER", " ")], null)).Pointer);
        Assert.Equal("/foc_datetime_actual", Assert.Single(PortingCompletion.CheckCarrierReport(PortingOrderStatus.FocDateConfirmed, [], null)).Pointer);
        Assert.Empty(PortingCompletion.CheckCarrierReport(PortingOrderStatus.FocDateConfirmed, [], Foc));
        Assert.Empty(PortingCompletion.CheckCarrierReport(PortingOrderStatus.Exception, [("FOC_REJECTED", "Pick a later date.")], null));
    }

    [Fact]
    public void ActivationWindowFor_UsOrderWithConfirmedFoc_OpensAtTheFocForADay()
    {
        var window = PortingCompletion.ActivationWindowFor(PortingOrderStatus.FocDateConfirmed, "US", Foc, Foc.AddHours(-3));
        Assert.Equal((Foc, Foc.AddHours(24)), window.Value);
        Assert.True(PortingCompletion.ActivationWindowFor(PortingOrderStatus.FocDateConfirmed, "US", Foc, Foc.AddHours(24)).IsFailure);
        Assert.True(PortingCompletion.ActivationWindowFor(PortingOrderStatus.FocDateConfirmed, "DE", Foc, Foc).IsFailure);
        Assert.True(PortingCompletion.ActivationWindowFor(PortingOrderStatus.Submitted, "US", null, Foc).IsFailure);
    }

    [Fact]
    public void ActivateExtensions_MergesIntoTheActivationRanges()
    {
        var range = ExtensionRange.Of(1, 10);
        var merged = PortingCompletion.ActivateExtensions(range, [ExtensionRange.Of(1, 5), ExtensionRange.Of(9, 9)], ExtensionRange.Of(6, 8));
        Assert.Equal([ExtensionRange.Of(1, 9)], merged.Value);
        Assert.Equal([ExtensionRange.Of(2, 2), ExtensionRange.Of(7, 8)],
            PortingCompletion.ActivateExtensions(range, [ExtensionRange.Of(7, 8)], ExtensionRange.Of(2, 2)).Value);
        Assert.Equal(ErrorCodes.NumberAlreadyActive, PortingCompletion.ActivateExtensions(range, [ExtensionRange.Of(1, 5)], ExtensionRange.Of(2, 3)).FirstError.Code);
        Assert.Equal(ErrorCodes.ActivationRangeOutsideBlock, PortingCompletion.ActivateExtensions(range, [], ExtensionRange.Of(10, 11)).FirstError.Code);
    }
}
