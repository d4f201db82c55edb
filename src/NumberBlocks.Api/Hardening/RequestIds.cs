using System.Diagnostics;

namespace NumberBlocks.Api.Hardening;

/// <summary>
/// Issue 8: every response carries X-Request-Id, and every log line written while the request runs carries it as the
/// XRequestId scope value (ASP.NET Core's own "RequestId" scope is Kestrel's connection-based trace id, fixed before any
/// middleware runs, so ours has a name of its own). A caller's own X-Request-Id is kept when it is a short token (so a client can correlate);
/// anything else is replaced by a fresh id.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> log)
{
    public const string Header = "X-Request-Id";
    private const int MaxLength = 64;

    public async Task InvokeAsync(HttpContext http)
    {
        var id = Accept(http.Request.Headers[Header].ToString()) ?? Guid.NewGuid().ToString("N");
        http.TraceIdentifier = id;
        http.Response.OnStarting(static state =>
        {
            var h = (HttpContext)state;
            h.Response.Headers[Header] = h.TraceIdentifier;
            return Task.CompletedTask;
        }, http);

        var started = Stopwatch.GetTimestamp();
        using (log.BeginScope(new RequestIdScope(id)))
        {
            try
            {
                await next(http);
            }
            finally
            {
                Http.RequestMetrics.Count(http);
                log.LogInformation("{Method} {Path} answered {StatusCode} in {ElapsedMs:0.0} ms", http.Request.Method, http.Request.Path.Value,
                    http.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    /// <summary>A client's id is kept when it is 1–64 characters of letters, digits and - _ . : only.</summary>
    public static string? Accept(string? raw)
    {
        if (string.IsNullOrEmpty(raw) || raw.Length > MaxLength) return null;
        foreach (var c in raw)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')) return null;
        return raw;
    }
}

/// <summary>The log scope of a request: {"XRequestId": id}, shown as "X-Request-Id:id" by text formatters.</summary>
public sealed class RequestIdScope(string id) : IReadOnlyList<KeyValuePair<string, object>>
{
    public const string Key = "XRequestId";
    public string Id => id;
    public int Count => 1;
    public KeyValuePair<string, object> this[int index] =>
        index == 0 ? new(Key, id) : throw new ArgumentOutOfRangeException(nameof(index));
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() { yield return this[0]; }
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    public override string ToString() => "X-Request-Id:" + id;
}
