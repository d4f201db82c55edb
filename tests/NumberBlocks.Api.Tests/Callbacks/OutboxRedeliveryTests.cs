using System.Net;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data.Outbox;
using static NumberBlocks.Api.Tests.Callbacks.CallbackTestKit;

namespace NumberBlocks.Api.Tests.Callbacks;

/// <summary>Issue 9: the operator sends a failed delivery again; the receiver sees the same webhook-id.</summary>
public abstract class OutboxRedeliveryTests(TestDatabase database)
{
    [Fact]
    public async Task Redeliver_FailedMessage_DeliveredAgainWithTheSameWebhookId()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        await using var service = await NewServiceAsync(database, receiver.AllowedHostEntry, clock);
        var account = await service.NewAccountAsync();
        var id = (await EnqueueAsync(service, account.Id, receiver.Url()))[0];
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().Attempts == 1 && ms.Single().LeaseToken is null), "first attempt not made");
        // The worker gives up only after 24 h of retries (OutboxDeliveryTests shows that); here the give-up is written directly.
        await service.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatuses.Failed).SetProperty(m => m.CompletedAt, clock.GetUtcNow())));

        using var op = service.Operator();
        var failed = await (await op.GetAsync("/admin/v1/outbox?filter[status]=failed")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(OutboxMessage.WebhookIdOf(id), failed.GetProperty("data")[0].Str("webhook_id"));

        receiver.Status = 204;
        var answer = await (await op.PostAsync($"/admin/v1/outbox/{id}/redeliver", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("pending", answer.GetProperty("data").Str("status"));
        Assert.Equal(OutboxMessage.WebhookIdOf(id), answer.GetProperty("data").Str("webhook_id"));

        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().Status == OutboxStatuses.Delivered), "not delivered after redelivery");
        var message = (await MessagesAsync(service)).Single();
        Assert.Equal(2, message.Attempts);
        Assert.Equal(204, message.LastStatusCode);
        Assert.Equal(2, receiver.Received.Count);
        Assert.All(receiver.Received, h => Assert.Equal(OutboxMessage.WebhookIdOf(id), h.Id));
        var secret = await SecretAsync(service, account.Id);
        Assert.All(receiver.Received, h => AssertSigned(h, secret));
    }

    [Fact]
    public async Task Redeliver_MessageNotFailed_Is422NamingStatus()
    {
        var clock = NewClock();
        await using var service = await NewServiceAsync(database, allowedHost: null, clock);
        var account = await service.NewAccountAsync();
        // Written directly as delivered, so no worker attempt races the request below.
        var id = Guid.NewGuid();
        await service.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id, AccountId = account.Id, Channel = OutboxChannels.Webhook, EventType = "test.event", Destination = "https://receiver.example/hook",
                Payload = "{}", Status = OutboxStatuses.Delivered, Attempts = 1, NextAttemptAt = clock.GetUtcNow(), CreatedAt = clock.GetUtcNow(),
                UpdatedAt = clock.GetUtcNow(), CompletedAt = clock.GetUtcNow(),
            });
            return await db.SaveChangesAsync();
        });

        using var op = service.Operator();
        await (await op.PostAsync($"/admin/v1/outbox/{id}/redeliver", null)).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status");
        await (await op.PostAsync($"/admin/v1/outbox/{Guid.NewGuid()}/redeliver", null)).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await op.PostAsync("/admin/v1/outbox/not-a-guid/redeliver", null)).ExpectErrorAsync(HttpStatusCode.NotFound);
    }
}

public sealed class OutboxRedeliverySqliteTests() : OutboxRedeliveryTests(TestDatabase.Sqlite);

public sealed class OutboxRedeliveryPostgresTests() : OutboxRedeliveryTests(TestDatabase.Postgres);
