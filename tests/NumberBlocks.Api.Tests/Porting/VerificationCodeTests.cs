using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Tests.Callbacks;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Tests.Porting;

/// <summary>
/// Porting verification codes: sent through the outbox (a signed webhook and an e-mail), stored only as a salted hash,
/// expiring on the service's clock, and refused after too many wrong attempts.
/// </summary>
public abstract class VerificationCodeTests(TestDatabase database) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private ServiceFactory _service = null!;
    private FakeTimeProvider _clock = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
        _clock = CallbackTestKit.NewClock();
        _service = await CallbackTestKit.NewServiceAsync(database, _receiver.AllowedHostEntry, _clock);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private async Task<(TestAccount Account, string OrderId)> OrderWithWebhookAsync(params string[] numbers)
    {
        var account = await _service.NewAccountAsync();
        using (var op = _service.Operator())
            await (await op.PutAsJsonAsync($"/admin/v1/accounts/{account.Id}/notification_email", new { email = "porting@example.com" })).ExpectAsync(HttpStatusCode.OK);
        var created = await account.Client.PostAsync("/v2/porting_orders", Json.Body(JsonSerializer.Serialize(new { phone_numbers = numbers })));
        var id = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        await (await account.Client.PatchAsync($"/v2/porting_orders/{id}", Json.Body(JsonSerializer.Serialize(new { webhook_url = _receiver.Url("/codes") }))))
            .ExpectAsync(HttpStatusCode.OK);
        return (account, id);
    }

    /// <summary>The codes of the newest webhook the receiver got, by number.</summary>
    private Dictionary<string, string> CodesOf(ReceivedWebhook hook)
    {
        var data = JsonDocument.Parse(hook.Body).RootElement.GetProperty("data");
        Assert.Equal("porting_order.verification_codes_sent", data.Str("event_type"));
        return data.GetProperty("payload").GetProperty("verification_codes").EnumerateArray().ToDictionary(c => c.Str("phone_number"), c => c.Str("code"));
    }

    private static Task<HttpResponseMessage> VerifyAsync(TestAccount account, string orderId, string number, string code) =>
        account.Client.PostAsync($"/v2/porting_orders/{orderId}/verification_codes/verify",
            Json.Body(JsonSerializer.Serialize(new { verification_codes = new[] { new { phone_number = number, code } } })));

    [Fact]
    public async Task Send_QueuesSignedWebhookAndEmail_StoresOnlyTheHash_AndVerifyMarksTheNumber()
    {
        var (account, id) = await OrderWithWebhookAsync("+13035558001", "+13035558002");
        var secret = await CallbackTestKit.SecretAsync(_service, account.Id);

        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/verification_codes/send", null)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.True(await _receiver.WaitForAsync(1), "no webhook arrived");
        var hook = _receiver.Received.Single();
        Assert.Equal("/codes", hook.Path);
        CallbackTestKit.AssertSigned(hook, secret);
        var codes = CodesOf(hook);
        Assert.Equal(new[] { "+13035558001", "+13035558002" }, codes.Keys.Order());
        Assert.All(codes.Values, c => Assert.Matches("^[0-9]{6}$", c));

        var email = (await CallbackTestKit.MessagesAsync(_service)).Single(m => m.Channel == OutboxChannels.Email);
        Assert.Equal("porting@example.com", email.Destination);
        Assert.Contains($"+13035558001: {codes["+13035558001"]}", email.Payload);

        var stored = await _service.WithDbAsync(db => db.PortingVerificationCodes.AsNoTracking().ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.All(stored, s =>
        {
            var code = codes[$"+{s.PhoneNumber}"];
            Assert.DoesNotContain(code, s.CodeHash);
            Assert.Equal(PortingVerification.Hash(code, s.CodeSalt), s.CodeHash);
            Assert.Equal(_clock.GetUtcNow() + PortingVerification.Lifetime, s.ExpiresAt);
        });

        var listed = await (await account.Client.GetAsync($"/v2/porting_orders/{id}/verification_codes")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, listed.GetProperty("meta").GetProperty("total_results").GetInt32());
        Assert.DoesNotContain(codes["+13035558001"], listed.GetRawText());
        Assert.All(listed.GetProperty("data").EnumerateArray(), c =>
            Assert.Equal(("porting_verification_code", id, false), (c.Str("record_type"), c.Str("porting_order_id"), c.GetProperty("verified").GetBoolean())));

        var verified = await (await VerifyAsync(account, id, "+13035558001", codes["+13035558001"])).ExpectAsync(HttpStatusCode.OK);
        var one = verified.GetProperty("data").EnumerateArray().Single();
        Assert.Equal(("+13035558001", true), (one.Str("phone_number"), one.GetProperty("verified").GetBoolean()));
        var onlyVerified = await (await account.Client.GetAsync($"/v2/porting_orders/{id}/verification_codes?filter[verified]=true")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { "+13035558001" }, onlyVerified.GetProperty("data").EnumerateArray().Select(c => c.Str("phone_number")));
        var notVerified = await (await account.Client.GetAsync($"/v2/porting_orders/{id}/verification_codes?filter[verified]=false")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { "+13035558002" }, notVerified.GetProperty("data").EnumerateArray().Select(c => c.Str("phone_number")));
    }

    [Fact]
    public async Task WrongCodes_CountAttempts_UntilTheCodeIsSpent_AndANewCodeStartsAgain()
    {
        var (account, id) = await OrderWithWebhookAsync("+13035558011");
        await (await account.Client.PostAsJsonAsync($"/v2/porting_orders/{id}/verification_codes/send",
            new { phone_numbers = new[] { "+13035558011" }, verification_method = "call" })).ExpectAsync(HttpStatusCode.NoContent);
        Assert.True(await _receiver.WaitForAsync(1));
        var code = CodesOf(_receiver.Received.Last())["+13035558011"];
        var wrong = code == "000000" ? "000001" : "000000";

        for (var i = 1; i <= PortingVerification.MaxAttempts; i++)
        {
            var refused = await (await VerifyAsync(account, id, "+13035558011", wrong))
                .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/verification_codes/0/code", "verification_code.wrong");
            Assert.Contains($"{PortingVerification.MaxAttempts - i} attempt(s) left", refused.GetProperty("errors")[0].Str("detail"));
        }
        // Spent: even the right code is refused now.
        await (await VerifyAsync(account, id, "+13035558011", code))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/verification_codes/0/code", "verification_code.attempts_exceeded");
        var row = await _service.WithDbAsync(db => db.PortingVerificationCodes.AsNoTracking().SingleAsync());
        Assert.Equal((PortingVerification.MaxAttempts, false, "call"), (row.Attempts, row.Verified, row.VerificationMethod));

        await (await account.Client.PostAsJsonAsync($"/v2/porting_orders/{id}/verification_codes/send", new { phone_numbers = new[] { "+13035558011" } }))
            .ExpectAsync(HttpStatusCode.NoContent);
        Assert.True(await _receiver.WaitForAsync(2));
        var fresh = CodesOf(_receiver.Received.Last())["+13035558011"];
        await (await VerifyAsync(account, id, "+13035558011", fresh)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, await _service.WithDbAsync(db => db.PortingVerificationCodes.CountAsync()));
    }

    [Fact]
    public async Task ConcurrentWrongAttempts_CannotPassTheLimit()
    {
        var (account, id) = await OrderWithWebhookAsync("+13035558041");
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/verification_codes/send", null)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.True(await _receiver.WaitForAsync(1));
        var code = CodesOf(_receiver.Received.Last())["+13035558041"];
        var wrong = code == "000000" ? "000001" : "000000";

        var answers = await Task.WhenAll(Enumerable.Range(0, PortingVerification.MaxAttempts + 3).Select(async _ =>
        {
            var body = await (await VerifyAsync(account, id, "+13035558041", wrong)).ExpectAsync(HttpStatusCode.UnprocessableEntity);
            return body.GetProperty("errors")[0].GetProperty("meta").Str("reason");
        }));
        Assert.Equal(PortingVerification.MaxAttempts, answers.Count(a => a == "verification_code.wrong"));
        Assert.Equal(3, answers.Count(a => a == "verification_code.attempts_exceeded"));
        var row = await _service.WithDbAsync(db => db.PortingVerificationCodes.AsNoTracking().SingleAsync(c => c.PortingOrderId == Guid.Parse(id)));
        Assert.Equal(PortingVerification.MaxAttempts, row.Attempts);
    }

    [Fact]
    public async Task ACode_ExpiresOnTheServicesClock()
    {
        var (account, id) = await OrderWithWebhookAsync("+13035558021");
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/verification_codes/send", null)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.True(await _receiver.WaitForAsync(1));
        var code = CodesOf(_receiver.Received.Last())["+13035558021"];

        _clock.Advance(PortingVerification.Lifetime);
        await (await VerifyAsync(account, id, "+13035558021", code))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/verification_codes/0/code", "verification_code.expired");
    }

    [Fact]
    public async Task BadRequests_AreRefusedWithTheirPointer_AndOtherAccountsSeeNothing()
    {
        var (account, id) = await OrderWithWebhookAsync("+13035558031");
        await (await account.Client.PostAsJsonAsync($"/v2/porting_orders/{id}/verification_codes/send", new { phone_numbers = new[] { "+13035558099" } }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers/0", "phone_number.not_in_order");
        await (await account.Client.PostAsJsonAsync($"/v2/porting_orders/{id}/verification_codes/send", new { phone_numbers = new[] { "3035558031" } }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers/0");
        await (await account.Client.PostAsJsonAsync($"/v2/porting_orders/{id}/verification_codes/send", new { verification_method = "pigeon" }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/verification_method");
        await (await VerifyAsync(account, id, "+13035558031", "123456"))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/verification_codes/0/phone_number", "verification_code.not_sent");
        await (await VerifyAsync(account, id, "+13035558031", "12ab"))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/verification_codes/0/code");
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/verification_codes/verify", Json.Body("""{"verification_codes": []}""")))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/verification_codes");
        await (await account.Client.GetAsync($"/v2/porting_orders/{id}/verification_codes?filter[verified]=maybe")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Empty(_receiver.Received);

        var other = await _service.NewAccountAsync();
        await (await other.Client.PostAsync($"/v2/porting_orders/{id}/verification_codes/send", null)).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await other.Client.GetAsync($"/v2/porting_orders/{id}/verification_codes")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await VerifyAsync(other, id, "+13035558031", "123456")).ExpectErrorAsync(HttpStatusCode.NotFound);
    }
}

public sealed class VerificationCodeSqliteTests() : VerificationCodeTests(TestDatabase.Sqlite);

public sealed class VerificationCodePostgresTests() : VerificationCodeTests(TestDatabase.Postgres);
