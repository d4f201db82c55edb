using System.Net;
using System.Text.Json;
using NumberBlocks.Api.Tests.Callbacks;
using NumberBlocks.Api.Tests.Infrastructure;
using static NumberBlocks.Api.Tests.Requests.RequestTestKit;

namespace NumberBlocks.Api.Tests.Requests;

/// <summary>Issue 4 "resolved when": a request against empty stock goes pending, stock arrives, it completes, the receiver gets signed callbacks.</summary>
public abstract class NumberRequestEndToEndTests(TestDatabase database)
{
    [Fact]
    public async Task Request_EmptyStockThenImport_CompletesAndReceiverGetsSignedCallbacks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var service = await CallbackTestKit.NewServiceAsync(database, receiver.AllowedHostEntry);
        var account = await service.NewAccountAsync();
        using var cm = CmClient(service, account);

        var created = await CreateRequestAsync(cm, account, new
        {
            quantity = 5, numberType = "local", areaCode = "201", city = "Essen", countryCode = "DE", callbackUrl = receiver.Url("/cm"),
            comment = "distribution group 7",
        });
        Assert.Equal("pending", created.Str("status"));
        foreach (var field in new[] { "id", "start", "validFrom", "validTo" })
            Assert.Equal(JsonValueKind.Null, created.GetProperty(field).ValueKind);
        var requestId = created.Str("numberRequestId");

        var import = await ImportAsync(service, "start_at,end_at,number_type,area_code,city,region\n+4920123456000,+4920123456999,local,201,Essen,NRW\n");
        Assert.Equal(1000, import.GetProperty("loaded_numbers").GetInt64());

        Assert.True(await UntilStatusAsync(cm, account, requestId, "completed"), "the request did not complete after the import");
        var done = await GetRequestAsync(cm, account, requestId);
        Assert.Equal("+4920123456000", done.Str("start"));
        Assert.Equal(JsonValueKind.String, done.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.String, done.GetProperty("validFrom").ValueKind);
        Assert.Equal(5, done.GetProperty("assignedQuantity").GetInt32());
        var range = done.GetProperty("numberRanges").EnumerateArray().Single();
        Assert.Equal("+4920123456004", range.Str("end"));

        Assert.True(await receiver.WaitForAsync(2), "the receiver did not get both callbacks");
        var secret = await CallbackTestKit.SecretAsync(service, account.Id);
        var hooks = receiver.Received.ToList();
        Assert.All(hooks, h => CallbackTestKit.AssertSigned(h, secret));
        Assert.Equal(hooks.Count, hooks.Select(h => h.Id).Distinct().Count());
        var bodies = hooks.Select(h => JsonDocument.Parse(h.Body).RootElement).ToList();
        Assert.Equal(["pending", "completed"], bodies.Select(b => b.Str("status")));
        Assert.All(bodies, b => Assert.Equal(requestId, b.Str("numberRequestId")));
        Assert.Equal("+4920123456000", bodies[1].Str("start"));

        await AssertBalancedAsync(service, loaded: 1000, assigned: 5);
    }
}

public sealed class NumberRequestEndToEndSqliteTests() : NumberRequestEndToEndTests(TestDatabase.Sqlite);

public sealed class NumberRequestEndToEndPostgresTests() : NumberRequestEndToEndTests(TestDatabase.Postgres);
