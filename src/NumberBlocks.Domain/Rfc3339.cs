using System.Globalization;

namespace NumberBlocks.Domain;

/// <summary>
/// The one way NumberBlocks writes an instant: RFC 3339 in UTC with milliseconds and "Z" ("2021-03-19T10:07:15.527Z"),
/// as Telnyx's examples, CM.com and Fone Dynamics write them. Every wire surface, message and stored payload uses it.
/// </summary>
public static class Rfc3339
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string? Format(DateTimeOffset? instant) => instant is { } v ? Format(v) : null;

    /// <summary>Reads an RFC 3339 date-time with its offset ("2026-12-01T08:00:00Z", "…+01:00"); an instant without one is refused.</summary>
    public static bool TryParse(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrEmpty(text) || text.Length < 20 || text[10] is not ('T' or 't')) return false;
        var last = text[^1];
        var hasOffset = last is 'Z' or 'z' || text.Length >= 6 && text[^6] is '+' or '-' && text[^3] == ':';
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out instant);
    }
}
