using NumberBlocks.Api.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Hardening;

/// <summary>
/// An endpoint's own body limit, in place of the 1 MiB that holds everywhere else (the stock import streams up to
/// 1 GiB): <c>.WithMetadata(new BodyLimit(1L &lt;&lt; 30))</c>.
/// </summary>
public sealed record BodyLimit(long MaxBytes) : IRequestSizeLimitMetadata
{
    long? IRequestSizeLimitMetadata.MaxRequestBodySize => MaxBytes;

    /// <summary>"1 MiB", "1 GiB", "512 KiB".</summary>
    public static string Describe(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} bytes",
    };
}

/// <summary>
/// A request body is at most 1 MiB unless its endpoint says otherwise (<see cref="BodyLimit"/>); beyond that the answer
/// is 413 in the surface's error format. Kestrel enforces the same limit (ServiceSetup; raised here per request for an
/// endpoint with its own); this middleware makes it hold on any server (the in-process test host has no such limit) and
/// for bodies without a Content-Length, by counting while the body is read. Routing has run, so the endpoint is known.
/// </summary>
public sealed class BodyLimitMiddleware(RequestDelegate next, SurfaceErrors errors)
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static readonly DomainError TooLarge =
        new(ErrorCodes.BodyTooLarge, "The request body is larger than 1 MiB.", null, ErrorKind.TooLarge);

    public async Task InvokeAsync(HttpContext http)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.MaxBytes ?? MaxBodyBytes;
        if (limit != MaxBodyBytes && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrel)
            kestrel.MaxRequestBodySize = limit;
        if (http.Request.ContentLength > limit)
        {
            await errors.WriteAsync(http, TooLargeFor(limit));
            return;
        }
        http.Request.Body = new LimitedReadStream(http.Request.Body, limit);
        await next(http);
    }

    public static DomainError TooLargeFor(long limit) => limit == MaxBodyBytes
        ? TooLarge
        : new(ErrorCodes.BodyTooLarge, $"The request body is larger than {BodyLimit.Describe(limit)}.", null, ErrorKind.TooLarge);
}

/// <summary>A read-only view of a request body that refuses to read past a limit with Kestrel's own 413 exception.</summary>
internal sealed class LimitedReadStream(Stream inner, long limit) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    private int Count(int n)
    {
        _read += n;
        if (_read > limit) throw new BadHttpRequestException($"The request body is larger than {BodyLimit.Describe(limit)}.", StatusCodes.Status413PayloadTooLarge);
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
