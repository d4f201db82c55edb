using System.Globalization;
using Microsoft.Extensions.Primitives;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Http;

/// <summary>
/// Reads an operation's query parameters by name, collecting refusals that name the parameter, and refuses every
/// parameter the operation did not read: a misspelt filter must not silently return everything.
/// </summary>
public sealed class QueryReader(IQueryCollection query)
{
    // Case-insensitive like the query collection itself: a parameter a reader found by name is never also refused as unknown.
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<DomainError> _errors = [];

    public IQueryCollection Query => query;
    public IReadOnlyList<DomainError> Errors => _errors;
    public bool HasErrors => _errors.Count > 0;

    public void Add(DomainError error) => _errors.Add(error);

    /// <summary>Marks <paramref name="name"/> as known and returns its values (empty when absent).</summary>
    public StringValues Values(string name)
    {
        _read.Add(name);
        return query.TryGetValue(name, out var values) ? values : StringValues.Empty;
    }

    /// <summary>Every parameter whose name satisfies <paramref name="belongs"/>, marked as known (a filter family).</summary>
    public IReadOnlyList<KeyValuePair<string, StringValues>> Family(Func<string, bool> belongs)
    {
        var found = new List<KeyValuePair<string, StringValues>>();
        foreach (var pair in query)
        {
            if (!belongs(pair.Key)) continue;
            _read.Add(pair.Key);
            found.Add(pair);
        }
        return found;
    }

    /// <summary>The single value of <paramref name="name"/>; given twice is a refusal, since only one can be meant.</summary>
    public string? String(string name, int maxLength = 1000)
    {
        var values = Values(name);
        if (values.Count == 0) return null;
        if (values.Count > 1) { Refuse(name, $"'{name}' is given {values.Count} times; give it once."); return null; }
        var text = values[0] ?? "";
        if (text.Length > maxLength) { Refuse(name, $"'{name}' is longer than {maxLength} characters."); return null; }
        // PostgreSQL text cannot hold U+0000 (SQLite can): refuse it on both so neither answers differently.
        if (text.Contains('\0', StringComparison.Ordinal)) { Refuse(name, $"'{name}' must not contain the NUL character."); return null; }
        return text;
    }

    public int? Integer(string name, int min, int max)
    {
        var text = String(name);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            Refuse(name, $"'{name}' must be an integer from {min} to {max}.");
            return null;
        }
        return value;
    }

    public bool? Boolean(string name)
    {
        var text = String(name);
        if (text is null) return null;
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase)) return true;
        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase)) return false;
        Refuse(name, $"'{name}' must be true or false.");
        return null;
    }

    /// <summary>
    /// page[number] (from 1) and page[size] (1 to <paramref name="maxSize"/>, <paramref name="defaultSize"/> when absent):
    /// the paging of Telnyx's lists (porting-order_PageConsolidated), which the operator API follows too.
    /// </summary>
    public Paging Page(int defaultSize, int maxSize) =>
        new(Integer("page[number]", 1, int.MaxValue / maxSize) ?? 1, Integer("page[size]", 1, maxSize) ?? defaultSize);

    public void Refuse(string name, string detail) => _errors.Add(DomainError.InvalidParameter(name, detail));

    /// <summary>The refusals collected, plus one for each parameter no reader asked for.</summary>
    public IReadOnlyList<DomainError> Finish()
    {
        foreach (var key in query.Keys)
            if (!_read.Contains(key))
                _errors.Add(new DomainError(ErrorCodes.UnknownParameter, $"'{key}' is not a parameter of this operation.") { Parameter = key });
        return _errors;
    }
}

/// <summary>One page of a list: its number (from 1) and size; <see cref="Skip"/> rows come before it.</summary>
public sealed record Paging(int Number, int Size)
{
    public int Skip => (Number - 1) * Size;

    /// <summary>Pages needed for <paramref name="total"/> rows (0 for none).</summary>
    public int TotalPages(long total) => total == 0 ? 0 : (int)((total + Size - 1) / Size);
}
