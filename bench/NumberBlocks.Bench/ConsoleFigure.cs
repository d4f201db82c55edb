using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Portouts;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Bench;

/// <summary>
/// Figure 8: the console's pages on a bench-sized business. The data set: the ledger prefilled as in figures 1–3
/// (<c>--ledger</c>, default 1M numbers held by porting orders plus as many in stock claims), 1M numbers of stock
/// imported through the operator API in 1,000 ranges over ten area codes, 10 accounts, 1,000 porting orders (one block
/// each, 100 of them in exception), 10,000 CM.com number requests (2,000 of them rejected with a reason), 10,000
/// failed callbacks and 1,000 port-outs awaiting decision. Each page is fetched over HTTP with a signed-in session (the operator's, and one account's for the
/// tenant view), a few warm-up requests and then <c>--iterations</c> timed ones, one at a time. Baseline: the framework
/// floor, an authenticated request to an unknown console route (routing, the session cookie, the HTML error page, no
/// query), timed the same way in the same run. Goal: every page's median under 100 ms.
/// </summary>
public static partial class ConsoleFigure
{
    public const double GoalMs = 100;
    private static readonly string[] AreaCodes = ["30", "40", "69", "89", "201", "211", "221", "231", "341", "351"];
    private static readonly string[] Cities = ["Berlin", "Hamburg", "Frankfurt am Main", "München", "Essen", "Düsseldorf", "Köln", "Dortmund", "Leipzig", "Dresden"];

    public sealed record PageTime(string Page, string Session, Samples Samples);

    public sealed record Result(Samples Floor, IReadOnlyList<PageTime> Pages, TimeSpan Setup, string DataSet);

    public static async Task<Result> RunAsync(string provider, string? pg, long ledger, int iterations)
    {
        var setup = Stopwatch.StartNew();
        var database = await BenchDatabase.CreateAsync(provider, pg);
        await database.MigrateAsync();
        await database.PrefillLedgerAsync(ledger);
        await using var service = await ServiceProcess.StartAsync(provider, database.ConnectionString);
        using var op = new HttpClient { BaseAddress = new Uri(service.BaseUrl), Timeout = TimeSpan.FromMinutes(10) };
        op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceProcess.OperatorKey);

        // Stock: 1M numbers, 1,000 ranges of 1,000 over ten area codes, through the operator's import.
        var csv = new StringBuilder("start_at,end_at,number_type,area_code,city\n");
        for (var a = 0; a < AreaCodes.Length; a++)
        {
            var first = long.Parse(("49" + AreaCodes[a] + "1").PadRight(13, '0'), CultureInfo.InvariantCulture);
            for (var i = 0; i < 100; i++)
            {
                var start = first + i * 2000L;
                csv.Append(CultureInfo.InvariantCulture, $"+{start},+{start + 999},local,{AreaCodes[a]},{Cities[a]}\n");
            }
        }
        using (var import = await op.PostAsync("/admin/v1/stock/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv")))
            if (!import.IsSuccessStatusCode) throw new InvalidOperationException($"Stock import failed: {(int)import.StatusCode} {await import.Content.ReadAsStringAsync()}");

        // 10 accounts; 1,000 porting orders of one 10-number block each, in Stuttgart (+49 711), far from stock and prefill.
        var accounts = new List<(Guid Id, ApiClient Api)>();
        for (var i = 0; i < 10; i++)
        {
            var api = await ApiClient.NewAccountAsync(service.BaseUrl);
            accounts.Add((Guid.Empty, api));
        }
        using (var db = database.NewContext())
        {
            var ids = await db.Accounts.OrderBy(a => a.CreatedAt).Select(a => a.Id).ToListAsync();
            for (var i = 0; i < accounts.Count; i++) accounts[i] = (ids[i], accounts[i].Api);
        }
        var orders = new string[1000];
        await Parallel.ForAsync(0, orders.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var start = 4971110000000L + i * 100L;
            orders[i] = await accounts[i % accounts.Count].Api.CreateOrderAsync($$"""{"phone_number_blocks": [{{ApiClient.Block(start, 10, 10)}}]}""");
        });
        await Parallel.ForAsync(0, 100, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var api = accounts[i % accounts.Count].Api;
            await PostAsync(api.Http, $"/v2/porting_orders/{orders[i]}/actions/confirm", "{}");
            await PostAsync(op, $"/admin/v1/porting_orders/{orders[i]}/status", """{"status": "submitted"}""");
            await PostAsync(op, $"/admin/v1/porting_orders/{orders[i]}/status",
                """{"status": "exception", "details": [{"code": "LOCATION_MISMATCH", "description": "The service address differs from the losing carrier's record."}]}""");
        });

        // 10,000 CM.com number requests for Dutch mobiles (no such stock: they stay in the queue), 2,000 then rejected.
        await Parallel.ForAsync(0, 10_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var (accountId, api) = accounts[i % accounts.Count];
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/voice/phonenumberrequestapi/v1/{accountId}/numberrequests")
            {
                Content = new StringContent("""{"quantity": 1, "numberType": "mobile", "countryCode": "NL", "areaCode": "6"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-CM-PRODUCTTOKEN", api.ApiKey);
            using var response = await api.Http.SendAsync(request);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Number request failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        });
        using (var db = database.NewContext())
        {
            var rejected = await db.NumberRequests.OrderBy(r => r.CreatedAt).Take(2000).Select(r => r.Id).ToListAsync();
            await db.NumberRequests.Where(r => rejected.Contains(r.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, "rejected").SetProperty(r => r.StatusReason, "No Dutch mobile stock this quarter."));
            // 10,000 failed callbacks, a thousand per account.
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < 10_000; i++)
            {
                db.OutboxMessages.Add(new OutboxMessage
                {
                    Id = Guid.CreateVersion7(now.AddSeconds(-i)), AccountId = accounts[i % accounts.Count].Id, Channel = OutboxChannels.Webhook,
                    EventType = "porting_order.status_changed", Destination = "http://127.0.0.1:9/hooks", Payload = "{\"data\":{}}",
                    Status = OutboxStatuses.Failed, Attempts = 14, LastStatusCode = 503, LastError = "The receiver answered 503.",
                    NextAttemptAt = now, CreatedAt = now.AddSeconds(-i), UpdatedAt = now, CompletedAt = now,
                });
            }
            await db.SaveChangesAsync();
            // 1,000 port-outs awaiting the accounts' decision, a hundred per account (rows as the operator API records them).
            for (var i = 0; i < 1000; i++)
            {
                var id = Guid.CreateVersion7(now.AddSeconds(-i));
                var number = 4971210000000L + i;
                db.Portouts.Add(new Portout
                {
                    Id = id, AccountId = accounts[i % accounts.Count].Id, Status = PortoutStatus.Pending, CarrierName = "Rhein Telecom GmbH", Spid = "D221",
                    EndUserName = "Bench End User", ServiceAddress = "Domkloster 4, 50667 Köln", SupportKey = $"po_{i:x6}",
                    RequestedFocDate = now.AddDays(10 + i % 20), FocDate = now.AddDays(10 + i % 20), PhoneNumbersJson = $"[\"+{number}\"]",
                    CreatedAt = now, UpdatedAt = now,
                });
                db.PortoutNumbers.Add(new PortoutNumber { PortoutId = id, PhoneNumber = number });
            }
            await db.SaveChangesAsync();
        }
        if (database.IsPostgres)
        {
            // A production database has its statistics and visibility map (autovacuum); a freshly filled one gets them
            // before it is measured.
            await using var connection = await database.OpenRawAsync();
            await using var analyze = connection.CreateCommand();
            analyze.CommandText = "VACUUM ANALYZE";
            await analyze.ExecuteNonQueryAsync();
        }
        setup.Stop();

        Guid blockId;
        using (var db = database.NewContext())
        {
            var orderId = Guid.Parse(orders[0]);
            blockId = await db.PortingBlocks.Where(b => b.PortingOrderId == orderId).Select(b => b.Id).SingleAsync();
        }

        using var operatorSession = await SignInAsync(service.BaseUrl, ServiceProcess.OperatorKey);
        using var tenantSession = await SignInAsync(service.BaseUrl, accounts[0].Api.ApiKey);
        var floor = await TimeAsync(operatorSession, "/console/no-such-page", iterations, HttpStatusCode.NotFound);
        var pages = new List<PageTime>();
        string[] operatorPages =
        [
            "/console", "/console/stock", "/console/stock?country=DE&area=89", "/console/stock/import", "/console/accounts",
            $"/console/accounts/{accounts[0].Id}", "/console/numbers", "/console/requests?status=pending", "/console/requests?status=pending&page=150",
            "/console/requests?status=rejected", "/console/porting", "/console/porting?status=draft&page=10", $"/console/porting/{orders[0]}",
            $"/console/porting/blocks/{blockId}", "/console/callbacks", "/console/callbacks?status=failed&page=150",
            "/console/portouts", "/console/portouts?status=pending&page=15", "/console/numbers/+4989100000000", "/console/numbers/+4971110000000",
            $"/console/numbers/history?number=%2B4935110198999&on={DateTime.UtcNow:yyyy-MM-dd}",
        ];
        foreach (var path in operatorPages) pages.Add(new PageTime(path, "operator", await TimeAsync(operatorSession, path, iterations)));
        string[] tenantPages =
        [
            "/console", "/console/numbers", "/console/requests?status=pending", "/console/porting?status=draft", "/console/callbacks",
            "/console/portouts", "/console/numbers/+4971110000000",
        ];
        foreach (var path in tenantPages) pages.Add(new PageTime(path, "account", await TimeAsync(tenantSession, path, iterations)));
        foreach (var (_, api) in accounts) api.Dispose();
        return new Result(floor, pages, setup.Elapsed,
            $"ledger prefill {Report.Human(ledger)}, stock 1M in 1,000 ranges, 10 accounts, 1,000 porting orders, 10,000 number requests, 10,000 failed callbacks, 1,000 port-outs");
    }

    /// <summary>A cookie session through the login form, as a browser gets one.</summary>
    private static async Task<HttpClient> SignInAsync(string baseUrl, string key)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = new Uri(baseUrl),
        };
        var form = await http.GetStringAsync("/console/login");
        var token = FormToken().Match(form).Groups[1].Value;
        using var response = await http.PostAsync("/console/login", new FormUrlEncodedContent([
            KeyValuePair.Create("Key", key), KeyValuePair.Create("__RequestVerificationToken", token)]));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Signing in answered {(int)response.StatusCode}.");
        return http;
    }

    private static async Task<Samples> TimeAsync(HttpClient http, string path, int iterations, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var samples = new Samples(path);
        for (var i = 0; i < 3 + iterations; i++)
        {
            var sw = Stopwatch.StartNew();
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            var elapsed = sw.Elapsed;
            if (response.StatusCode != expected) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}, not {(int)expected}.");
            if (i >= 3) samples.Add(elapsed);
        }
        return samples;
    }

    private static async Task PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
