using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data.Outbox;
using static NumberBlocks.Api.Tests.Callbacks.CallbackTestKit;

namespace NumberBlocks.Api.Tests.Callbacks;

/// <summary>The outbox worker against a real loopback receiver: signing, retries, restarts and the SSRF guard.</summary>
public abstract class OutboxDeliveryTests(TestDatabase database)
{
    [Fact]
    public async Task Deliver_ToLoopbackReceiver_PostsSignedBodyOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var service = await NewServiceAsync(database, receiver.AllowedHostEntry);
        var account = await service.NewAccountAsync();
        var ids = await EnqueueAsync(service, account.Id, receiver.Url("/events"), count: 3);

        Assert.True(await UntilMessagesAsync(service, ms => ms.All(m => m.Status == OutboxStatuses.Delivered)), "not all delivered");
        var secret = await SecretAsync(service, account.Id);
        var hooks = receiver.Received.ToList();
        Assert.Equal(3, hooks.Count);
        Assert.All(hooks, h => AssertSigned(h, secret));
        Assert.All(hooks, h => Assert.Equal("/events", h.Path));
        Assert.Equal(ids.Select(OutboxMessage.WebhookIdOf).Order(), hooks.Select(h => h.Id!).Order());
        var messages = await MessagesAsync(service);
        Assert.All(messages, m => Assert.Equal(1, m.Attempts));
        Assert.All(messages, m => Assert.Equal(204, m.LastStatusCode));
    }

    [Fact]
    public async Task Deliver_ReceiverDownThenUp_AllDeliveredWithTheSameIds()
    {
        var clock = NewClock();
        var receiver = await WebhookReceiver.StartAsync();
        var port = receiver.Port;
        await receiver.DisposeAsync(); // down: the port refuses connections
        await using var service = await NewServiceAsync(database, $"127.0.0.1:{port}", clock);
        var account = await service.NewAccountAsync();
        var ids = await EnqueueAsync(service, account.Id, $"http://127.0.0.1:{port}/hook", count: 5);

        Assert.True(await UntilMessagesAsync(service, ms => ms.All(m => m.Attempts >= 1 && m.Status == OutboxStatuses.Pending && m.LastError is not null)),
            "first attempts were not made");
        // Two more failed rounds while still down: the ids stay, the attempts count up, the backoff grows.
        for (var round = 2; round <= 3; round++)
        {
            Advance(service, clock, TimeSpan.FromMinutes(5));
            var r = round;
            Assert.True(await UntilMessagesAsync(service, ms => ms.All(m => m.Attempts >= r && m.LeaseToken is null)), $"round {round} not attempted");
        }

        await using var up = await WebhookReceiver.StartAsync(port);
        Advance(service, clock, TimeSpan.FromMinutes(5));
        Assert.True(await UntilMessagesAsync(service, ms => ms.All(m => m.Status == OutboxStatuses.Delivered)), "not delivered after the receiver came back");
        var secret = await SecretAsync(service, account.Id);
        Assert.Equal(ids.Select(OutboxMessage.WebhookIdOf).Order(), up.Received.Select(h => h.Id!).Order());
        Assert.All(up.Received, h => AssertSigned(h, secret));
        Assert.All(await MessagesAsync(service), m => Assert.True(m.Attempts >= 4, $"attempts {m.Attempts}"));
    }

    [Fact]
    public async Task Deliver_ReceiverFailsForADay_MarkedFailedAfterAtLeast24HoursAndVisible()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = 500;
        await using var service = await NewServiceAsync(database, receiver.AllowedHostEntry, clock);
        var account = await service.NewAccountAsync();
        var start = clock.GetUtcNow();
        var id = (await EnqueueAsync(service, account.Id, receiver.Url()))[0];

        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().Attempts == 1 && ms.Single().LeaseToken is null), "first attempt not made");
        for (var i = 0; i < 60; i++)
        {
            var before = (await MessagesAsync(service)).Single();
            if (before.Status != OutboxStatuses.Pending) break;
            Advance(service, clock, TimeSpan.FromMinutes(73)); // beyond the longest delay (1 h + 20 % jitter)
            Assert.True(await UntilMessagesAsync(service, ms => ms.Single().Status != OutboxStatuses.Pending || ms.Single().Attempts > before.Attempts && ms.Single().LeaseToken is null),
                $"attempt after {before.Attempts} not made");
        }
        var message = (await MessagesAsync(service)).Single();
        Assert.Equal(OutboxStatuses.Failed, message.Status);
        Assert.Equal(500, message.LastStatusCode);
        Assert.True(message.CompletedAt - start >= TimeSpan.FromHours(24), $"gave up after {message.CompletedAt - start}");
        Assert.True(message.Attempts >= 10, $"only {message.Attempts} attempts");
        Assert.Equal(message.Attempts, receiver.Received.Count);
        Assert.All(receiver.Received, h => Assert.Equal(OutboxMessage.WebhookIdOf(id), h.Id));

        using var op = service.Operator();
        var list = await (await op.GetAsync($"/admin/v1/outbox?filter[status]=failed&filter[account_id]={account.Id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(OutboxMessage.WebhookIdOf(id), list.GetProperty("data")[0].Str("webhook_id"));
    }

    [Fact]
    public async Task Deliver_ServiceKilledMidDelivery_DeliveredAfterRestartWithSameId()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = true;
        var first = await NewServiceAsync(database, receiver.AllowedHostEntry, clock);
        first.KeepData = true;
        var account = await first.NewAccountAsync();
        var id = (await EnqueueAsync(first, account.Id, receiver.Url()))[0];
        Assert.True(await receiver.WaitForAsync(1), "the first attempt never reached the receiver");
        await first.DisposeAsync(); // the delivery is in flight: no outcome is recorded

        receiver.Hold = false;
        var later = NewClock(clock.GetUtcNow() + TimeSpan.FromSeconds(61)); // the dead worker's lease has expired
        await using var second = await NewServiceAsync(database, receiver.AllowedHostEntry, later, first.ConnectionString);
        Assert.True(await UntilMessagesAsync(second, ms => ms.Single().Status == OutboxStatuses.Delivered), "not delivered after the restart");
        var hooks = receiver.Received.ToList();
        Assert.Equal(2, hooks.Count);
        Assert.All(hooks, h => Assert.Equal(OutboxMessage.WebhookIdOf(id), h.Id));
        AssertSigned(hooks[1], await SecretAsync(second, account.Id));
    }

    [Fact]
    public async Task Deliver_LeaseNotExpired_RestartedWorkerWaits()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = true;
        var first = await NewServiceAsync(database, receiver.AllowedHostEntry, clock);
        first.KeepData = true;
        var account = await first.NewAccountAsync();
        await EnqueueAsync(first, account.Id, receiver.Url());
        Assert.True(await receiver.WaitForAsync(1));
        await first.DisposeAsync();

        receiver.Hold = false;
        var later = NewClock(clock.GetUtcNow() + TimeSpan.FromSeconds(30));
        await using var second = await NewServiceAsync(database, receiver.AllowedHostEntry, later, first.ConnectionString);
        await Task.Delay(1500);
        Assert.Single(receiver.Received); // still leased by the dead attempt: nobody delivers it twice at once
        Advance(second, later, TimeSpan.FromSeconds(31));
        Assert.True(await UntilMessagesAsync(second, ms => ms.Single().Status == OutboxStatuses.Delivered));
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task Deliver_LeaseExpiresWhileQueued_FormerHolderDoesNotSendItAndItIsDeliveredOnce()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = true;
        var oneAtATime = new Dictionary<string, string> { ["NumberBlocks:Callbacks:MaxConcurrency"] = "1" };
        await using var first = await NewServiceAsync(database, receiver.AllowedHostEntry, clock, settings: oneAtATime);
        var account = await first.NewAccountAsync();
        var ids = (await EnqueueAsync(first, account.Id, receiver.Url(), count: 2)).Select(OutboxMessage.WebhookIdOf).ToList();
        Assert.True(await receiver.WaitForAsync(1), "the first attempt never reached the receiver");
        // The first worker has one message in flight and the other leased, waiting behind it; both leases expire, and a
        // second worker leases both again.
        var inFlight = receiver.Received.Single().Id!;
        var queued = ids.Single(id => id != inFlight);
        clock.Advance(TimeSpan.FromMinutes(10));
        receiver.Hold = false;
        var second = await NewServiceAsync(database, receiver.AllowedHostEntry, clock, first.ConnectionString, oneAtATime);
        second.KeepData = true;
        try
        {
            Assert.True(await UntilMessagesAsync(second, ms => ms.All(m => m.Attempts >= 2)), "the expired leases were not taken again");
            receiver.ReleaseHeld(); // the first worker's attempt ends; the message queued behind it is no longer its to send
            Assert.True(await UntilMessagesAsync(second, ms => ms.All(m => m.Status == OutboxStatuses.Delivered)), "not delivered");
            await Task.Delay(1500);
            Assert.Equal(2, receiver.Received.Count(h => h.Id == inFlight));
            Assert.Equal(1, receiver.Received.Count(h => h.Id == queued));
            Assert.All(await MessagesAsync(second), m => Assert.Equal(2, m.Attempts));
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task Deliver_StoppedWithMessagesInFlightAndQueued_NoneLostAndEachDeliveredAfterRestart()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = true;
        var twoAtATime = new Dictionary<string, string> { ["NumberBlocks:Callbacks:MaxConcurrency"] = "2" };
        var first = await NewServiceAsync(database, receiver.AllowedHostEntry, clock, settings: twoAtATime);
        first.KeepData = true;
        var account = await first.NewAccountAsync();
        var ids = (await EnqueueAsync(first, account.Id, receiver.Url(), count: 6)).Select(OutboxMessage.WebhookIdOf).ToList();
        Assert.True(await receiver.WaitForAsync(2), "the first attempts never reached the receiver");
        await first.DisposeAsync(); // two attempts in flight, four leased and queued: no outcome is known
        var sentBeforeStop = receiver.Received.Select(h => h.Id!).ToList();
        Assert.Equal(2, sentBeforeStop.Count);

        // Read at the instant of the stop, when every lease still holds (so this service's worker leases nothing): each
        // message is still pending under the stopped worker's lease, none completed or dropped.
        var look = await NewServiceAsync(database, null, NewClock(clock.GetUtcNow()), first.ConnectionString);
        look.KeepData = true;
        await using (look)
            Assert.All(await MessagesAsync(look), m => Assert.True(m is { Status: OutboxStatuses.Pending, Attempts: 1, LeaseToken: not null }, $"{m.Status} {m.Attempts}"));

        receiver.Hold = false;
        var later = NewClock(clock.GetUtcNow() + TimeSpan.FromMinutes(10)); // every lease of the stopped worker has expired
        await using var second = await NewServiceAsync(database, receiver.AllowedHostEntry, later, first.ConnectionString, twoAtATime);
        Assert.True(await UntilMessagesAsync(second, ms => ms.Count == 6 && ms.All(m => m.Status == OutboxStatuses.Delivered)), "not all delivered after the restart");
        Assert.All(ids, id => Assert.Equal(sentBeforeStop.Contains(id) ? 2 : 1, receiver.Received.Count(h => h.Id == id)));
    }

    [Fact]
    public async Task Deliver_LoopbackNotAllowed_RefusedAtConnectTimeAndFailed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var service = await NewServiceAsync(database, allowedHost: null);
        var account = await service.NewAccountAsync();
        await EnqueueAsync(service, account.Id, receiver.Url());
        await EnqueueAsync(service, account.Id, $"http://localhost:{receiver.Port}/hook");
        await EnqueueAsync(service, account.Id, "http://169.254.169.254/latest/meta-data/");
        await EnqueueAsync(service, account.Id, "http://[::1]:9/x");

        Assert.True(await UntilMessagesAsync(service, ms => ms.Count == 4 && ms.All(m => m.Status == OutboxStatuses.Failed)), "not all refused");
        Assert.All(await MessagesAsync(service), m => Assert.Contains("refused", m.LastError));
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Deliver_AllowedOnOtherPortOnly_StillRefused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var service = await NewServiceAsync(database, $"127.0.0.1:{receiver.Port + 1}");
        var account = await service.NewAccountAsync();
        await EnqueueAsync(service, account.Id, receiver.Url());
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().Status == OutboxStatuses.Failed));
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Deliver_ReceiverRedirects_NotFollowedAndRetried()
    {
        await using var target = await WebhookReceiver.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.RedirectTo = target.Url();
        await using var service = await NewServiceAsync(database, receiver.AllowedHostEntry);
        var account = await service.NewAccountAsync();
        await EnqueueAsync(service, account.Id, receiver.Url());
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().LastStatusCode == 302));
        var message = (await MessagesAsync(service)).Single();
        Assert.Equal(OutboxStatuses.Pending, message.Status);
        Assert.Contains("redirect", message.LastError);
        Assert.Empty(target.Received);
    }

    [Fact]
    public async Task RotateSecret_NextDeliverySignedWithNewSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var service = await NewServiceAsync(database, receiver.AllowedHostEntry);
        var account = await service.NewAccountAsync();
        var old = await SecretAsync(service, account.Id);
        using var op = service.Operator();
        var rotated = await (await op.PostAsync($"/admin/v1/accounts/{account.Id}/webhook_secret/rotate", null)).ExpectAsync(HttpStatusCode.OK);
        var fresh = rotated.GetProperty("data").Str("webhook_secret");
        Assert.NotEqual(old, fresh);
        Assert.StartsWith("whsec_", fresh);
        await EnqueueAsync(service, account.Id, receiver.Url());
        Assert.True(await receiver.WaitForAsync(1));
        AssertSigned(receiver.Received.Single(), fresh);
    }

    [Fact]
    public async Task Email_WithoutSmtp_RecordedForTheOperator()
    {
        await using var service = await NewServiceAsync(database, allowedHost: null);
        var account = await service.NewAccountAsync();
        using var op = service.Operator();
        await (await op.PutAsJsonAsync($"/admin/v1/accounts/{account.Id}/notification_email", new { email = "noc@example.com" })).ExpectAsync(HttpStatusCode.OK);
        await (await op.PutAsJsonAsync($"/admin/v1/accounts/{account.Id}/notification_email", new { email = "not-an-address" }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/email");
        await service.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            return await NumberBlocks.Data.WriteTransaction.RunAsync<OutboxMessage>(db, _ =>
                Task.FromResult<NumberBlocks.Domain.Errors.Result<OutboxMessage>>(Outbox.EnqueueEmail(db, account.Id, "noc@example.com", "Subject", "Body", "test.mail", now)),
                CancellationToken.None);
        });
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().Status == OutboxStatuses.Recorded));
        var list = await (await op.GetAsync("/admin/v1/outbox?filter[channel]=email&filter[status]=recorded")).ExpectAsync(HttpStatusCode.OK);
        var row = list.GetProperty("data")[0];
        Assert.Equal("noc@example.com", row.Str("destination"));
        var one = await (await op.GetAsync($"/admin/v1/outbox/{row.Str("id")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Body", one.GetProperty("data").Str("payload"));
    }

    [Fact]
    public async Task Deliver_TwoWorkersOnOneDatabase_EachMessageDeliveredOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = await NewServiceAsync(database, receiver.AllowedHostEntry);
        first.KeepData = true;
        await using var second = await NewServiceAsync(database, receiver.AllowedHostEntry, connectionString: first.ConnectionString);
        try
        {
            var account = await first.NewAccountAsync();
            var ids = await EnqueueAsync(first, account.Id, receiver.Url(), count: 40);
            second.Services.GetRequiredService<OutboxSignal>().Notify();
            Assert.True(await UntilMessagesAsync(second, ms => ms.Count == 40 && ms.All(m => m.Status == OutboxStatuses.Delivered)));
            var got = receiver.Received.Select(h => h.Id!).ToList();
            Assert.Equal(40, got.Count);
            Assert.Equal(ids.Select(OutboxMessage.WebhookIdOf).Order(), got.Order());
            Assert.All(await MessagesAsync(second), m => Assert.Equal(1, m.Attempts));
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Email_WithSmtpServer_IsSentThroughMailKit()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        await using var service = await NewServiceAsync(database, null, settings: SmtpSettings(smtp));
        var account = await service.NewAccountAsync();
        var id = await EnqueueEmailAsync(service, account.Id);
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().Status == OutboxStatuses.Delivered), "the mail was not sent");
        var mail = Assert.Single(smtp.Mails);
        Assert.Equal("Request done", mail.Subject);
        Assert.Equal("noc@example.com", mail.To.Mailboxes.Single().Address);
        Assert.Equal("numbers@example.net", mail.From.Mailboxes.Single().Address);
        Assert.Contains("All numbers assigned.", mail.TextBody);
        Assert.Equal(OutboxMessage.WebhookIdOf(id), mail.Headers["X-NumberBlocks-Message-Id"]);
        Assert.Equal($"{OutboxMessage.WebhookIdOf(id)}@numberblocks", mail.MessageId);
    }

    [Fact]
    public async Task Email_SmtpServerDown_RetriedThroughTheOutboxAndDeliveredWhenItIsBack()
    {
        var clock = NewClock();
        await using var smtp = await TestSmtpServer.StartAsync(started: false); // down: the port refuses connections
        await using var service = await NewServiceAsync(database, null, clock, settings: SmtpSettings(smtp));
        var account = await service.NewAccountAsync();
        var id = await EnqueueEmailAsync(service, account.Id);

        Assert.True(await UntilMessagesAsync(service, ms => ms.Single() is { Attempts: >= 1, Status: OutboxStatuses.Pending, LastError: not null, LeaseToken: null }),
            "no failed first attempt");
        Assert.Contains("SMTP server refused or could not be reached", (await MessagesAsync(service)).Single().LastError);
        Advance(service, clock, TimeSpan.FromMinutes(5));
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single() is { Attempts: >= 2, LeaseToken: null }), "no second attempt while down");
        Assert.Empty(smtp.Mails);

        await smtp.UpAsync();
        Advance(service, clock, TimeSpan.FromMinutes(5));
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().Status == OutboxStatuses.Delivered), "not delivered after the server came back");
        var mail = Assert.Single(smtp.Mails);
        Assert.Equal(OutboxMessage.WebhookIdOf(id), mail.Headers["X-NumberBlocks-Message-Id"]);
        Assert.True((await MessagesAsync(service)).Single().Attempts >= 3);
    }

    [Fact]
    public async Task Email_RequiredStartTlsNotOffered_NotSentInPlainText()
    {
        await using var smtp = await TestSmtpServer.StartAsync();
        var settings = SmtpSettings(smtp);
        settings["NumberBlocks:Smtp:Tls"] = "starttls";
        await using var service = await NewServiceAsync(database, null, settings: settings);
        var account = await service.NewAccountAsync();
        await EnqueueEmailAsync(service, account.Id);
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single() is { Attempts: >= 1, LastError: not null, LeaseToken: null }), "no attempt");
        Assert.Equal(OutboxStatuses.Pending, (await MessagesAsync(service)).Single().Status);
        Assert.Empty(smtp.Mails);
    }

    private static Dictionary<string, string> SmtpSettings(TestSmtpServer smtp) => new()
    {
        ["NumberBlocks:Smtp:Host"] = "127.0.0.1",
        ["NumberBlocks:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["NumberBlocks:Smtp:From"] = "numbers@example.net",
        ["NumberBlocks:Smtp:Tls"] = "none",
    };

    private static async Task<Guid> EnqueueEmailAsync(ServiceFactory service, Guid accountId)
    {
        var now = service.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var id = await service.WithDbAsync(async db =>
            (await NumberBlocks.Data.WriteTransaction.RunAsync<OutboxMessage>(db, _ =>
                Task.FromResult<NumberBlocks.Domain.Errors.Result<OutboxMessage>>(Outbox.EnqueueEmail(db, accountId, "noc@example.com", "Request done", "All numbers assigned.", "test.mail", now)),
                CancellationToken.None)).Value.Id);
        service.Services.GetRequiredService<OutboxSignal>().Notify();
        return id;
    }

    [Fact]
    public async Task Deliver_ReceiverTooSlow_CountsAsFailedAttemptAndIsRetried()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = true;
        await using var service = await NewServiceAsync(database, receiver.AllowedHostEntry, clock,
            settings: new Dictionary<string, string> { ["NumberBlocks:Callbacks:TimeoutSeconds"] = "1" });
        var account = await service.NewAccountAsync();
        var id = (await EnqueueAsync(service, account.Id, receiver.Url()))[0];
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().LastError is not null && ms.Single().LeaseToken is null), "no timed-out attempt");
        var slow = (await MessagesAsync(service)).Single();
        Assert.Equal(OutboxStatuses.Pending, slow.Status);
        Assert.Contains("did not answer within 1 s", slow.LastError);

        receiver.Hold = false;
        Advance(service, clock, TimeSpan.FromMinutes(1));
        Assert.True(await UntilMessagesAsync(service, ms => ms.Single().Status == OutboxStatuses.Delivered));
        Assert.Equal(2, receiver.Received.Count);
        Assert.All(receiver.Received, h => Assert.Equal(OutboxMessage.WebhookIdOf(id), h.Id));
    }
}

public sealed class OutboxDeliverySqliteTests() : OutboxDeliveryTests(TestDatabase.Sqlite);

public sealed class OutboxDeliveryPostgresTests() : OutboxDeliveryTests(TestDatabase.Postgres);
