using Microsoft.AspNetCore.WebUtilities;

namespace NumberBlocks.Api.Console;

/// <summary>Previous/next links for a list page, keeping the page's other query parameters (its filters).</summary>
public sealed record Pager(int Number, int Size, long Total, IQueryCollection Query)
{
    public long Pages => Math.Max(1, (Total + Size - 1) / Size);

    public string Href(int page)
    {
        var query = Query.Where(q => q.Key != "page").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        query["page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString("", query);
    }
}
