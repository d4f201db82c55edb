using System.Text.Json;
using System.Text.Json.Serialization;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx writes snake_case JSON and keeps nulls (clients read "activation_status": null).</summary>
public static class TelnyxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // "+4920…" rather than "\u002B4920…": the body is JSON for API clients, never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Telnyx instants: ISO 8601 UTC with milliseconds and Z ("2021-03-19T10:07:15.527Z").</summary>
    public static string Instant(DateTimeOffset t) => Domain.Rfc3339.Format(t);

    public static string? Instant(DateTimeOffset? t) => Domain.Rfc3339.Format(t);
}
