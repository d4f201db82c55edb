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
            var spans = new List<StockSpan>();
            long at = random.Next(0, 1000);
            for (var i = 0; i < 20; i++)
            {
                var length = random.Next(1, 400);
                spans.Add(new StockSpan(Guid.NewGuid(), at, at + length - 1));
                at += length + random.Next(1, 300);
            }
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
}
