using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using NumberBlocks.Console.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace NumberBlocks.Console.Tests;

/// <summary>
/// A number's history page: a number loaded into stock and then assigned to an account by a number request reads as two
/// periods, the operator's stock until the assignment and the account's since. The account's own session sees only its
/// period; a number it never held is unknown to it.
/// </summary>
public sealed partial class ConsoleHistoryTests(ConsoleSuite suite)
{
    /// <summary>Hamburg (+49 40): stock no other test of the suite loads or requests.</summary>
    private const string Assigned = "+4940777000000";
    private const string StillInStock = "+4940777000009";

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static (Guid AccountId, string ApiKey)? _story;

    /// <summary>Ten numbers into stock through the operator API; one CM.com number request takes the first.</summary>
    private async Task<(Guid AccountId, string ApiKey)> StoryAsync()
    {
        await Once.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_story is { } done) return done;
            using var op = suite.Service.Client();
            op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleService.OperatorKey);
            using (var import = await op.PostAsync("/admin/v1/stock/import",
                       new StringContent($"start_at,end_at,number_type,area_code,city\n{Assigned},{StillInStock},local,40,Hamburg\n", Encoding.UTF8, "text/csv")))
                Assert.True(import.IsSuccessStatusCode, $"import answered {(int)import.StatusCode}: {await import.Content.ReadAsStringAsync()}");
            var (accountId, key) = await suite.NewAccountAsync("History Hanse GmbH");
            using var cm = suite.Service.Client();
            cm.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", key);
            using (var request = await cm.PostAsync($"/voice/phonenumberrequestapi/v1/{accountId}/numberrequests",
                       new StringContent("""{"quantity": 1, "numberType": "local", "countryCode": "DE", "areaCode": "40"}""", Encoding.UTF8, "application/json")))
                Assert.True(request.IsSuccessStatusCode, $"number request answered {(int)request.StatusCode}: {await request.Content.ReadAsStringAsync()}");
            // The fulfilment worker assigns it from stock in the background.
            var assigned = Convert.ToInt64(Assigned[1..], System.Globalization.CultureInfo.InvariantCulture);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!await suite.Service.WithDbAsync(db => db.NumberRequestRanges.AnyAsync(r => r.AccountId == accountId && r.RangeStart == assigned))
                   && DateTime.UtcNow < deadline)
                await Task.Delay(100, TestContext.Current.CancellationToken);
            _story = (accountId, key);
            return _story.Value;
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task Operator_SeesWhoHeldTheNumberWhen_ThroughTheSearchBox()
    {
        await StoryAsync();
        var page = await suite.NewPageAsync();
        await ConsolePages.LoginAsync(page);
        await page.GotoAsync("/console/numbers");
        await page.GetByLabel("Number (E.164)").FillAsync(Assigned);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show history" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"History of {Assigned}" })).ToBeVisibleAsync();
        var rows = page.Locator("#history tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("the operator's stock");
        await Expect(rows.Nth(0)).ToContainTextAsync("moved to the next holder");
        await Expect(rows.Nth(1)).ToContainTextAsync("History Hanse GmbH");
        await Expect(rows.Nth(1)).ToContainTextAsync("still held");
        // The first period ends the instant the second begins.
        Assert.Equal(await rows.Nth(0).Locator("td").Nth(4).TextContentAsync(), await rows.Nth(1).Locator("td").Nth(3).TextContentAsync());
        await ConsolePages.ScreenshotAsync(page, "19-number-history");

        // "Who held it on a day": a day before anything happened has nobody.
        await page.GotoAsync($"/console/numbers/{Assigned}?on=2001-01-01");
        await Expect(page.Locator("#history-empty")).ToContainTextAsync("on 2001-01-01");
    }

    [Fact]
    public async Task Account_SeesOnlyItsOwnPeriods_AndNotANumberItNeverHeld()
    {
        var (_, key) = await StoryAsync();
        var page = await suite.NewPageAsync();
        await ConsolePages.LoginAsync(page, key);
        await page.GotoAsync($"/console/numbers/{Assigned}");
        var rows = page.Locator("#history tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.Nth(0)).ToContainTextAsync("History Hanse GmbH");
        await Expect(page.Locator("#history")).Not.ToContainTextAsync("stock");
        await ConsolePages.ScreenshotAsync(page, "20-number-history-tenant");

        var unknown = await page.GotoAsync($"/console/numbers/{StillInStock}");
        Assert.Equal(404, unknown!.Status);
    }

    [Theory]
    [InlineData("49x40", "is not an E.164 number")]
    [InlineData("+4940777000000&on=yesterday", "is not a day")]
    public async Task BadInput_Is400NamingTheProblem(string query, string expected)
    {
        var cookies = new CookieContainer();
        using var http = suite.Service.Client(cookies);
        var form = await http.GetStringAsync("/console/login");
        var token = FormToken().Match(form).Groups[1].Value;
        using (var login = await http.PostAsync("/console/login", new FormUrlEncodedContent([
                   KeyValuePair.Create("Key", ConsoleService.OperatorKey), KeyValuePair.Create("__RequestVerificationToken", token)])))
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        using var response = await http.GetAsync("/console/numbers/history?number=" + query.Replace("+", "%2B", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
