using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using NumberBlocks.Console.Tests.Infrastructure;
using NumberBlocks.Data.Outbox;
using static Microsoft.Playwright.Assertions;

namespace NumberBlocks.Console.Tests;

/// <summary>
/// The tenant view: an account signs in with its own API key and sees only its own numbers, porting orders, number
/// requests and callbacks. Another account's objects are 404 by URL (like an unknown id), the operator's pages and
/// decisions are 403, and revoking the key ends the session.
/// </summary>
public sealed partial class ConsoleTenantTests(ConsoleSuite suite)
{
    private const string OperatorOnly = "This page is the operator";

    /// <summary>One account's objects: a porting order in exception with one block, a pending number request, a failed callback.</summary>
    private sealed record Tenant(Guid Id, string Name, string ApiKey, string OrderId, Guid BlockId, string RequestId, Guid MessageId, string FirstNumber)
    {
        /// <summary>The number's digits: Razor writes the plus sign as an HTML character reference.</summary>
        public string Digits => FirstNumber[1..];
    }

    private async Task<Tenant> TenantAsync(string name, string firstNumber)
    {
        var (accountId, key) = await suite.NewAccountAsync(name);
        using var customer = ApiClient(key);
        using var op = ApiClient(ConsoleService.OperatorKey);
        var last = (long.Parse(firstNumber[1..], System.Globalization.CultureInfo.InvariantCulture) + 9).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var order = await PostAsync(customer, "/v2/porting_orders", $$"""
            {"phone_number_blocks": [{"phone_number_range": {"start_at": "{{firstNumber}}", "end_at": "+{{last}}"},
              "activation_ranges": [{"start_at": "{{firstNumber}}", "end_at": "+{{last}}"}]}]}
            """);
        var orderId = order.GetProperty("data")[0].GetProperty("id").GetString()!;
        await PostAsync(customer, $"/v2/porting_orders/{orderId}/actions/confirm", "{}");
        await PostAsync(op, $"/admin/v1/porting_orders/{orderId}/status", """{"status": "submitted"}""");
        await PostAsync(op, $"/admin/v1/porting_orders/{orderId}/status",
            $$"""{"status": "exception", "details": [{"code": "LOCATION_MISMATCH", "description": "Address of {{name}} differs."}]}""");
        using var cm = suite.Service.Client();
        cm.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", key);
        var request = await PostAsync(cm, $"/voice/phonenumberrequestapi/v1/{accountId}/numberrequests",
            $$"""{"quantity": 2, "numberType": "mobile", "countryCode": "NL", "areaCode": "6", "comment": "for {{name}}"}""");
        var messageId = Guid.CreateVersion7();
        var blockId = await suite.Service.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = messageId, AccountId = accountId, Channel = OutboxChannels.Webhook, EventType = "porting_order.status_changed",
                Destination = suite.Receiver.Url, Payload = "{\"data\":{}}", Status = OutboxStatuses.Failed, Attempts = 14,
                LastStatusCode = 503, LastError = "The receiver answered 503.", NextAttemptAt = now, CreatedAt = now, UpdatedAt = now, CompletedAt = now,
            });
            await db.SaveChangesAsync();
            var id = Guid.Parse(orderId);
            return await db.PortingBlocks.Where(b => b.PortingOrderId == id).Select(b => b.Id).SingleAsync();
        });
        return new Tenant(accountId, name, key, orderId, blockId, request.GetProperty("numberRequestId").GetString()!, messageId, firstNumber);
    }

    [Fact]
    public async Task AccountKey_OpensASessionThatSeesOnlyItsOwnObjects()
    {
        var mine = await TenantAsync("Tenant Mine GmbH", "+4930555000100");
        var theirs = await TenantAsync("Tenant Theirs GmbH", "+4930555000200");
        var (http, _) = await SignedInAsync(mine.ApiKey);
        using (http)
        {
            var home = await http.GetStringAsync("/console");
            Assert.Contains("Account: Tenant Mine GmbH", home);
            // The operator's pages are not in an account's navigation.
            Assert.DoesNotContain("href=\"/console/accounts\"", home);
            Assert.DoesNotContain("href=\"/console/stock\"", home);

            var porting = await http.GetStringAsync("/console/porting?status=exception");
            Assert.Contains(mine.OrderId, porting);
            Assert.DoesNotContain(theirs.OrderId, porting);
            Assert.DoesNotContain(theirs.Name, porting);

            var requests = await http.GetStringAsync("/console/requests?status=pending");
            Assert.Contains(mine.RequestId, requests);
            Assert.DoesNotContain(theirs.RequestId, requests);
            // Deciding is the operator's: the account's page carries no decision form.
            Assert.DoesNotContain("handler=Reject", requests);

            var callbacks = await http.GetStringAsync("/console/callbacks");
            Assert.Contains(mine.MessageId.ToString(), callbacks);
            Assert.DoesNotContain(theirs.MessageId.ToString(), callbacks);

            var numbers = await http.GetStringAsync("/console/numbers");
            Assert.Contains(mine.Digits, numbers);
            Assert.DoesNotContain(theirs.Digits, numbers);

            using var own = await http.GetAsync($"/console/porting/{mine.OrderId}");
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            using var ownBlock = await http.GetAsync($"/console/porting/blocks/{mine.BlockId}");
            Assert.Equal(HttpStatusCode.OK, ownBlock.StatusCode);
        }
    }

    [Fact]
    public async Task AnotherAccountsOrderBlockAndCallback_AreNotFoundByUrl()
    {
        var mine = await TenantAsync("Isolated Mine KG", "+4930555000300");
        var theirs = await TenantAsync("Isolated Theirs KG", "+4930555000400");
        var (http, _) = await SignedInAsync(mine.ApiKey);
        using (http)
        {
            foreach (var path in new[] { $"/console/porting/{theirs.OrderId}", $"/console/porting/blocks/{theirs.BlockId}" })
            {
                using var response = await http.GetAsync(path);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain(theirs.Name, body);
                Assert.DoesNotContain(theirs.Digits, body);
            }

            // Redelivering another account's failed message: 404 like an unknown id, and the message stays failed.
            var token = await FormTokenAsync(http, "/console/callbacks");
            using var redeliver = await http.PostAsync($"/console/callbacks?handler=Redeliver&id={theirs.MessageId}",
                Form(("__RequestVerificationToken", token)));
            Assert.Equal(HttpStatusCode.NotFound, redeliver.StatusCode);
            var status = await suite.Service.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == theirs.MessageId).Select(m => m.Status).SingleAsync());
            Assert.Equal(OutboxStatuses.Failed, status);
        }
    }

    [Theory]
    [InlineData("/console/stock")]
    [InlineData("/console/stock/import")]
    [InlineData("/console/accounts")]
    [InlineData("/console/accounts/{mine}")]
    [InlineData("/console/accounts/{theirs}")]
    public async Task OperatorPages_RefuseAnAccountSession_With403(string path)
    {
        var (mineId, mineKey) = await suite.NewAccountAsync("Refused Mine SA");
        var (theirsId, _) = await suite.NewAccountAsync("Refused Theirs SA");
        var (http, _) = await SignedInAsync(mineKey);
        using (http)
        {
            using var response = await http.GetAsync(path.Replace("{mine}", mineId.ToString()).Replace("{theirs}", theirsId.ToString()));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains(OperatorOnly, body);
            Assert.DoesNotContain("Refused Theirs SA", body);
        }
    }

    [Fact]
    public async Task OperatorPosts_RefuseAnAccountSession_AndChangeNothing()
    {
        var mine = await TenantAsync("Poster Mine BV", "+4930555000500");
        var (http, _) = await SignedInAsync(mine.ApiKey);
        using (http)
        {
            var token = await FormTokenAsync(http, "/console/requests");
            using var reject = await http.PostAsync($"/console/requests?handler=Reject&id={mine.RequestId}",
                Form(("Reason", "I reject my own request"), ("__RequestVerificationToken", token)));
            Assert.Equal(HttpStatusCode.Forbidden, reject.StatusCode);
            using var create = await http.PostAsync("/console/accounts", Form(("Name", "Tenant Created Ltd"), ("__RequestVerificationToken", token)));
            Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        }
        var id = Guid.Parse(mine.RequestId);
        Assert.Equal("pending", await suite.Service.WithDbAsync(db => db.NumberRequests.Where(r => r.Id == id).Select(r => r.Status).SingleAsync()));
        Assert.False(await suite.Service.WithDbAsync(db => db.Accounts.AnyAsync(a => a.Name == "Tenant Created Ltd")));
    }

    [Fact]
    public async Task RevokingTheKey_EndsTheAccountsSession_AndTheKeyNoLongerSignsIn()
    {
        var (accountId, key) = await suite.NewAccountAsync("Revoked Session Oy");
        var (http, _) = await SignedInAsync(key);
        using (http)
        {
            using (var before = await http.GetAsync("/console/numbers")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            var prefix = key.Split('_')[1];
            var keyId = await suite.Service.WithDbAsync(db => db.ApiKeys.Where(k => k.Prefix == prefix).Select(k => k.Id).SingleAsync());
            using var op = ApiClient(ConsoleService.OperatorKey);
            using (var revoke = await op.DeleteAsync($"/admin/v1/accounts/{accountId}/api_keys/{keyId}"))
                Assert.True(revoke.IsSuccessStatusCode, $"revoking answered {(int)revoke.StatusCode}");

            using var after = await http.GetAsync("/console/numbers");
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
            Assert.Equal("/console/login", after.Headers.Location!.AbsolutePath);
            Assert.Contains("expired=true", after.Headers.Location.Query);
        }

        var cookies = new CookieContainer();
        using var again = suite.Service.Client(cookies);
        var token = await FormTokenAsync(again, "/console/login");
        using var refused = await again.PostAsync("/console/login", Form(("Key", key), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain(cookies.GetCookies(new Uri(suite.Service.Url, "/console")), c => c.Name == "nb_console");
    }

    [Fact]
    public async Task Browser_AnAccountSignsInWithItsKey_AndSeesItsOwnConsole()
    {
        var mine = await TenantAsync("Browser Tenant AG", "+4930555000600");
        var page = await suite.NewPageAsync();
        await ConsolePages.LoginAsync(page, mine.ApiKey);
        await Expect(page.Locator("#signed-in-as")).ToHaveTextAsync("Account: Browser Tenant AG");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Console" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Accounts" })).ToHaveCountAsync(0);
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Stock" })).ToHaveCountAsync(0);
        await ConsolePages.ScreenshotAsync(page, "16-tenant-overview");

        await nav.GetByRole(AriaRole.Link, new() { Name = "Numbers", Exact = true }).ClickAsync();
        await Expect(page.Locator("#numbers")).ToContainTextAsync(mine.FirstNumber);
        await ConsolePages.ScreenshotAsync(page, "17-tenant-numbers");

        var refused = await page.GotoAsync("/console/accounts");
        Assert.Equal(403, refused!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This page is the operator's");
        await ConsolePages.ScreenshotAsync(page, "18-tenant-operator-page-refused");
    }

    private HttpClient ApiClient(string key)
    {
        var client = suite.Service.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task<(HttpClient Http, CookieContainer Cookies)> SignedInAsync(string key)
    {
        var cookies = new CookieContainer();
        var http = suite.Service.Client(cookies);
        var token = await FormTokenAsync(http, "/console/login");
        using var response = await http.PostAsync("/console/login", Form(("Key", key), ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (http, cookies);
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> FormTokenAsync(HttpClient http, string path)
    {
        var html = await http.GetStringAsync(path);
        return FormToken().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"{path} has no antiforgery field");
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
