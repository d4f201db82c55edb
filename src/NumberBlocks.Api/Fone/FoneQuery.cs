using System.Globalization;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Fone;

public enum BlockSort { Id, NumberPattern, DateCreated }

/// <summary>
/// The provider's list parameters: Active, Sms, Voice (true | false | absent for all), Text, PageIndex (from 0),
/// PageSize (default 10, at most 100 here), IncludeTotalCount (default true), SortBy (Id, NumberPattern, DateCreated;
/// default Id), SortDir (asc | desc; default asc). Available (true | false) is NumberBlocks' own filter.
/// </summary>
public sealed record BlockQuery(bool? Active, bool? Sms, bool? Voice, bool? Available, string? Text, int PageIndex, int PageSize,
    bool IncludeTotalCount, BlockSort SortBy, bool Descending)
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 100;
    public const int MaxPageIndex = 1_000_000;

    public static Result<BlockQuery> Parse(IQueryCollection q)
    {
        var errors = new List<DomainError>();
        var query = new BlockQuery(
            Bool(q, "Active", errors), Bool(q, "Sms", errors), Bool(q, "Voice", errors), Bool(q, "Available", errors),
            ReadText(q, errors),
            Int(q, "PageIndex", 0, 0, MaxPageIndex, errors),
            Int(q, "PageSize", DefaultPageSize, 1, MaxPageSize, errors),
            Bool(q, "IncludeTotalCount", errors) ?? true,
            Sort(q, errors),
            Direction(q, errors));
        return errors.Count > 0 ? Result<BlockQuery>.Fail(errors) : query;
    }

    public static Result<(int PageIndex, int PageSize)> Page(IQueryCollection q)
    {
        var errors = new List<DomainError>();
        var page = (Int(q, "PageIndex", 0, 0, MaxPageIndex, errors), Int(q, "PageSize", DefaultPageSize, 1, MaxPageSize, errors));
        return errors.Count > 0 ? Result<(int, int)>.Fail(errors) : page;
    }

    private static string? Value(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;

    private static bool? Bool(IQueryCollection q, string name, List<DomainError> errors)
    {
        var text = Value(q, name);
        if (text is null || text.Equals("null", StringComparison.OrdinalIgnoreCase)) return null;
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        errors.Add(DomainError.InvalidParameter(name, $"{name} must be true or false."));
        return null;
    }

    private static int Int(IQueryCollection q, string name, int fallback, int min, int max, List<DomainError> errors)
    {
        var text = Value(q, name);
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        errors.Add(DomainError.InvalidParameter(name, $"{name} must be an integer from {min} to {max}."));
        return fallback;
    }

    private static string? ReadText(IQueryCollection q, List<DomainError> errors)
    {
        var text = Value(q, "Text");
        if (text is { Length: > 100 }) { errors.Add(DomainError.InvalidParameter("Text", "Text is longer than 100 characters.")); return null; }
        return text;
    }

    private static BlockSort Sort(IQueryCollection q, List<DomainError> errors)
    {
        var text = Value(q, "SortBy");
        if (text is null) return BlockSort.Id;
        if (Enum.TryParse<BlockSort>(text, ignoreCase: true, out var sort) && Enum.IsDefined(sort) && !char.IsAsciiDigit(text[0])) return sort;
        errors.Add(DomainError.InvalidParameter("SortBy", "SortBy must be one of: Id, NumberPattern, DateCreated."));
        return BlockSort.Id;
    }

    private static bool Direction(IQueryCollection q, List<DomainError> errors)
    {
        var text = Value(q, "SortDir");
        if (text is null || text.Equals("asc", StringComparison.OrdinalIgnoreCase)) return false;
        if (text.Equals("desc", StringComparison.OrdinalIgnoreCase)) return true;
        errors.Add(DomainError.InvalidParameter("SortDir", "SortDir must be asc or desc."));
        return false;
    }
}
