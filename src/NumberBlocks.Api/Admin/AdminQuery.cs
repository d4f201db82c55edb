using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Admin;

/// <summary>
/// The operator API's list parameters, read through the kernel's <see cref="QueryReader"/> (which refuses every
/// parameter an operation does not read): page[number] and page[size] as Telnyx pages, and filter[field] in the styles
/// Telnyx clients send — <c>filter[f]=a,b</c>, <c>filter[f][eq]=a</c>, <c>filter[f][in][]=a</c> (repeated),
/// <c>filter[f][in]=a,b</c> — all meaning "any of".
/// </summary>
public static class AdminQuery
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 250;

    /// <summary>Most values one filter may list; more is refused rather than sent to the database.</summary>
    public const int MaxFilterValues = 250;

    public static Paging Page(QueryReader query) => query.Page(DefaultPageSize, MaxPageSize);

    /// <summary>The values of filter[<paramref name="field"/>] in any of its styles, or null when it is absent.</summary>
    public static IReadOnlyList<string>? Filter(QueryReader query, string field)
    {
        List<string>? values = null;
        foreach (var key in new[] { $"filter[{field}]", $"filter[{field}][eq]", $"filter[{field}][in][]", $"filter[{field}][in]" })
        {
            var given = query.Values(key);
            if (given.Count == 0) continue;
            values ??= [];
            foreach (var v in given)
                if (v is not null)
                    values.AddRange(v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        if (values is null) return null;
        if (values.Count > MaxFilterValues)
        {
            query.Refuse($"filter[{field}]", $"filter[{field}] lists more than {MaxFilterValues} values.");
            return null;
        }
        foreach (var v in values)
            if (Domain.FreeText.Check(v, "/") is not null)
            {
                query.Refuse($"filter[{field}]", $"filter[{field}] values must be at most {Domain.FreeText.MaxLength} characters without NUL.");
                return null;
            }
        return values;
    }

    /// <summary>filter[<paramref name="field"/>] holding UUIDs; anything else is refused naming the parameter.</summary>
    public static IReadOnlyList<Guid>? UuidFilter(QueryReader query, string field)
    {
        var values = Filter(query, field);
        if (values is null) return null;
        var ids = new List<Guid>(values.Count);
        foreach (var v in values)
        {
            if (!Guid.TryParseExact(v, "D", out var id))
            {
                query.Refuse($"filter[{field}]", $"filter[{field}] must hold UUIDs; '{Shorten(v)}' is not one.");
                return null;
            }
            ids.Add(id);
        }
        return ids;
    }

    /// <summary>filter[<paramref name="field"/>] holding values of <paramref name="allowed"/>; anything else is refused naming the parameter.</summary>
    public static IReadOnlyList<string>? EnumFilter(QueryReader query, string field, IReadOnlyCollection<string> allowed)
    {
        var values = Filter(query, field);
        if (values is null) return null;
        foreach (var v in values)
            if (!allowed.Contains(v, StringComparer.Ordinal))
            {
                query.Refuse($"filter[{field}]", $"filter[{field}] must be one of: {string.Join(", ", allowed)}; '{Shorten(v)}' is not.");
                return null;
            }
        return values;
    }

    /// <summary>The refusals of the query (its own and every unknown parameter), or null when it can be served.</summary>
    public static AdminProblem? Refusals(QueryReader query) => query.Finish() is { Count: > 0 } refused ? new AdminProblem(refused) : null;

    private static string Shorten(string v) => v.Length <= 40 ? v : v[..40] + "…";
}

/// <summary>
/// The value rules the operator API applies to a body's members once <see cref="JsonBody{T}"/> has read it (which has
/// already refused broken JSON, wrong types and unknown members): required, not blank, bounded — each refusal with the
/// member's JSON pointer.
/// </summary>
public sealed class AdminFields
{
    private readonly List<DomainError> _errors = [];

    public IReadOnlyList<DomainError> Errors => _errors;
    public bool HasErrors => _errors.Count > 0;

    public void Add(DomainError error) => _errors.Add(error);
    public void AddRange(IEnumerable<DomainError> errors) => _errors.AddRange(errors);

    /// <summary>Text of at most <paramref name="maxLength"/> characters without NUL; null when absent (a refusal when <paramref name="required"/>).</summary>
    public string? Text(string? value, string pointer, int maxLength, bool required = false)
    {
        if (value is null)
        {
            if (required) _errors.Add(DomainError.Required(pointer));
            return null;
        }
        if (Domain.FreeText.Check(value, pointer, maxLength) is { } refused)
        {
            _errors.Add(refused);
            return null;
        }
        return value;
    }

    /// <summary>Required text that is not only white space, trimmed.</summary>
    public string? NotBlank(string? value, string pointer, int maxLength)
    {
        var text = Text(value, pointer, maxLength, required: true);
        if (text is null) return null;
        if (string.IsNullOrWhiteSpace(text))
        {
            _errors.Add(new DomainError(ErrorCodes.InvalidValue, $"{pointer.TrimStart('/')} must not be blank.", pointer));
            return null;
        }
        return text.Trim();
    }
}
