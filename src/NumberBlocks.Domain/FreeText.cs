using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain;

/// <summary>Text a customer stores as given (references, names, addresses): bounded, and storable on every database.</summary>
public static class FreeText
{
    public const int MaxLength = 1000;

    /// <summary>The refusal of <paramref name="text"/> at <paramref name="pointer"/>, or null when it may be stored.</summary>
    public static DomainError? Check(string? text, string pointer, int maxLength = MaxLength)
    {
        if (text is null) return null;
        if (text.Length > maxLength)
            return new DomainError(ErrorCodes.InvalidValue, $"'{Name(pointer)}' is longer than {maxLength} characters.", pointer);
        // PostgreSQL text cannot hold U+0000 (SQLite can): refused on both so neither answers differently.
        if (text.Contains('\0', StringComparison.Ordinal))
            return new DomainError(ErrorCodes.InvalidValue, $"'{Name(pointer)}' must not contain the NUL character (\\u0000).", pointer);
        return null;
    }

    private static string Name(string pointer) => pointer[(pointer.LastIndexOf('/') + 1)..];
}
