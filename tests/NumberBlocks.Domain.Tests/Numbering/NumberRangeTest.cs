using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Domain.Tests.Numbering;

public class NumberRangeTest
{
    private static E164Number N(long v) => E164Number.FromValue(v);

    [Fact]
    public void Create_EndsOfDifferentLength_IsRefusedAtTheEnd()
    {
        var result = NumberRange.Create(N(4920123456000), N(49201234560999), "/s", "/e");
        Assert.Equal(ErrorCodes.RangeLengthMismatch, result.FirstError.Code);
        Assert.Equal("/e", result.FirstError.Pointer);
    }

    [Fact]
    public void Create_StartAfterEnd_IsRefusedAtTheStart()
    {
        var result = NumberRange.Create(N(4920123456099), N(4920123456000), "/s", "/e");
        Assert.Equal(ErrorCodes.RangeReversed, result.FirstError.Code);
        Assert.Equal("/s", result.FirstError.Pointer);
    }

    [Fact]
    public void Of_InvalidRange_Throws() => Assert.Throws<ArgumentException>(() => NumberRange.Of(N(4920123456099), N(4920123456000)));

    [Fact]
    public void Count_IsInclusiveAtBothEnds()
    {
        Assert.Equal(100, NumberRange.Of(N(4920123456000), N(4920123456099)).Count);
        Assert.Equal(1, NumberRange.Single(N(4920123456000)).Count);
    }

    [Fact]
    public void Overlaps_TouchingEnds_Overlap_AdjacentRangesDoNot()
    {
        var a = NumberRange.Of(N(4920123456000), N(4920123456010));
        Assert.True(a.Overlaps(NumberRange.Of(N(4920123456010), N(4920123456020))));
        Assert.False(a.Overlaps(NumberRange.Of(N(4920123456011), N(4920123456020))));
        Assert.Equal(N(4920123456010), a.FirstSharedWith(NumberRange.Of(N(4920123456010), N(4920123456020))));
    }

    /// <summary>Property test: for random ranges, Overlaps, Contains and Count agree with the definition by sets.</summary>
    [Fact]
    public void Properties_AgreeWithSetSemantics_OnRandomRanges()
    {
        var random = new Random(20261123);
        for (var i = 0; i < 5_000; i++)
        {
            const long baseValue = 4920123450000;
            long s1 = baseValue + random.Next(0, 200), e1 = s1 + random.Next(0, 50);
            long s2 = baseValue + random.Next(0, 200), e2 = s2 + random.Next(0, 50);
            var a = NumberRange.Of(N(s1), N(e1));
            var b = NumberRange.Of(N(s2), N(e2));
            var setA = Enumerable.Range(0, (int)(e1 - s1 + 1)).Select(k => s1 + k).ToHashSet();
            var setB = Enumerable.Range(0, (int)(e2 - s2 + 1)).Select(k => s2 + k).ToHashSet();

            Assert.Equal(setA.Count, a.Count);
            Assert.Equal(setA.Overlaps(setB), a.Overlaps(b));
            Assert.Equal(a.Overlaps(b), b.Overlaps(a));
            Assert.Equal(setB.IsSubsetOf(setA), a.Contains(b));
            if (a.Overlaps(b)) Assert.Equal(setA.Intersect(setB).Min(), a.FirstSharedWith(b).Value);
            var probe = baseValue + random.Next(-5, 260);
            Assert.Equal(setA.Contains(probe), a.Contains(N(probe)));
            Assert.Equal(setA.Order(), a.Numbers().Select(n => n.Value));
        }
    }
}
