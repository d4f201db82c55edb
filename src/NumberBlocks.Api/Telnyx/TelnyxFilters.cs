using System.Globalization;
using System.Linq.Expressions;
using Microsoft.Extensions.Primitives;
using NumberBlocks.Api.Http;
using NumberBlocks.Domain;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Telnyx;

/// <summary>The comparisons a Telnyx filter can ask for (the operator segment of filter[field][op]).</summary>
public enum FilterOp { Eq, In, Contains, Gt, Gte, Lt, Lte }

/// <summary>What a filter's values are, and so how they are checked.</summary>
public enum FilterKind { Text, Uuid, Enum, Boolean, Instant, PhoneNumber }

/// <summary>One field an operation can be filtered by: its dotted path, the kind of its values and the operators it takes.</summary>
public sealed record FilterField(string Path, FilterKind Kind, IReadOnlyList<FilterOp> Ops, string Description, IReadOnlyList<string>? Allowed = null)
{
    public static FilterField Text(string path, string description, params FilterOp[] more) => new(path, FilterKind.Text, [FilterOp.Eq, FilterOp.In, .. more], description);
    public static FilterField Uuid(string path, string description) => new(path, FilterKind.Uuid, [FilterOp.Eq, FilterOp.In], description);
    public static FilterField Enum(string path, string description, IReadOnlyList<string> allowed) => new(path, FilterKind.Enum, [FilterOp.Eq, FilterOp.In], description, allowed);
    public static FilterField Boolean(string path, string description) => new(path, FilterKind.Boolean, [FilterOp.Eq], description);
    public static FilterField Instant(string path, string description, params FilterOp[] ops) => new(path, FilterKind.Instant, ops, description);
    public static FilterField Phone(string path, string description, params FilterOp[] more) => new(path, FilterKind.PhoneNumber, [FilterOp.Eq, FilterOp.In, .. more], description);
}

/// <summary>
/// The one filter grammar of the Telnyx surface, shared by every list endpoint. Clients send a filter in any of the
/// styles Telnyx's clients and docs use, all meaning the same:
/// <c>filter[x]=a</c>, <c>filter[x]=a,b</c> (any of), <c>filter[x][eq]=a</c>, <c>filter[x][in][]=a&amp;filter[x][in][]=b</c>,
/// <c>filter[x][in]=a,b</c>; nested fields as deepObject segments or dotted (<c>filter[end_user][admin][entity_name]</c>
/// = <c>filter[end_user.admin.entity_name]</c>); comparisons as <c>filter[x][gt]=…</c> (gt, gte, lt, lte) and
/// <c>filter[x][contains]=…</c>. A field or operator the operation does not have is refused naming the parameter.
/// </summary>
public sealed class TelnyxFilterSpec(params FilterField[] fields)
{
    private static readonly Dictionary<string, FilterOp> OpNames = new(StringComparer.Ordinal)
    {
        ["eq"] = FilterOp.Eq, ["in"] = FilterOp.In, ["contains"] = FilterOp.Contains,
        ["gt"] = FilterOp.Gt, ["gte"] = FilterOp.Gte, ["lt"] = FilterOp.Lt, ["lte"] = FilterOp.Lte,
    };

    private readonly Dictionary<string, FilterField> _byPath = fields.ToDictionary(f => f.Path, StringComparer.Ordinal);

    public IReadOnlyList<FilterField> Fields { get; } = fields;

    /// <summary>Most values one filter may list; more is refused rather than sent to the database.</summary>
    public const int MaxValues = 250;

    /// <summary>Reads every filter[…] parameter of <paramref name="query"/>; refusals go to the reader, naming the parameter.</summary>
    public TelnyxFilters Read(QueryReader query)
    {
        var conditions = new List<FilterCondition>();
        foreach (var (key, values) in query.Family(k => k.StartsWith("filter", StringComparison.Ordinal)))
        {
            var parsed = ReadOne(key, values);
            if (parsed.IsFailure) { foreach (var e in parsed.Errors) query.Add(e); continue; }
            conditions.Add(parsed.Value);
        }
        return new TelnyxFilters(conditions);
    }

    private Result<FilterCondition> ReadOne(string key, StringValues values)
    {
        if (!TrySegments(key, out var segments))
            return Unknown(key, "is not a filter of the form filter[field], filter[field][operator] or filter[field][in][]");
        var list = false;
        if (segments.Count > 0 && segments[^1].Length == 0) { list = true; segments.RemoveAt(segments.Count - 1); }
        FilterOp? op = null;
        if (segments.Count > 1 && OpNames.TryGetValue(segments[^1], out var named) && !_byPath.ContainsKey(string.Join('.', segments)))
        {
            op = named;
            segments.RemoveAt(segments.Count - 1);
        }
        var path = string.Join('.', segments.SelectMany(s => s.Split('.')));
        if (!_byPath.TryGetValue(path, out var field))
            return Unknown(key, Fields.Count == 0
                ? "is not a filter of this operation; it takes none"
                : "is not a filter of this operation; its filters are " + string.Join(", ", Fields.Select(f => $"filter[{f.Path}]")));
        if (list && op is not (null or FilterOp.In))
            return Invalid(key, $"'{key}': only [in][] takes a list.");
        var effective = op ?? (list ? FilterOp.In : FilterOp.Eq);
        var allowed = field.Ops.Contains(effective) || (effective == FilterOp.In && field.Ops.Contains(FilterOp.Eq) && field.Kind != FilterKind.Boolean);
        if (!allowed)
            return Invalid(key, $"filter[{field.Path}] does not take [{OpName(effective)}]; it takes {string.Join(", ", field.Ops.Select(OpName))}.");

        var texts = new List<string>();
        foreach (var raw in values)
        {
            if (raw is null) continue;
            if (effective is FilterOp.Eq or FilterOp.In) texts.AddRange(raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            else texts.Add(raw);
        }
        if (texts.Count == 0) return Invalid(key, $"'{key}' needs a value.");
        if (texts.Count > MaxValues) return Invalid(key, $"'{key}' lists more than {MaxValues} values.");
        if (effective is not (FilterOp.Eq or FilterOp.In) && texts.Count > 1) return Invalid(key, $"'{key}' takes one value; it is given {texts.Count}.");
        if (effective == FilterOp.Eq && texts.Count > 1) effective = FilterOp.In;
        if (field.Kind == FilterKind.Boolean && texts.Count > 1) return Invalid(key, $"'{key}' is true or false, once.");

        foreach (var text in texts)
            if (Check(field, effective, text) is { } problem) return Invalid(key, $"'{key}' {problem}; '{Shorten(text)}' is not.");
        return new FilterCondition(field, effective, texts);
    }

    /// <summary>Why <paramref name="text"/> is not a value of <paramref name="field"/>, or null when it is.</summary>
    private static string? Check(FilterField field, FilterOp op, string text)
    {
        if (FreeText.Check(text, "/") is not null) return $"must be at most {FreeText.MaxLength} characters without NUL";
        return field.Kind switch
        {
            FilterKind.Uuid => Guid.TryParseExact(text, "D", out _) ? null : "must hold UUIDs",
            FilterKind.Enum => field.Allowed!.Contains(text, StringComparer.Ordinal) ? null : "must be one of " + string.Join(", ", field.Allowed!),
            FilterKind.Boolean => text is "true" or "false" ? null : "must be true or false",
            FilterKind.Instant => Rfc3339.TryParse(text, out _) ? null : "must be an RFC 3339 date-time such as 2021-03-25T10:00:00.000Z",
            FilterKind.PhoneNumber when op == FilterOp.Contains => text.TrimStart('+').Length > 0 && text.TrimStart('+').All(char.IsAsciiDigit)
                ? null : "must be digits of a phone number",
            FilterKind.PhoneNumber => E164Number.Parse(text, "").IsSuccess ? null : "must hold +E.164 phone numbers",
            _ => null,
        };
    }

    /// <summary>"filter[a][b.c][]" → ["a", "b.c", ""]; false when the key is not bracket segments after "filter".</summary>
    private static bool TrySegments(string key, out List<string> segments)
    {
        segments = [];
        var i = "filter".Length;
        if (i >= key.Length) return false;
        while (i < key.Length)
        {
            if (key[i] != '[') return false;
            var close = key.IndexOf(']', i + 1);
            if (close < 0) return false;
            var segment = key[(i + 1)..close];
            if (segment.Contains('[', StringComparison.Ordinal)) return false;
            segments.Add(segment);
            i = close + 1;
        }
        // Only a trailing [] may be empty.
        for (var s = 0; s < segments.Count - 1; s++) if (segments[s].Length == 0) return false;
        return segments.Count > 0 && segments[0].Length > 0;
    }

    public static string OpName(FilterOp op) => op.ToString().ToLowerInvariant();

    private static Result<FilterCondition> Unknown(string key, string why) =>
        new DomainError(ErrorCodes.UnknownParameter, $"'{key}' {why}.") { Parameter = key };

    private static Result<FilterCondition> Invalid(string key, string detail) => DomainError.InvalidParameter(key, detail);

    private static string Shorten(string v) => v.Length <= 40 ? v : v[..40] + "…";
}

/// <summary>One filter as read: the field, the comparison and its values (text as sent, already checked for the kind).</summary>
public sealed record FilterCondition(FilterField Field, FilterOp Op, IReadOnlyList<string> Values);

/// <summary>
/// The filters of one request, by field. Each field's conditions combine with AND (filter[x][gt]=…&amp;filter[x][lt]=…);
/// the values of eq/in in all their styles combine into one "any of" list.
/// </summary>
public sealed class TelnyxFilters(IReadOnlyList<FilterCondition> conditions)
{
    public bool Any => conditions.Count > 0;

    public IEnumerable<FilterCondition> Of(string path) => conditions.Where(c => c.Field.Path == path);

    /// <summary>The "any of" values of <paramref name="path"/> (eq and in, every style), or null when it is not filtered that way.</summary>
    public IReadOnlyList<string>? Values(string path)
    {
        List<string>? values = null;
        foreach (var c in Of(path).Where(c => c.Op is FilterOp.Eq or FilterOp.In))
            (values ??= []).AddRange(c.Values);
        return values?.Distinct(StringComparer.Ordinal).ToList();
    }

    public string? Contains(string path) => Of(path).Where(c => c.Op == FilterOp.Contains).Select(c => c.Values[0]).LastOrDefault();

    public IReadOnlyList<Guid>? Guids(string path) => Values(path)?.Select(v => Guid.ParseExact(v, "D")).ToList();

    public bool? Boolean(string path) => Values(path) is [var v] ? v == "true" : null;

    public IReadOnlyList<long>? PhoneNumbers(string path) => Values(path)?.Select(v => E164Number.Parse(v, "").Value.Value).ToList();

    /// <summary>The domain members the Telnyx strings of <paramref name="path"/> name.</summary>
    public IReadOnlyList<TDomain>? Enums<TDomain, TWire>(string path) where TDomain : struct, Enum where TWire : struct, Enum =>
        Values(path)?.Select(v => TelnyxWire.TryParseDomain<TDomain, TWire>(v, out var d) ? d : throw new InvalidOperationException(v)).ToList();

    /// <summary>The instant bounds of <paramref name="path"/>: (op, instant) for gt, gte, lt, lte and eq.</summary>
    public IEnumerable<(FilterOp Op, DateTimeOffset At)> Bounds(string path) =>
        Of(path).SelectMany(c => c.Values.Select(v => (c.Op, Rfc3339.TryParse(v, out var t) ? t : throw new InvalidOperationException(v))));
}

/// <summary>Filter conditions as EF LINQ predicates over a column, parameterised so the database plans them once.</summary>
public static class FilterPredicates
{
    /// <summary>column IN (values): one parameter holding the list.</summary>
    public static IQueryable<T> WhereIn<T, TValue>(this IQueryable<T> query, Expression<Func<T, TValue>> column, IReadOnlyList<TValue>? values)
    {
        if (values is null) return query;
        var list = Box(values.ToList());
        var body = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(TValue)], list, column.Body);
        return query.Where(Expression.Lambda<Func<T, bool>>(body, column.Parameters));
    }

    /// <summary>Nullable column IN (values).</summary>
    public static IQueryable<T> WhereIn<T, TValue>(this IQueryable<T> query, Expression<Func<T, TValue?>> column, IReadOnlyList<TValue>? values)
        where TValue : struct
    {
        if (values is null) return query;
        return query.WhereIn(column, values.Select(v => (TValue?)v).ToList());
    }

    /// <summary>Text column containing <paramref name="part"/> (case-sensitive, as stored).</summary>
    public static IQueryable<T> WhereContains<T>(this IQueryable<T> query, Expression<Func<T, string?>> column, string? part)
    {
        if (part is null) return query;
        var value = Box(part);
        var notNull = Expression.NotEqual(column.Body, Expression.Constant(null, typeof(string)));
        var contains = Expression.Call(column.Body, typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!, value);
        return query.Where(Expression.Lambda<Func<T, bool>>(Expression.AndAlso(notNull, contains), column.Parameters));
    }

    /// <summary>Instant column compared with each bound (gt, gte, lt, lte, eq); a null column matches no bound.</summary>
    public static IQueryable<T> WhereBounds<T>(this IQueryable<T> query, Expression<Func<T, DateTimeOffset?>> column,
        IEnumerable<(FilterOp Op, DateTimeOffset At)> bounds)
    {
        foreach (var (op, at) in bounds)
        {
            var value = Expression.Convert(Box(at), typeof(DateTimeOffset?));
            Expression body = op switch
            {
                FilterOp.Gt => Expression.GreaterThan(column.Body, value),
                FilterOp.Gte => Expression.GreaterThanOrEqual(column.Body, value),
                FilterOp.Lt => Expression.LessThan(column.Body, value),
                FilterOp.Lte => Expression.LessThanOrEqual(column.Body, value),
                _ => Expression.Equal(column.Body, value),
            };
            query = query.Where(Expression.Lambda<Func<T, bool>>(body, column.Parameters));
        }
        return query;
    }

    /// <summary>A value behind a member access, which EF sends as a parameter rather than inlining it.</summary>
    private static MemberExpression Box<TValue>(TValue value) =>
        Expression.Property(Expression.Constant(new Holder<TValue>(value)), nameof(Holder<TValue>.Value));

    private sealed class Holder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }
}

/// <summary>Page and sort of a Telnyx list: page[number] from 1, page[size] 1..250 (default 20), sort[value] from a fixed list.</summary>
public sealed record TelnyxPaging(int Number, int Size)
{
    public const int MaxSize = 250;
    public const int DefaultSize = 20;

    public int Skip => (Number - 1) * Size;

    public TelnyxPageMeta Meta(long total) => new(Number, Size, new Paging(Number, Size).TotalPages(total), total);

    /// <summary>Telnyx porting-order_PageConsolidated: page[number] (minimum 1) and page[size] (1 to 250, default 20).</summary>
    public static TelnyxPaging Read(QueryReader query)
    {
        var page = query.Page(DefaultSize, MaxSize);
        return new(page.Number, page.Size);
    }

    /// <summary>
    /// sort[value] (the SDK's deepObject spelling) or sort: one of <paramref name="allowed"/> ("-x" descending);
    /// <paramref name="fallback"/> when absent. Anything else is refused naming the parameter.
    /// </summary>
    public static string Sort(QueryReader query, IReadOnlyList<string> allowed, string fallback)
    {
        var deep = query.String("sort[value]");
        var flat = query.String("sort");
        if (deep is not null && flat is not null)
        {
            query.Refuse("sort", "Give sort[value] or sort, not both.");
            return fallback;
        }
        var (name, value) = deep is not null ? ("sort[value]", deep) : ("sort", flat);
        if (value is null) return fallback;
        if (allowed.Contains(value, StringComparer.Ordinal)) return value;
        query.Refuse(name, $"{name} must be one of {string.Join(", ", allowed)}.");
        return fallback;
    }
}
