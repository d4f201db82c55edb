using Microsoft.Extensions.Primitives;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Paging and filters as Telnyx clients send them.</summary>
public sealed record TelnyxPage(int Number, int Size)
{
    public int Skip => (Number - 1) * Size;

    public object Meta(long total) => new
    {
        page_number = Number,
        page_size = Size,
        total_pages = total == 0 ? 0 : (int)((total + Size - 1) / Size),
        total_results = total,
    };
}

public static class TelnyxQuery
{
    public const int MaxPageSize = 250;
    public const int DefaultPageSize = 20;

    /// <summary>page[number] from 1, page[size] 1..250 (default 20), as Telnyx's porting-order_PageConsolidated defines.</summary>
    public static Result<TelnyxPage> Page(IQueryCollection query)
    {
        var errors = new List<DomainError>();
        var number = ReadInt(query, "page[number]", 1, 1, int.MaxValue / MaxPageSize, errors);
        var size = ReadInt(query, "page[size]", DefaultPageSize, 1, MaxPageSize, errors);
        return errors.Count > 0 ? Result<TelnyxPage>.Fail(errors) : new TelnyxPage(number, size);
    }

    private static int ReadInt(IQueryCollection query, string name, int fallback, int min, int max, List<DomainError> errors)
    {
        if (!query.TryGetValue(name, out var raw) || StringValues.IsNullOrEmpty(raw)) return fallback;
        if (int.TryParse(raw.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= min && n <= max)
            return n;
        errors.Add(DomainError.InvalidParameter(name, $"{name} must be an integer from {min} to {max}."));
        return fallback;
    }

    /// <summary>
    /// The values of filter[<paramref name="field"/>] in any of the three styles clients use: "filter[f]=a,b",
    /// "filter[f][eq]=a", "filter[f][in][]=a" (repeated). Null when the filter is absent.
    /// </summary>
    public static IReadOnlyList<string>? Filter(IQueryCollection query, string field)
    {
        List<string>? values = null;
        foreach (var key in new[] { $"filter[{field}]", $"filter[{field}][eq]", $"filter[{field}][in][]", $"filter[{field}][in]" })
        {
            if (!query.TryGetValue(key, out var raw)) continue;
            values ??= [];
            foreach (var v in raw)
                if (v is not null)
                    values.AddRange(v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return values;
    }

    /// <summary>Uuid filter values; an id that is not a uuid is a 422 naming the parameter.</summary>
    public static Result<IReadOnlyList<Guid>?> UuidFilter(IQueryCollection query, string field)
    {
        var values = Filter(query, field);
        if (values is null) return Result<IReadOnlyList<Guid>?>.Ok(null);
        var ids = new List<Guid>();
        foreach (var v in values)
        {
            if (!Guid.TryParseExact(v, "D", out var g))
                return DomainError.InvalidParameter($"filter[{field}]", $"filter[{field}] must hold UUIDs; '{Shorten(v)}' is not one.");
            ids.Add(g);
        }
        return Result<IReadOnlyList<Guid>?>.Ok(ids);
    }

    /// <summary>Values that must come from an enum; anything else is a 422 naming the parameter.</summary>
    public static Result<IReadOnlyList<string>?> EnumFilter(IQueryCollection query, string field, IReadOnlyCollection<string> allowed)
    {
        var values = Filter(query, field);
        if (values is null) return Result<IReadOnlyList<string>?>.Ok(null);
        foreach (var v in values)
            if (!allowed.Contains(v))
                return DomainError.InvalidParameter($"filter[{field}]", $"filter[{field}] must be one of: {string.Join(", ", allowed)}; '{Shorten(v)}' is not.");
        return Result<IReadOnlyList<string>?>.Ok(values);
    }

    /// <summary>sort[value] or sort=…: "created_at" or "-created_at" (the default: newest first).</summary>
    public static Result<bool> SortDescending(IQueryCollection query)
    {
        var raw = query.TryGetValue("sort[value]", out var s) ? s.ToString() : query.TryGetValue("sort", out var t) ? t.ToString() : null;
        return raw switch
        {
            null or "" or "-created_at" => true,
            "created_at" => false,
            _ => DomainError.InvalidParameter("sort[value]", "sort[value] must be created_at or -created_at."),
        };
    }

    private static string Shorten(string v) => v.Length <= 40 ? v : v[..40] + "…";
}
