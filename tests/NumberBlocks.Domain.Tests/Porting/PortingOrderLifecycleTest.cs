using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Domain.Tests.Porting;

public class PortingOrderLifecycleTest
{
    public static TheoryData<PortingOrderStatus, PortingOrderStatus> AllPairs()
    {
        var data = new TheoryData<PortingOrderStatus, PortingOrderStatus>();
        foreach (var from in Enum.GetValues<PortingOrderStatus>())
            foreach (var to in Enum.GetValues<PortingOrderStatus>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Move_EveryPair_IsAllowedExactlyWhenTheTableSaysSo(PortingOrderStatus from, PortingOrderStatus to)
    {
        var result = PortingOrderLifecycle.Move(from, to);
        Assert.Equal(PortingOrderLifecycle.CanMove(from, to), result.IsSuccess);
        if (result.IsFailure)
        {
            Assert.Equal(ErrorCodes.IllegalTransition, result.FirstError.Code);
            Assert.Contains($"'{from.ToWire()}'", result.FirstError.Detail);
        }
    }

    [Fact]
    public void Table_FollowsTheTelnyxPath_DraftToPorted()
    {
        PortingOrderStatus[] path = [PortingOrderStatus.Draft, PortingOrderStatus.InProcess, PortingOrderStatus.Submitted, PortingOrderStatus.FocDateConfirmed, PortingOrderStatus.Ported];
        for (var i = 1; i < path.Length; i++) Assert.True(PortingOrderLifecycle.CanMove(path[i - 1], path[i]));
        Assert.Empty(PortingOrderLifecycle.NextFrom(PortingOrderStatus.Ported));
        Assert.Empty(PortingOrderLifecycle.NextFrom(PortingOrderStatus.Cancelled));
        Assert.False(PortingOrderLifecycle.CanMove(PortingOrderStatus.Draft, PortingOrderStatus.Ported));
    }

    [Fact]
    public void AllowsEditing_OnlyDraftInProcessException()
    {
        var editable = Enum.GetValues<PortingOrderStatus>().Where(s => s.AllowsEditing()).ToArray();
        Assert.Equal([PortingOrderStatus.Draft, PortingOrderStatus.InProcess, PortingOrderStatus.Exception], editable);
    }

    [Fact]
    public void WireNames_RoundTrip()
    {
        foreach (var s in Enum.GetValues<PortingOrderStatus>())
        {
            Assert.True(PortingOrderStatuses.TryParseWire(s.ToWire(), out var back));
            Assert.Equal(s, back);
        }
        Assert.False(PortingOrderStatuses.TryParseWire("Draft", out _));
    }
}
