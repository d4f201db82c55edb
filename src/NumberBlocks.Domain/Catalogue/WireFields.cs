using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Catalogue;

/// <summary>
/// The parameters of a Fone Dynamics-style request as text, from the query string, a form body or a JSON body alike.
/// Seed 004 names fields in PascalCase; clients send them in any case ("answerPoint", "ANSWERPOINT"), so names are
/// matched case-insensitively. A null value means "sent as null": the same as not sent.
/// </summary>
public sealed class WireFields
{
    private readonly Dictionary<string, string?> _values;

    private WireFields(Dictionary<string, string?> values) => _values = values;

    public static WireFields Empty { get; } = new(new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// Collects fields; a name given twice (in any case, or in the query and the body) with different values is
    /// refused at "/Name", since either choice would silently drop what the client meant.
    /// </summary>
    public static Result<WireFields> Create(IEnumerable<KeyValuePair<string, string?>> fields)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<DomainError>();
        foreach (var (name, value) in fields)
        {
            if (values.TryGetValue(name, out var earlier))
            {
                if (!string.Equals(earlier, value, StringComparison.Ordinal) && !errors.Any(e => e.Pointer == "/" + name))
                    errors.Add(new DomainError(ErrorCodes.ConflictingParameters,
                        $"{name} is given more than once with different values.", "/" + name));
                continue;
            }
            values[name] = value;
        }
        return errors.Count > 0 ? Result<WireFields>.Fail(errors) : new WireFields(values);
    }

    /// <summary>The value of <paramref name="name"/>, null when absent or null.</summary>
    public string? this[string name] => _values.TryGetValue(name, out var v) ? v : null;

    public bool Has(string name) => this[name] is not null;
}
