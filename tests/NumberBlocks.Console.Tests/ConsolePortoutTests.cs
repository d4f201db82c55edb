using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using NumberBlocks.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NumberBlocks.Console.Tests;

/// <summary>
/// Port-outs awaiting decision: the operator records a gaining carrier's request (operator API); the account that holds
/// the number authorizes it in its own console session, and the API then reads it authorized. The operator sees every
/// port-out but does not decide; another account neither sees it nor can authorize it by id.
/// </summary>
public sealed partial class ConsolePortoutTests(ConsoleSuite suite)
{
    /// <summary>Köln (+49 221): stock no other test of the suite loads or requests.</summary>
    private const string StockFirst = "+4922177700000";
    private const string StockLast = "+4922177700019";
    private static readonly SemaphoreSlim StockOnce = new(1, 1);
    private static bool _stocked;

    private sealed record Story(Guid AccountId, string AccountName, string ApiKey, string Number, string PortoutId, string SupportKey);

    /// <summary>A new account is assigned one number from stock by a number request; a carrier asks to port it out.</summary>
    private async Task<Story> PortoutAsync(string accountName)
    {
        using var op = suite.Service.Client();
        op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleService.OperatorKey);
        await StockOnce.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!_stocked)
            {
                using var import = await op.PostAsync("/admin/v1/stock/import",
                    new StringContent($"start_at,end_at,number_type,area_code,city\n{StockFirst},{StockLast},local,221,Köln\n", Encoding.UTF8, "text/csv"));
                Assert.True(import.IsSuccessStatusCode, $"import answered {(int)import.StatusCode}: {await import.Content.ReadAsStringAsync()}");
                _stocked = true;
            }
        }
        finally
        {
            StockOnce.Release();
        }
        var (accountId, key) = await suite.NewAccountAsync(accountName);
        using var cm = suite.Service.Client();
        cm.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", key);
        using (var request = await cm.PostAsync($"/voice/phonenumberrequestapi/v1/{accountId}/numberrequests",
                   new StringContent("""{"quantity": 1, "numberType": "local", "countryCode": "DE", "areaCode": "221"}""", Encoding.UTF8, "application/json")))
            Assert.True(request.IsSuccessStatusCode, $"number request answered {(int)request.StatusCode}: {await request.Content.ReadAsStringAsync()}");
        long? assigned = null;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (assigned is null && DateTime.UtcNow < deadline)
        {
            assigned = await suite.Service.WithDbAsync(db => db.NumberRequestRanges.Where(r => r.AccountId == accountId).Select(r => (long?)r.RangeStart).FirstOrDefaultAsync());
            if (assigned is null) await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.NotNull(assigned);
        var number = "+" + assigned.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var foc = DateTimeOffset.UtcNow.AddDays(10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        using var recorded = await op.PostAsync("/admin/v1/portouts", new StringContent($$"""
            {"phone_numbers": ["{{number}}"], "carrier_name": "Rhein Telecom GmbH", "spid": "D221", "requested_foc_date": "{{foc}}",
             "end_user_name": "{{accountName}}", "service_address": "Domkloster 4, 50667 Köln"}
            """, Encoding.UTF8, "application/json"));
        var text = await recorded.Content.ReadAsStringAsync();
        Assert.True(recorded.StatusCode == HttpStatusCode.Created, $"recording the port-out answered {(int)recorded.StatusCode}: {text}\n{suite.Service.Output[^Math.Min(12000, suite.Service.Output.Length)..]}");
        var data = JsonDocument.Parse(text).RootElement.GetProperty("data");
        Assert.Equal("pending", data.GetProperty("status").GetString());
        return new Story(accountId, accountName, key, number, data.GetProperty("id").GetString()!, data.GetProperty("support_key").GetString()!);
    }

    [Fact]
    public async Task Browser_TheAccountAuthorizesAPortOut_AndTheApiReadsItAuthorized()
    {
        var story = await PortoutAsync("Portout Owner KG");

        // The operator sees it awaiting the account's decision, and has no button to decide for the account.
        var operatorPage = await suite.NewPageAsync();
        await ConsolePages.LoginAsync(operatorPage);
        await operatorPage.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Port-outs" }).ClickAsync();
        var operatorRow = operatorPage.Locator($"tr[data-portout-id='{story.PortoutId}']");
        await Expect(operatorRow).ToContainTextAsync("Portout Owner KG");
        await Expect(operatorRow).ToContainTextAsync("Rhein Telecom GmbH");
        await Expect(operatorRow.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        var page = await suite.NewPageAsync();
        await ConsolePages.LoginAsync(page, story.ApiKey);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Port-outs" }).ClickAsync();
        var row = page.Locator($"tr[data-portout-id='{story.PortoutId}']");
        await Expect(row).ToContainTextAsync(story.Number);
        await Expect(row).ToContainTextAsync("pending");
        await ConsolePages.ScreenshotAsync(page, "21-portouts-awaiting-decision");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Authorize port-out {story.SupportKey}" }).ClickAsync();
        await Expect(page.Locator("#portout-notice")).ToContainTextAsync($"Port-out {story.PortoutId} is authorized.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Authorized (1)" }).ClickAsync();
        await Expect(page.Locator($"tr[data-portout-id='{story.PortoutId}']")).ToContainTextAsync("authorized");
        await ConsolePages.ScreenshotAsync(page, "22-portout-authorized");

        using var api = suite.Service.Client();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", story.ApiKey);
        var read = JsonDocument.Parse(await api.GetStringAsync($"/v2/portouts/{story.PortoutId}")).RootElement;
        Assert.Equal("authorized", read.GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnotherAccount_NeitherSeesNorAuthorizesIt_AndTheOperatorCannotDecide()
    {
        var story = await PortoutAsync("Portout Holder AG");
        var (_, otherKey) = await suite.NewAccountAsync("Portout Stranger AG");
        var (other, _) = await SignedInAsync(otherKey);
        using (other)
        {
            var list = await other.GetStringAsync("/console/portouts");
            Assert.DoesNotContain(story.PortoutId, list);
            var token = FormToken().Match(list).Groups[1].Value;
            using var authorize = await other.PostAsync($"/console/portouts?handler=Authorize&id={story.PortoutId}",
                new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.NotFound, authorize.StatusCode);
        }
        var (operatorSession, _) = await SignedInAsync(ConsoleService.OperatorKey);
        using (operatorSession)
        {
            var list = await operatorSession.GetStringAsync("/console/portouts");
            Assert.Contains(story.PortoutId, list);
            var token = FormToken().Match(list).Groups[1].Value;
            using var authorize = await operatorSession.PostAsync($"/console/portouts?handler=Authorize&id={story.PortoutId}",
                new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", token)]));
            Assert.Equal(HttpStatusCode.Forbidden, authorize.StatusCode);
        }
        // Without its token the owner's own authorization is refused too, and nothing moved.
        var (owner, _) = await SignedInAsync(story.ApiKey);
        using (owner)
        {
            using var forged = await owner.PostAsync($"/console/portouts?handler=Authorize&id={story.PortoutId}", new FormUrlEncodedContent([]));
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }
        var id = Guid.Parse(story.PortoutId);
        var status = await suite.Service.WithDbAsync(db => db.Portouts.Where(p => p.Id == id).Select(p => p.Status).SingleAsync());
        Assert.Equal(NumberBlocks.Domain.Porting.PortoutStatus.Pending, status);
    }

    private async Task<(HttpClient Http, CookieContainer Cookies)> SignedInAsync(string key)
    {
        var cookies = new CookieContainer();
        var http = suite.Service.Client(cookies);
        var form = await http.GetStringAsync("/console/login");
        var token = FormToken().Match(form).Groups[1].Value;
        using var response = await http.PostAsync("/console/login", new FormUrlEncodedContent([
            KeyValuePair.Create("Key", key), KeyValuePair.Create("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (http, cookies);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
