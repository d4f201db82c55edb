using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NumberBlocks.Cli.Tests;

/// <summary>
/// The CLI's retries against a real HTTP server on 127.0.0.1 that answers a scripted sequence: it waits out a 429's
/// Retry-After, retries only what is safe to send again, and gives up after a bounded number of tries.
/// </summary>
public sealed class RetryTests
{
    [Fact]
    public async Task AccountsList_429WithRetryAfter_WaitsItOutThenSucceeds()
    {
        await using var server = await ScriptedServer.StartAsync((429, "1"), (200, null));
        var watch = Stopwatch.StartNew();
        var (exit, output, err) = await RunAsync(server, "accounts", "list", "--json");
        watch.Stop();
        Assert.True(exit == CliApp.Ok, err);
        Assert.Contains("Acme", output);
        Assert.Equal(2, server.Requests.Count);
        var gap = server.Requests.ElementAt(1).At - server.Requests.ElementAt(0).At;
        Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"the retry came after {gap.TotalMilliseconds:0} ms, before Retry-After: 1");
    }

    [Fact]
    public async Task AccountsCreate_503ThenOk_RetriedWithTheSameIdempotencyKey()
    {
        await using var server = await ScriptedServer.StartAsync((503, "0"), (201, null));
        var (exit, _, err) = await RunAsync(server, "accounts", "create", "Acme", "--json");
        Assert.True(exit == CliApp.Ok, err);
        var keys = server.Requests.Select(r => r.IdempotencyKey).ToList();
        Assert.Equal(2, keys.Count);
        Assert.NotNull(keys[0]);
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task AccountsList_AlwaysBusy_GivesUpAfterBoundedRetriesWithTheServicesAnswer()
    {
        await using var server = await ScriptedServer.StartAsync(Enumerable.Repeat<(int, string?)>((503, "0"), 20).ToArray());
        var (exit, _, err) = await RunAsync(server, "accounts", "list");
        Assert.Equal(CliApp.Rejected, exit);
        Assert.Contains("503", err);
        Assert.Equal(1 + CliRetries.MaxRetries, server.Requests.Count);
    }

    [Fact]
    public async Task RetryAfter_LongerThanTheCap_IsCapped()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "86400");
        Assert.Equal(CliRetries.MaxRetryAfter, CliRetries.RetryAfter(response, TimeProvider.System));
        response.Headers.Remove("Retry-After");
        response.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddSeconds(3).ToString("R"));
        Assert.InRange(CliRetries.RetryAfter(response, TimeProvider.System)!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(ScriptedServer server, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync([.. args, "--url", server.Url, "--operator-key", "nbo_test"], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A Kestrel server on 127.0.0.1 answering the n-th request with the n-th (status, Retry-After) of its script.</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        public sealed record Seen(DateTimeOffset At, string Method, string? IdempotencyKey);

        private readonly WebApplication _app;
        public ConcurrentQueue<Seen> Requests { get; } = new();
        public string Url { get; private set; } = "";

        private ScriptedServer(WebApplication app) => _app = app;

        public static async Task<ScriptedServer> StartAsync(params (int Status, string? RetryAfter)[] script)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var server = new ScriptedServer(app);
            var next = -1;
            app.Run(async http =>
            {
                server.Requests.Enqueue(new Seen(DateTimeOffset.UtcNow, http.Request.Method, http.Request.Headers["Idempotency-Key"].FirstOrDefault()));
                var (status, retryAfter) = script[Math.Min(Interlocked.Increment(ref next), script.Length - 1)];
                http.Response.StatusCode = status;
                if (retryAfter is not null) http.Response.Headers.RetryAfter = retryAfter;
                http.Response.ContentType = "application/json";
                const string account = """{"id": "0190c7c1-0000-7000-8000-000000000001", "name": "Acme", "api_key": "nbk_x", "created_at": "2026-12-01T08:00:00Z"}""";
                await http.Response.WriteAsync(status >= 300 ? """{"errors": [{"code": "busy", "title": "Busy", "detail": "Try again."}]}"""
                    : HttpMethods.IsPost(http.Request.Method) ? $$"""{"data": {{account}}}""" : $$"""{"data": [{{account}}]}""");
            });
            await app.StartAsync();
            server.Url = app.Urls.Single();
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
