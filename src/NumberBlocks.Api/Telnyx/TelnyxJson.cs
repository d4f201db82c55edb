using System.Text.Json;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Telnyx;

/// <summary>
/// The wire JSON options (snake_case Telnyx records, RFC 3339 instants), for the operator API's answers that still
/// render Telnyx records through Results.Json; the Telnyx surface itself answers with typed results.
/// </summary>
public static class TelnyxJson
{
    public static JsonSerializerOptions Options => WireJson.Options;

    /// <summary>Telnyx instants: ISO 8601 UTC with milliseconds and Z ("2021-03-19T10:07:15.527Z").</summary>
    public static string Instant(DateTimeOffset t) => Domain.Rfc3339.Format(t);

    public static string? Instant(DateTimeOffset? t) => Domain.Rfc3339.Format(t);
}
