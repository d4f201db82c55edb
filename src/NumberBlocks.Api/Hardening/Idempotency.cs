using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NumberBlocks.Data;
using NumberBlocks.Data.Idempotency;
using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Idempotency;

namespace NumberBlocks.Api.Hardening;

/// <summary>NumberBlocks:Idempotency.</summary>
public sealed class IdempotencySettings
{
    public const string Section = "NumberBlocks:Idempotency";
    /// <summary>How long a stored response is replayed; never less than 24 h (issue 8).</summary>
    public TimeSpan Retention { get; set; } = IdempotencyRules.MinimumRetention;
}

/// <summary>The (scope, key) pairs this process is serving right now.</summary>
public sealed class IdempotencyInFlight
{
    private readonly ConcurrentDictionary<string, byte> _slots = new(StringComparer.Ordinal);
    public bool TryEnter(string slot) => _slots.TryAdd(slot, 0);
    public void Exit(string slot) => _slots.TryRemove(slot, out _);
    public int Count => _slots.Count;
}

/// <summary>
/// Idempotency-Key on every POST of every surface, as Stripe defines it (issue 8):
/// <list type="bullet">
/// <item>keys are scoped per caller (account), so two accounts may use the same key;</item>
/// <item>the first response (status and body) is stored and replayed for the same key for at least 24 h, marked
/// with Idempotent-Replayed: true;</item>
/// <item>the same key with a different request (method, path or body) is 422;</item>
/// <item>the same key while its first request is still running is 409.</item>
/// </list>
/// The request runs inside one <see cref="RequestTransaction"/> with the stored response, so its writes and the record
/// commit together: concurrent duplicates create exactly one resource, and a process killed mid-request leaves neither,
/// so the client's retry runs the request afresh. 5xx answers (and 401/403/429, given before anything ran) are not
/// stored, so they can be retried with the same key. A request from a caller no identifier recognises passes through
/// untouched: its surface's authentication refuses it.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, SurfaceErrors errors, IdempotencyInFlight inFlight,
    IOptions<IdempotencySettings> settings, TimeProvider clock)
{
    public const string ReplayedHeader = "Idempotent-Replayed";
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(10);
    private long _nextPurgeTicks;

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || http.GetEndpoint() is null
            || !http.Request.Headers.TryGetValue(IdempotencyKey.Header, out var raw) || http.Caller() is not { } caller)
        {
            await next(http);
            return;
        }
        var parsed = IdempotencyKey.Parse(raw.Count == 1 ? raw[0] : "");
        if (parsed.IsFailure)
        {
            await errors.WriteAsync(http, parsed.FirstError);
            return;
        }
        var key = parsed.Value.Value;
        var ct = http.RequestAborted;

        var body = await ReadBodyAsync(http.Request, ct);
        var method = http.Request.Method.ToUpperInvariant();
        var path = http.Request.Path.Value + http.Request.QueryString.Value;
        var fingerprint = Fingerprint(method, path, body);

        var slot = caller.Scope + "\n" + key;
        if (!inFlight.TryEnter(slot))
        {
            http.Response.Headers.RetryAfter = "1"; // the first request is still running: worth asking again shortly (RFC 9110 §10.2.3)
            await errors.WriteAsync(http, IdempotencyRules.InFlight());
            return;
        }
        try
        {
            var db = http.RequestServices.GetRequiredService<NumberBlocksDbContext>();
            await using var tx = await RequestTransaction.BeginAsync(db, ct);
            if (!await IdempotencyStore.TryLockAsync(db, caller.Scope, key, ct))
            {
                http.Response.Headers.RetryAfter = "1";
                await errors.WriteAsync(http, IdempotencyRules.InFlight());
                return;
            }
            var now = clock.GetUtcNow();
            var retention = settings.Value.Retention;
            await PurgeNowAndThenAsync(db, now, retention, ct);

            var stored = await IdempotencyStore.FindAsync(db, caller.Scope, key, ct);
            if (stored is not null && IdempotencyRules.IsExpired(stored.CreatedAt, now, retention))
            {
                await IdempotencyStore.DeleteAsync(db, caller.Scope, key, ct);
                stored = null;
            }
            if (stored is not null)
            {
                if (!CryptographicOperations.FixedTimeEquals(stored.RequestSha256, fingerprint))
                {
                    await errors.WriteAsync(http, IdempotencyRules.Reused());
                    return;
                }
                http.Response.StatusCode = stored.Status;
                if (stored.ContentType is not null) http.Response.ContentType = stored.ContentType;
                http.Response.Headers[ReplayedHeader] = "true";
                await http.Response.Body.WriteAsync(stored.Body, ct);
                return;
            }

            // Run the request on its buffered body, capturing its response until the transaction has committed.
            http.Request.Body = new MemoryStream(body, writable: false);
            var original = http.Response.Body;
            using var captured = new MemoryStream();
            http.Response.Body = captured;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = original;
            }
            var status = http.Response.StatusCode;
            var response = captured.ToArray();
            if (IsStored(status))
            {
                await IdempotencyStore.InsertAsync(db, caller.Scope, key,
                    new IdempotencyRecord(method, path, fingerprint, status, http.Response.ContentType, response, now), http.TraceIdentifier, ct);
                await tx.CommitAsync(ct);
            }
            // Otherwise disposing the transaction rolls everything back: nothing happened, and a retry runs afresh.
            if (response.Length > 0) await http.Response.Body.WriteAsync(response, ct);
        }
        finally
        {
            inFlight.Exit(slot);
        }
    }

    /// <summary>Responses of requests that ran are stored; failures of the service, and refusals before anything ran, are not.</summary>
    public static bool IsStored(int status) => status < 500 && status is not (401 or 403 or 408 or 429);

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct); // the body limit (1 MiB) applies while reading
        return buffer.ToArray();
    }

    private static byte[] Fingerprint(string method, string path, byte[] body)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(method + "\n" + path + "\n"));
        sha.AppendData(body);
        return sha.GetHashAndReset();
    }

    private async Task PurgeNowAndThenAsync(NumberBlocksDbContext db, DateTimeOffset now, TimeSpan retention, CancellationToken ct)
    {
        var next = Interlocked.Read(ref _nextPurgeTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeEvery).UtcTicks, next) != next) return;
        var keep = retention < IdempotencyRules.MinimumRetention ? IdempotencyRules.MinimumRetention : retention;
        await IdempotencyStore.PurgeCreatedBeforeAsync(db, now - keep, ct);
    }
}
