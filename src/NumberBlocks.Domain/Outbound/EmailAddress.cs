namespace NumberBlocks.Domain.Outbound;

/// <summary>
/// The one check of an e-mail address a customer gives for notifications: deliberately simple — one @, something on
/// both sides, a dot in the domain, no spaces, angle brackets, commas, semicolons or line breaks (which would let one
/// address become several, or a header).
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 320;

    public static bool IsValid(string text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1 && text.IndexOfAny([' ', '<', '>', ',', ';', '\r', '\n']) < 0
            && text[(at + 1)..].Contains('.');
    }
}
