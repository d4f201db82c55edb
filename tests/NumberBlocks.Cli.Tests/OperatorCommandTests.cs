using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data.Outbox;

namespace NumberBlocks.Cli.Tests;

/// <summary>properties, blocks, requests and callbacks commands against the real service: --json parsed, tables, exit codes.</summary>
public sealed class OperatorCommandTests : CliHarness
{
    [Fact]
    public async Task Properties_CreateAndList()
    {
        var account = await Service.NewAccountAsync();
        var created = await JsonAsync("properties", "create", account.Id.ToString(), "Acme Sydney");
        Assert.Equal("Acme Sydney", created.GetProperty("Name").GetString());
        Assert.Equal(account.Id.ToString(), created.GetProperty("AccountSid").GetString());

        var list = await JsonAsync("properties", "list", account.Id.ToString());
        Assert.Equal(created.GetProperty("PropertySid").GetString(), Assert.Single(list.EnumerateArray()).GetProperty("PropertySid").GetString());

        var table = await RunAsync("properties", "list", account.Id.ToString());
        Assert.Contains("Acme Sydney", table.Out);

        var unknown = await RunAsync("properties", "list", Guid.NewGuid().ToString());
        Assert.Equal(CliApp.Rejected, unknown.Exit);
        Assert.Contains("404", unknown.Err);
    }

    [Fact]
    public async Task Blocks_PublishAndList_RefusalNamesTheField()
    {
        var block = await JsonAsync("blocks", "publish", "+61288800000", "+61288800099", "--type", "local", "--area-code", "2", "--sms", "true");
        Assert.Equal("Available", block.GetProperty("Status").GetString());
        Assert.Equal(100, block.GetProperty("Size").GetInt64());
        Assert.True(block.GetProperty("Sms").GetBoolean());

        var available = await JsonAsync("blocks", "list", "--status", "available");
        Assert.Contains(available.EnumerateArray(), b => b.GetProperty("NumberBlockSid").GetString() == block.GetProperty("NumberBlockSid").GetString());
        Assert.Empty((await JsonAsync("blocks", "list", "--status", "sold")).EnumerateArray());

        var again = await RunAsync("blocks", "publish", "+61288800000", "+61288800099");
        Assert.Equal(CliApp.Rejected, again.Exit); // the ledger holds those numbers already

        var odd = await RunAsync("blocks", "publish", "+61288800000", "+61288800040");
        Assert.Equal(CliApp.Rejected, odd.Exit);
        Assert.Contains("Refused by the service: 422: /start_at: +61288800000", odd.Err); // the service names the field

        var badFilter = await RunAsync("blocks", "list", "--status", "gone");
        Assert.Equal(CliApp.Rejected, badFilter.Exit);
        Assert.Contains("filter[status]", badFilter.Err);
    }

    [Fact]
    public async Task Requests_ListPendingAcceptReject()
    {
        var account = await Service.NewAccountAsync();
        using var cm = Service.CreateClient();
        cm.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", account.ApiKey);
        async Task<string> AskAsync(string city)
        {
            var response = await cm.PostAsJsonAsync($"/voice/phonenumberrequestapi/v1/{account.Id}/numberrequests",
                new { quantity = 5, numberType = "local", areaCode = "201", city, countryCode = "DE" });
            return (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("numberRequestId").GetString()!;
        }
        var first = await AskAsync("Essen");
        var second = await AskAsync("Essen");

        var pending = await JsonAsync("requests", "list");
        Assert.Equal(new List<string?> { first, second }, pending.EnumerateArray().Select(r => r.GetProperty("numberRequestId").GetString()).ToList());

        var accepted = await JsonAsync("requests", "accept", first);
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        var rejected = await JsonAsync("requests", "reject", second, "--reason", "No numbers left in Essen");
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("No numbers left in Essen", rejected.GetProperty("statusReason").GetString());

        Assert.Empty((await JsonAsync("requests", "list")).EnumerateArray());
        Assert.Equal(2, (await JsonAsync("requests", "list", "--status", "all")).GetArrayLength());

        Assert.Equal(CliApp.Usage, (await RunAsync("requests", "reject", first)).Exit); // --reason is required
        var final = await RunAsync("requests", "accept", second);
        Assert.Equal(CliApp.Rejected, final.Exit);
        Assert.Contains("/status", final.Err);

        // Stock arrives: the accepted request is completed by the fulfilment worker.
        Assert.Equal(CliApp.Ok, (await RunAsync("stock", "add", "+4920123456000", "+4920123456099", "--type", "local", "--area-code", "201", "--city", "Essen")).Exit);
        var completed = false;
        for (var i = 0; i < 200 && !completed; i++)
        {
            completed = (await JsonAsync("requests", "list", "--status", "completed")).EnumerateArray().Any(r => r.GetProperty("numberRequestId").GetString() == first);
            if (!completed) await Task.Delay(100);
        }
        Assert.True(completed, "the accepted request was not completed");
    }

    [Fact]
    public async Task Callbacks_ListFailedAndRedeliver_KeepsTheWebhookId()
    {
        var account = await Service.NewAccountAsync();
        var failedId = await AddMessageAsync(account.Id, OutboxStatuses.Failed);
        // A second message, delivered: written as such so no worker attempt touches it while the test looks.
        var deliveredId = await AddMessageAsync(account.Id, OutboxStatuses.Delivered);

        var failed = await JsonAsync("callbacks", "list", "--account", account.Id.ToString());
        var listed = Assert.Single(failed.EnumerateArray());
        Assert.Equal(OutboxMessage.WebhookIdOf(failedId), listed.GetProperty("webhook_id").GetString());
        Assert.Contains("HTTP 500", (await RunAsync("callbacks", "list")).Out);
        Assert.Equal(2, (await JsonAsync("callbacks", "list", "--status", "all", "--account", account.Id.ToString())).GetArrayLength());

        var shown = await JsonAsync("callbacks", "show", failedId.ToString());
        Assert.Equal("{}", shown.GetProperty("payload").GetString());

        // The answer is written in the request; the worker's attempt that follows may change the row afterwards.
        var redelivered = await JsonAsync("callbacks", "redeliver", failedId.ToString());
        Assert.Equal("pending", redelivered.GetProperty("status").GetString());
        Assert.Equal(OutboxMessage.WebhookIdOf(failedId), redelivered.GetProperty("webhook_id").GetString());

        var notFailed = await RunAsync("callbacks", "redeliver", deliveredId.ToString());
        Assert.Equal(CliApp.Rejected, notFailed.Exit);
        Assert.Contains("/status: Only a failed delivery can be redelivered", notFailed.Err);
    }

    private async Task<Guid> AddMessageAsync(Guid accountId, string status)
    {
        var id = Guid.NewGuid();
        await Service.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = id, AccountId = accountId, Channel = OutboxChannels.Webhook, EventType = "porting_order.status_changed",
                Destination = "https://receiver.example/hook", Payload = "{}", Status = status, Attempts = 12,
                LastStatusCode = 500, LastError = "HTTP 500", NextAttemptAt = now, CreatedAt = now.AddDays(-1), UpdatedAt = now, CompletedAt = now,
            });
            return await db.SaveChangesAsync();
        });
        return id;
    }
}
