using NumberBlocks.Data;

namespace NumberBlocks.Api.Http;

/// <summary>Names the wire surface an endpoint belongs to (telnyx, cm, fone, admin, health), for metrics and logs.</summary>
public sealed record SurfaceName(string Name);

/// <summary>
/// numberblocks.requests: every answer, by surface (the route group's <see cref="SurfaceName"/>; "none" when no
/// endpoint matched) and status code. ASP.NET Core's own http.server.request.duration has the route, not the surface.
/// </summary>
public static class RequestMetrics
{
    private static readonly System.Diagnostics.Metrics.Counter<long> Requests =
        Telemetry.Meter.CreateCounter<long>("numberblocks.requests", "{request}", "Requests answered, by surface and status code.");

    public static string SurfaceOf(HttpContext http) => http.GetEndpoint()?.Metadata.GetMetadata<SurfaceName>()?.Name ?? "none";

    public static void Count(HttpContext http) =>
        Requests.Add(1, new KeyValuePair<string, object?>("surface", SurfaceOf(http)),
            new KeyValuePair<string, object?>("http.response.status_code", http.Response.StatusCode));
}
