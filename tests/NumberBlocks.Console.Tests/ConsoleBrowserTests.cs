using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using NumberBlocks.Console.Tests.Infrastructure;
using NumberBlocks.Data.Outbox;
using static Microsoft.Playwright.Assertions;

namespace NumberBlocks.Console.Tests;

/// <summary>The console as an operator uses it, in chromium: sign in, import and watch, read the chart, act on keys and callbacks.</summary>
public sealed class ConsoleBrowserTests(ConsoleSuite suite)
{
    [Fact]
    public async Task Login_WrongKeyRefused_RightKeyOpensTheConsole_LogoutEndsTheSession()
    {
        var page = await suite.NewPageAsync();
        await page.GotoAsync("/console/stock");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login\\?ReturnUrl="));
        // Keyboard first: the first Tab reaches the skip link, and the key field is focused already.
        await Expect(page.GetByLabel("Operator or account key")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();

        await page.GetByLabel("Operator or account key").FillAsync("nbo_not_the_key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That is neither the operator key nor an account's API key");
        await ConsolePages.ScreenshotAsync(page, "01-login-refused");

        // Typed and sent with the keyboard alone.
        await page.GetByLabel("Operator or account key").FillAsync(ConsoleService.OperatorKey);
        await page.GetByLabel("Operator or account key").PressAsync("Enter");
        // Back where the operator was sent from.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/stock$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stock and holdings" })).ToBeVisibleAsync();
        await page.GotoAsync("/console");
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Console" }).GetByRole(AriaRole.Link, new() { Name = "Overview" }))
            .ToHaveAttributeAsync("aria-current", "page");
        await ConsolePages.ScreenshotAsync(page, "02-overview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You are signed out");
        await page.GotoAsync("/console/accounts");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login\\?ReturnUrl="));
    }

    [Fact]
    public async Task Import_ProgressBarAdvancesWhileItRuns_ThenTheStockIsOnTheChart()
    {
        const int ranges = 12 * 500; // twelve write transactions, each followed by the suite's import pause
        var file = Path.Combine(Path.GetTempPath(), $"console-stock-{Guid.NewGuid():N}.csv");
        var csv = new StringBuilder("start_at,end_at,number_type,area_code,city,region\n");
        for (var i = 0; i < ranges; i++)
        {
            var start = 4989200000000L + i * 100L;
            csv.Append(CultureInfo.InvariantCulture, $"+{start},+{start + 99},local,89,München,BY\n");
        }
        csv.Append("+4989200000000,+4989200000009,local,89,München,BY\n"); // already loaded above: refused by the ledger
        await File.WriteAllTextAsync(file, csv.ToString(), TestContext.Current.CancellationToken);
        try
        {
            var page = await suite.NewPageAsync();
            var consoleErrors = new List<string>();
            page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add(m.Text); };
            await ConsolePages.LoginAsync(page);
            await page.GotoAsync("/console/stock/import");
            await page.GetByLabel("Stock file (.csv, .jsonl)").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
            await Expect(page.Locator("#import-progress")).ToBeVisibleAsync();
            // htmx swaps the fragment in place: a mark left on the window survives every update (no reload).
            await page.EvaluateAsync("() => { window.__sameDocument = true; }");

            var seen = new List<int>();
            var shotTaken = false;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                var state = await page.Locator("#import-progress").GetAttributeAsync("data-state");
                var value = int.Parse(await page.Locator("#import-bar").GetAttributeAsync("value") ?? "0", CultureInfo.InvariantCulture);
                if (seen.Count == 0 || seen[^1] != value) seen.Add(value);
                if (!shotTaken && value is >= 30 and < 100)
                {
                    await ConsolePages.ScreenshotAsync(page, "03-import-in-progress");
                    shotTaken = true;
                }
                if (state == "finished") break;
                await Task.Delay(100, TestContext.Current.CancellationToken);
            }
            Assert.True(seen.Count > 0 && seen[^1] == 100, $"the import did not finish; progress seen: {string.Join(", ", seen)}\n{suite.Service.Output}");
            Assert.Contains(seen, v => v is > 0 and < 100);
            Assert.Equal(seen.Order(), seen); // it only moves forward
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded instead of updated in place");
            await Expect(page.Locator("#import-summary")).ToContainTextAsync($"{ranges:N0} ranges loaded ({ranges * 100:N0} numbers), 1 refused");
            await Expect(page.Locator("#import-progress table")).ToContainTextAsync("is already held");
            await ConsolePages.ScreenshotAsync(page, "04-import-finished");

            await page.GetByRole(AriaRole.Link, new() { Name = "See the stock" }).ClickAsync();
            await Expect(page.Locator("#holdings")).ToContainTextAsync("600,000");
            var chart = await page.EvaluateAsync<JsonElement>(
                "() => { const c = Chart.getChart('stock-chart'); return { labels: c.data.labels, stock: c.data.datasets[0].data }; }");
            var labels = chart.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).ToList();
            var index = labels.IndexOf("DE local 89");
            Assert.True(index >= 0, "the chart has no bar for DE local 89: " + string.Join(", ", labels));
            Assert.True(chart.GetProperty("stock")[index].GetInt64() >= ranges * 100L);
            await ConsolePages.ScreenshotAsync(page, "05-stock-chart");
            // The pages' scripts run under the console's Content-Security-Policy without a violation.
            Assert.Empty(consoleErrors);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Redeliver_AFailedCallback_ReachesTheReceiverWithTheSameWebhookId()
    {
        var (accountId, _) = await suite.NewAccountAsync("Callback Receiver GmbH");
        var messageId = Guid.CreateVersion7();
        await suite.Service.WithDbAsync(async db =>
        {
            // A delivery that failed for good: retried for the whole 24 h window, the receiver answering 503 each time.
            var now = DateTimeOffset.UtcNow;
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = messageId, AccountId = accountId, Channel = OutboxChannels.Webhook, EventType = "porting_order.status_changed",
                Destination = suite.Receiver.Url, Payload = "{\"data\":{}}", Status = OutboxStatuses.Failed, Attempts = 14,
                LastStatusCode = 503, LastError = "The receiver answered 503.", NextAttemptAt = now, CreatedAt = now.AddHours(-25),
                UpdatedAt = now, CompletedAt = now,
            });
            return await db.SaveChangesAsync();
        });
        var webhookId = OutboxMessage.WebhookIdOf(messageId);

        var page = await suite.NewPageAsync();
        await ConsolePages.LoginAsync(page);
        await page.GotoAsync("/console/callbacks");
        var row = page.Locator($"tr[data-message-id='{messageId}']");
        await Expect(row).ToContainTextAsync("HTTP 503");
        await ConsolePages.ScreenshotAsync(page, "06-callbacks-failed");

        await row.GetByRole(AriaRole.Button, new() { Name = $"Redeliver {webhookId}" }).ClickAsync();
        await Expect(page.Locator("#redelivered")).ToContainTextAsync(webhookId);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!suite.Receiver.WebhookIds.Contains(webhookId) && DateTime.UtcNow < deadline) await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Contains(webhookId, suite.Receiver.WebhookIds);

        await page.GotoAsync("/console/callbacks?status=delivered");
        await Expect(page.Locator($"tr[data-message-id='{messageId}']")).ToContainTextAsync("delivered");
        await ConsolePages.ScreenshotAsync(page, "07-callbacks-redelivered");
    }

    [Fact]
    public async Task Keys_CreateRotateRevoke_TheApiHonoursEachAtOnce()
    {
        var page = await suite.NewPageAsync();
        await ConsolePages.LoginAsync(page);
        await page.GotoAsync("/console/accounts");
        await page.GetByLabel("Name").FillAsync("Keys Test AG");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        var firstKey = (await page.Locator("#new-api-key").TextContentAsync())!.Trim();
        Assert.StartsWith("nbk_", firstKey);
        await ConsolePages.ScreenshotAsync(page, "08-account-created");
        Assert.Equal(200, await ApiStatusAsync(firstKey));

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the account" }).ClickAsync();
        var firstPrefix = firstKey.Split('_')[1];
        await page.GetByRole(AriaRole.Button, new() { Name = $"Rotate key {firstPrefix}" }).ClickAsync();
        await Expect(page.Locator("#issued-key")).ToContainTextAsync($"Key {firstPrefix} was rotated");
        var secondKey = (await page.Locator("#new-api-key").TextContentAsync())!.Trim();
        Assert.Equal(401, await ApiStatusAsync(firstKey));
        Assert.Equal(200, await ApiStatusAsync(secondKey));

        var secondPrefix = secondKey.Split('_')[1];
        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke key {secondPrefix}" }).ClickAsync();
        await Expect(page.Locator("#revoked-key")).ToContainTextAsync(secondPrefix);
        await Expect(page.Locator($"tr[data-key-prefix='{secondPrefix}']")).ToContainTextAsync("revoked");
        Assert.Equal(401, await ApiStatusAsync(secondKey));
        await ConsolePages.ScreenshotAsync(page, "09-key-revoked");
    }

    [Fact]
    public async Task Antiforgery_AFormPostedWithoutItsToken_IsRefusedAndChangesNothing()
    {
        var page = await suite.NewPageAsync();
        await ConsolePages.LoginAsync(page);
        await page.GotoAsync("/console/accounts");
        await page.EvaluateAsync("() => document.querySelectorAll('input[name=__RequestVerificationToken]').forEach(i => i.remove())");
        await page.GetByLabel("Name").FillAsync("Forged Form Ltd");
        var answer = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/console/accounts", StringComparison.Ordinal));
        Assert.Equal(400, answer.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("antiforgery token is missing");
        await ConsolePages.ScreenshotAsync(page, "10-antiforgery-refused");

        await page.GotoAsync("/console/accounts");
        await Expect(page.Locator("#accounts")).Not.ToContainTextAsync("Forged Form Ltd");
    }

    [Fact]
    public async Task Session_AfterItsLifetime_SendsTheOperatorBackToTheLoginForm()
    {
        await using var shortSessions = new ConsoleService(new Dictionary<string, string> { ["NumberBlocks:Console:SessionLifetime"] = "00:00:03" });
        await shortSessions.InitializeAsync();
        var page = await suite.NewPageAsync(shortSessions);
        await ConsolePages.LoginAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        await Task.Delay(TimeSpan.FromSeconds(4), TestContext.Current.CancellationToken);
        await page.GotoAsync("/console/stock");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/login\\?ReturnUrl=.*expired=true"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your session has expired");
        await ConsolePages.ScreenshotAsync(page, "11-session-expired");
    }

    [Fact]
    public async Task Pages_PortingRequestsAndABlock_ShowWhatTheOperatorActsOn()
    {
        var (accountId, key) = await suite.NewAccountAsync("Porting Tour GmbH");
        using var customer = suite.Service.Client();
        customer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var op = suite.Service.Client();
        op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ConsoleService.OperatorKey);
        // The seed guide's Example 2 block: +4920123456000-099, active 000-064 and 087 (66 of 100).
        var order = await PostAsync(customer, "/v2/porting_orders", """
            {"phone_number_blocks": [{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"},
              "activation_ranges": [{"start_at": "+4920123456000", "end_at": "+4920123456064"},
                                    {"start_at": "+4920123456087", "end_at": "+4920123456087"}]}]}
            """);
        var orderId = order.GetProperty("data")[0].GetProperty("id").GetString()!;
        await PostAsync(customer, $"/v2/porting_orders/{orderId}/actions/confirm", "{}");
        await PostAsync(op, $"/admin/v1/porting_orders/{orderId}/status", """{"status": "submitted"}""");
        await PostAsync(op, $"/admin/v1/porting_orders/{orderId}/status",
            """{"status": "exception", "details": [{"code": "LOCATION_MISMATCH", "description": "The service address differs from the losing carrier's record."}]}""");
        using var cm = suite.Service.Client();
        cm.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", key);
        await PostAsync(cm, $"/voice/phonenumberrequestapi/v1/{accountId}/numberrequests",
            """{"quantity": 3, "numberType": "mobile", "countryCode": "NL", "areaCode": "6", "comment": "three mobiles"}""");

        var page = await suite.NewPageAsync();
        await ConsolePages.LoginAsync(page);
        await page.GotoAsync("/console/porting?status=exception");
        await Expect(page.Locator("#porting-orders")).ToContainTextAsync("The service address differs from the losing carrier's record.");
        await ConsolePages.ScreenshotAsync(page, "12-porting-exceptions");

        await page.GetByRole(AriaRole.Link, new() { Name = orderId }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "+4920123456000 – +4920123456099" }).ClickAsync();
        await Expect(page.Locator("#activation-ranges")).ToContainTextAsync("+4920123456000 – +4920123456064 (65)");
        await Expect(page.Locator(".numbers span.on")).ToHaveCountAsync(66);
        await ConsolePages.ScreenshotAsync(page, "13-block-activation-ranges");

        await page.GotoAsync("/console/requests?status=pending");
        var request = page.Locator("#requests tr", new() { HasText = "Porting Tour GmbH" });
        await Expect(request).ToContainTextAsync("3 × mobile in NL");
        await request.GetByLabel("Reason").FillAsync("No Dutch mobile stock this quarter.");
        await request.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await page.GotoAsync("/console/requests?status=rejected");
        await Expect(page.Locator("#requests")).ToContainTextAsync("No Dutch mobile stock this quarter.");
        await ConsolePages.ScreenshotAsync(page, "14-requests-rejected");
    }

    [Fact]
    public async Task WithoutJavaScript_SignInTablesAndFormsStillWork()
    {
        var page = await suite.NewPageAsync(javaScript: false);
        await ConsolePages.LoginAsync(page);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await page.GotoAsync("/console/accounts");
        await page.GetByLabel("Name").FillAsync("No Script KG");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.Locator("#new-api-key")).ToContainTextAsync("nbk_");
        await Expect(page.Locator("#accounts")).ToContainTextAsync("No Script KG");
        // The chart needs a script; its figures are in the table, which does not.
        await page.GotoAsync("/console/stock");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stock and holdings" })).ToBeVisibleAsync();
        await ConsolePages.ScreenshotAsync(page, "15-without-javascript");
    }

    private async Task<int> ApiStatusAsync(string apiKey)
    {
        using var client = suite.Service.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await client.GetAsync("/v2/porting_orders");
        return (int)response.StatusCode;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
