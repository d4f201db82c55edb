using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;

namespace NumberBlocks.Api.Tests.Callbacks;

/// <summary>Helpers shared by the outbox tests: a service with a fake clock, enqueueing, reading outbox rows.</summary>
public static class CallbackTestKit
{
    /// <summary>A service whose callbacks may reach <paramref name="allowedHost"/>, optionally on a fake clock.</summary>
    public static ServiceFactory NewService(string? allowedHost, FakeTimeProvider? clock = null, string? connectionString = null)
    {
        var service = new ServiceFactory(TestDatabase.Sqlite, connectionString);
        if (allowedHost is not null) service.Settings["NumberBlocks:Callbacks:AllowedHosts:0"] = allowedHost;
        if (clock is not null) service.ConfigureServices = s => s.AddSingleton<TimeProvider>(clock);
        _ = service.Server;
        return service;
    }

    /// <summary>
    /// A service on <paramref name="database"/> (a fresh PostgreSQL database unless <paramref name="connectionString"/>
    /// names one to restart on), whose callbacks may reach <paramref name="allowedHost"/>, optionally on a fake clock.
    /// </summary>
    public static async Task<ServiceFactory> NewServiceAsync(TestDatabase database, string? allowedHost, FakeTimeProvider? clock = null,
        string? connectionString = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        if (database == TestDatabase.Postgres) connectionString ??= await TestPostgres.CreateMigratedDatabaseAsync();
        var service = new ServiceFactory(database, connectionString);
        if (allowedHost is not null) service.Settings["NumberBlocks:Callbacks:AllowedHosts:0"] = allowedHost;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) service.Settings[key] = value;
        if (clock is not null) service.ConfigureServices = s => s.AddSingleton<TimeProvider>(clock);
        _ = service.Server;
        return service;
    }

    public static FakeTimeProvider NewClock(DateTimeOffset? start = null) =>
        new(start ?? new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.Zero };

    /// <summary>Enqueues webhooks the way any feature does: inside a WriteTransaction; then wakes the worker.</summary>
    public static async Task<List<Guid>> EnqueueAsync(ServiceFactory service, Guid accountId, string url, int count = 1, string eventType = "test.event")
    {
        var ids = await service.WithDbAsync(async db =>
        {
            var now = service.Services.GetRequiredService<TimeProvider>().GetUtcNow();
            var result = await db.RunAsync<List<Guid>>(_ =>
            {
                var made = new List<Guid>();
                for (var i = 0; i < count; i++)
                    made.Add(Outbox.EnqueueWebhook(db, accountId, url, eventType, JsonSerializer.Serialize(new { type = eventType, n = i }), now).Id);
                return Task.FromResult<NumberBlocks.Domain.Errors.Result<List<Guid>>>(made);
            }, CancellationToken.None);
            return result.Value;
        });
        service.Services.GetRequiredService<OutboxSignal>().Notify();
        return ids;
    }

    /// <summary>
    /// Moves the fake clock and wakes the worker: a worker that was between passes when the clock moved would otherwise
    /// sleep until the next (fake) poll interval, which never comes.
    /// </summary>
    public static void Advance(ServiceFactory service, FakeTimeProvider clock, TimeSpan by)
    {
        clock.Advance(by);
        service.Services.GetRequiredService<OutboxSignal>().Notify();
    }

    public static Task<List<OutboxMessage>> MessagesAsync(ServiceFactory service) =>
        service.WithDbAsync(db => db.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).ToListAsync());

    public static Task<bool> UntilMessagesAsync(ServiceFactory service, Func<List<OutboxMessage>, bool> condition, TimeSpan? timeout = null) =>
        Eventually.TrueAsync(async () => condition(await MessagesAsync(service)), timeout ?? TimeSpan.FromSeconds(20));

    public static async Task<string> SecretAsync(ServiceFactory service, Guid accountId)
    {
        using var op = service.Operator();
        var body = await (await op.GetAsync($"/admin/v1/accounts/{accountId}/webhook_secret")).ExpectAsync(HttpStatusCode.OK);
        return body.GetProperty("data").Str("webhook_secret");
    }

    public static void AssertSigned(ReceivedWebhook hook, string secret)
    {
        Assert.NotNull(hook.Id);
        Assert.NotNull(hook.Timestamp);
        Assert.NotNull(hook.Signature);
        Assert.StartsWith("msg_", hook.Id);
        Assert.True(WebhookSigner.Verify(secret, hook.Id!, long.Parse(hook.Timestamp!, System.Globalization.CultureInfo.InvariantCulture), hook.Body, hook.Signature!),
            $"signature {hook.Signature} does not verify for {hook.Id}");
    }
}
