using NumberBlocks.Api.Http;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Hardening;

/// <summary>
/// Issue 8: a request body is at most 1 MiB; beyond that the answer is 413 in the surface's error format. Kestrel enforces
/// the same limit (ServiceSetup); this middleware makes it hold on any server (the in-process test host has no such
/// limit) and for bodies without a Content-Length, by counting while the body is read.
/// </summary>
public sealed class BodyLimitMiddleware(RequestDelegate next, SurfaceErrors errors)
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static readonly DomainError TooLarge =
        new(ErrorCodes.BodyTooLarge, "The request body is larger than 1 MiB.", null, ErrorKind.TooLarge);

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            await errors.WriteAsync(http, TooLarge);
            return;
        }
        http.Request.Body = new LimitedReadStream(http.Request.Body, MaxBodyBytes);
        await next(http);
    }
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
        if (_read > limit) throw new BadHttpRequestException("The request body is larger than 1 MiB.", StatusCodes.Status413PayloadTooLarge);
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
