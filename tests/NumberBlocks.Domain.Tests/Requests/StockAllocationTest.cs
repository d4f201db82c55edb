using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Domain.Tests.Requests;

public sealed class StockAllocationTest
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid();

    [Fact]
    public void Pick_SingleNumbers_TakesLowestAcrossSpans()
    {
        var picks = StockAllocation.Pick([new StockSpan(A, 100, 102), new StockSpan(B, 200, 299)], 5, null);
        Assert.Equal([new StockPick(A, 100, 102), new StockPick(B, 200, 201)], picks);
    }

    [Fact]
    public void Pick_Ranges_AreAlignedToTheirSize()
    {
        var picks = StockAllocation.Pick([new StockSpan(A, 1005, 1299)], 200, 100);
        Assert.Equal([new StockPick(A, 1100, 1199), new StockPick(A, 1200, 1299)], picks);
    }

    [Fact]
    public void Pick_Ranges_NeverPartOfARange()
    {
        var picks = StockAllocation.Pick([new StockSpan(A, 1050, 1149), new StockSpan(B, 1200, 1298)], 100, 100);
        Assert.Empty(picks);
    }

    [Fact]
    public void Pick_NotEnoughStock_PicksWhatThereIs()
    {
        var picks = StockAllocation.Pick([new StockSpan(A, 10, 19), new StockSpan(B, 30, 39)], 30, 10);
        Assert.Equal(20, picks.Sum(p => p.Count));
    }

    [Fact]
    public void Pick_RandomStock_PicksAreInsideStockDisjointAndAtMostWanted()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var spans = RandomSpans(random, 20, maxLength: 400, maxGap: 300);
            int? size = random.Next(3) switch { 0 => null, 1 => 10, _ => 100 };
            var wanted = (long)random.Next(1, 11) * (size ?? random.Next(1, 100));
            var picks = StockAllocation.Pick(spans, wanted, size);
            Assert.True(picks.Sum(p => p.Count) <= wanted);
            Assert.All(picks, p => Assert.Contains(spans, s => s.StockRangeId == p.StockRangeId && s.Start <= p.Start && p.End <= s.End));
            var ordered = picks.OrderBy(p => p.Start).ToList();
            for (var i = 1; i < ordered.Count; i++) Assert.True(ordered[i - 1].End < ordered[i].Start);
            if (size is { } s2) Assert.All(picks, p => Assert.True(p.Count == s2 && p.Start % s2 == 0));
            else Assert.Equal(Math.Min(wanted, spans.Sum(s => s.Count)), picks.Sum(p => p.Count));
        }
    }

    [Fact]
    public void Share_SingleNumbers_ServesRequestsInOrderFromWhatTheEarlierLeft()
    {
        var shares = StockAllocation.Share([new StockSpan(A, 100, 104), new StockSpan(B, 200, 201)], [3, 3, 3], null);
        Assert.Equal([(0, new StockPick(A, 100, 102)), (1, new StockPick(A, 103, 104)), (1, new StockPick(B, 200, 200)), (2, new StockPick(B, 201, 201))],
            shares);
    }

    [Fact]
    public void Share_Ranges_LeaveTheUnalignedRestAndServeTheNextFromTheRangeAfter()
    {
        var shares = StockAllocation.Share([new StockSpan(A, 1050, 1399)], [100, 200], 100);
        Assert.Equal([(0, new StockPick(A, 1100, 1199)), (1, new StockPick(A, 1200, 1299)), (1, new StockPick(A, 1300, 1399))], shares);
    }

    [Fact]
    public void Share_RandomStock_DisjointInsideStockAndNoLaterRequestServedBeforeAnEarlierIsFull()
    {
        var random = new Random(11);
        for (var round = 0; round < 300; round++)
        {
            var spans = RandomSpans(random, random.Next(1, 12), maxLength: 300, maxGap: 200);
            int? size = random.Next(3) switch { 0 => null, 1 => 10, _ => 100 };
            var wanted = Enumerable.Range(0, random.Next(1, 30)).Select(_ => (long)random.Next(1, 6) * (size ?? random.Next(1, 60))).ToArray();
            var shares = StockAllocation.Share(spans, wanted, size);

            var ordered = shares.Select(s => s.Pick).OrderBy(p => p.Start).ToList();
            for (var i = 1; i < ordered.Count; i++) Assert.True(ordered[i - 1].End < ordered[i].Start);
            Assert.All(ordered, p => Assert.Contains(spans, s => s.StockRangeId == p.StockRangeId && s.Start <= p.Start && p.End <= s.End));
            if (size is { } s2) Assert.All(ordered, p => Assert.True(p.Count == s2 && p.Start % s2 == 0));
            var got = wanted.Select((_, r) => shares.Where(s => s.Request == r).Sum(s => s.Pick.Count)).ToArray();
            for (var r = 0; r < wanted.Length; r++)
            {
                Assert.True(got[r] <= wanted[r]);
                // Request order is priority: a request gets numbers only when every request before it is served in full.
                if (got[r] > 0) Assert.All(Enumerable.Range(0, r), earlier => Assert.Equal(wanted[earlier], got[earlier]));
            }
            if (size is null) Assert.Equal(Math.Min(wanted.Sum(), spans.Sum(s => s.Count)), got.Sum());
        }
    }

    /// <summary>Disjoint stock spans, ascending, with gaps between them.</summary>
    private static List<StockSpan> RandomSpans(Random random, int count, int maxLength, int maxGap)
    {
        var spans = new List<StockSpan>(count);
        long at = random.Next(0, 1000);
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(1, maxLength);
            spans.Add(new StockSpan(Guid.NewGuid(), at, at + length - 1));
            at += length + random.Next(1, maxGap);
        }
        return spans;
    }
}
