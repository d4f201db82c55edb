using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Catalogue;

/// <summary>
/// The name of a property (a sub-account for one brand or site, seed 004): required, not blank, at most
/// <see cref="MaxLength"/> characters, no control characters; stored trimmed. Whoever creates a property (the Fone
/// Dynamics surface for the customer, the operator API) checks it here.
/// </summary>
public static class PropertyName
{
    public const int MaxLength = 200;

    /// <summary>The trimmed name, or the refusal at <paramref name="pointer"/> (named after its last segment).</summary>
    public static Result<string> Parse(string? name, string pointer)
    {
        var field = pointer[(pointer.LastIndexOf('/') + 1)..];
        if (string.IsNullOrWhiteSpace(name)) return new DomainError(ErrorCodes.Required, $"{field} is required and must not be blank.", pointer);
        if (name.Length > MaxLength) return new DomainError(ErrorCodes.InvalidValue, $"{field} is longer than {MaxLength} characters.", pointer);
        if (name.Any(char.IsControl)) return new DomainError(ErrorCodes.InvalidValue, $"{field} must not contain control characters.", pointer);
        return name.Trim();
    }
}
