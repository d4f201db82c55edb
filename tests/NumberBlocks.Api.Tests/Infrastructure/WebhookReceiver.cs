using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NumberBlocks.Api.Tests.Infrastructure;

/// <summary>One POST the receiver saw, with the Standard Webhooks headers.</summary>
public sealed record ReceivedWebhook(string Path, string? Id, string? Timestamp, string? Signature, string Body, int AnsweredWith);

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (Kestrel) that records every POST and answers with <see cref="Status"/>; with
/// <see cref="Hold"/> it keeps requests open (at most 60 s, or until <see cref="ReleaseHeld"/>) to simulate a delivery in
/// flight.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();
    public int Port { get; }
    public volatile int Status = 204;
    public volatile bool Hold;
    public string? RedirectTo { get; set; }
    public string Url(string path = "/hook") => $"http://127.0.0.1:{Port}{path}";
    /// <summary>The setting that lets callbacks reach this receiver.</summary>
    public string AllowedHostEntry => $"127.0.0.1:{Port}";

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        WebhookReceiver? self = null;
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            var r = self!;
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            string? H(string name) => http.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;
            var held = r.Hold;
            var status = held ? 0 : r.Status;
            r.Received.Enqueue(new ReceivedWebhook(http.Request.Path, H("webhook-id"), H("webhook-timestamp"), H("webhook-signature"), body, status));
            if (held)
            {
                await Task.WhenAny(Volatile.Read(ref r._release).Task, Task.Delay(TimeSpan.FromSeconds(60), http.RequestAborted));
                return Results.StatusCode(503);
            }
            if (r.RedirectTo is { } to) return Results.Redirect(to);
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        self = new WebhookReceiver(app, address.Port);
        return self;
    }

    /// <summary>Ends the requests held so far (they are answered 503); requests held later wait again.</summary>
    public void ReleaseHeld() =>
        Interlocked.Exchange(ref _release, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits (bounded) until at least <paramref name="count"/> POSTs arrived.</summary>
    public Task<bool> WaitForAsync(int count, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(() => Task.FromResult(Received.Count >= count), timeout ?? TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        Volatile.Read(ref _release).TrySetResult();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>Bounded polling for asynchronous outcomes: at most <c>timeout</c> of real time, in 50 ms steps.</summary>
public static class Eventually
{
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        for (var i = 0; i < 100_000 && DateTime.UtcNow < deadline; i++)
        {
            if (await condition()) return true;
            await Task.Delay(50);
        }
        return await condition();
    }
}
