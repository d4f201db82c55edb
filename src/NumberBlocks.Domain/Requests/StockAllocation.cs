namespace NumberBlocks.Domain.Requests;

/// <summary>A range of stock that can be drawn from: its ends as E.164 integers.</summary>
public readonly record struct StockSpan(Guid StockRangeId, long Start, long End)
{
    public long Count => End - Start + 1;
}

/// <summary>A part of one stock range picked for a request.</summary>
public readonly record struct StockPick(Guid StockRangeId, long Start, long End)
{
    public long Count => End - Start + 1;
}

/// <summary>
/// Picks numbers for a request from stock, in number order (issue 4: consecutive numbers when a range was asked).
/// Single numbers take the lowest available numbers, as few pieces as the stock allows. Ranges are
/// <c>rangeSize</c> consecutive numbers aligned to a multiple of the size (a range of 100 runs …00 to …99), the way
/// number blocks are allocated; only whole ranges are picked.
/// </summary>
public static class StockAllocation
{
    /// <param name="stock">Available stock spans, ascending by start, disjoint.</param>
    /// <param name="wanted">How many numbers are still wanted (a multiple of <paramref name="rangeSize"/> when given).</param>
    public static List<StockPick> Pick(IEnumerable<StockSpan> stock, long wanted, int? rangeSize)
    {
        var picks = new List<StockPick>();
        if (wanted <= 0) return picks;
        foreach (var span in stock)
        {
            if (rangeSize is not { } size)
            {
                var take = Math.Min(span.Count, wanted);
                picks.Add(new StockPick(span.StockRangeId, span.Start, span.Start + take - 1));
                wanted -= take;
            }
            else
            {
                var start = (span.Start + size - 1) / size * size;   // first aligned start inside the span
                while (wanted >= size && start + size - 1 <= span.End)
                {
                    picks.Add(new StockPick(span.StockRangeId, start, start + size - 1));
                    start += size;
                    wanted -= size;
                }
            }
            if (wanted <= 0 || rangeSize is { } s && wanted < s) break;
        }
        return picks;
    }

    /// <summary>
    /// Shares stock out among requests that ask for the same stock, in request order: each takes what
    /// <see cref="Pick"/> gives it from what the requests before it left, so serving them together assigns exactly what
    /// serving them one after another would.
    /// </summary>
    /// <param name="stock">Available stock spans, ascending by start, disjoint.</param>
    /// <param name="wanted">How many numbers each request still wants, in request order.</param>
    public static List<(int Request, StockPick Pick)> Share(IReadOnlyList<StockSpan> stock, IReadOnlyList<long> wanted, int? rangeSize)
    {
        var left = new List<StockSpan>(stock);
        var shares = new List<(int, StockPick)>();
        for (var i = 0; i < wanted.Count && left.Count > 0; i++)
        {
            foreach (var pick in Pick(left, wanted[i], rangeSize))
            {
                shares.Add((i, pick));
                var at = left.FindIndex(span => span.StockRangeId == pick.StockRangeId && span.Start <= pick.Start && pick.End <= span.End);
                var span = left[at];
                left.RemoveAt(at);
                // What the pick leaves of the span, before and after it, stays for the requests after this one.
                if (pick.End < span.End) left.Insert(at, span with { Start = pick.End + 1 });
                if (span.Start < pick.Start) left.Insert(at, span with { End = pick.Start - 1 });
            }
        }
        return shares;
    }
}
