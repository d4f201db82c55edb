using System.Globalization;

namespace NumberBlocks.Api.Console;

/// <summary>How the console writes values for people: instants in UTC to the second, numbers with their plus sign.</summary>
public static class ConsoleFormat
{
    public static string Instant(DateTimeOffset? instant) =>
        instant is { } i ? i.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "–";

    public static string Number(long e164) => Domain.Numbering.E164Number.FromValue(e164).ToString();

    /// <summary>"InProcess" as "in-process": how the wire names a state.</summary>
    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
