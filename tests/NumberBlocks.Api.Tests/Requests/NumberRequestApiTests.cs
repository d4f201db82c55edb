using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using NumberBlocks.Api.Tests.Callbacks;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;
using static NumberBlocks.Api.Tests.Requests.RequestTestKit;

namespace NumberBlocks.Api.Tests.Requests;

/// <summary>The CM.com-compatible number request surface (seed 003) on SQLite.</summary>
public abstract class NumberRequestApiTests(TestDatabase database) : IAsyncLifetime
{
    private ServiceFactory _service = null!;

    public async ValueTask InitializeAsync() => _service = await CallbackTestKit.NewServiceAsync(database, allowedHost: null);

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private const string EssenStart = "+4920123456000";
    private const string EssenEnd = "+4920123456999";

    [Fact]
    public async Task Create_StockAvailable_AssignsAtOnceFromTheLowestNumbers()
    {
        await LoadStockAsync(_service, EssenStart, EssenEnd, areaCode: "201", city: "Essen");
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var created = await CreateRequestAsync(cm, account, new { quantity = 3, numberType = "local", areaCode = "201" });
        Assert.Equal("completed", created.Str("status"));
        Assert.Equal("DE", created.Str("countryCode")); // told from the stock that has area code 201
        Assert.Equal(EssenStart, created.Str("start"));
        Assert.Equal("+4920123456002", created.GetProperty("numberRanges")[0].Str("end"));
        Assert.Equal(JsonValueKind.Null, created.GetProperty("validTo").ValueKind);
        await AssertBalancedAsync(_service, 1000, 3);
    }

    [Fact]
    public async Task Create_RangeSize_AssignsAlignedConsecutiveRangesAndSplitsStock()
    {
        await LoadStockAsync(_service, "+4920123456005", "+4920123456299", areaCode: "201", city: "Essen");
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var created = await CreateRequestAsync(cm, account, new { quantity = 200, rangeSize = 100, numberType = "local", city = "essen", countryCode = "DE" });
        Assert.Equal("completed", created.Str("status"));
        var ranges = created.GetProperty("numberRanges").EnumerateArray().Select(r => (r.Str("start"), r.Str("end"))).ToList();
        Assert.Equal([("+4920123456100", "+4920123456199"), ("+4920123456200", "+4920123456299")], ranges);

        using var op = _service.Operator();
        var stock = (await (await op.GetAsync("/admin/v1/stock")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(("+4920123456005", "+4920123456099"), (stock.Single().Str("start_at"), stock.Single().Str("end_at")));
        await AssertBalancedAsync(_service, 295, 200);
    }

    [Fact]
    public async Task Create_RangeNotInStockYet_PendingThenServedWhenARangeArrives()
    {
        await LoadStockAsync(_service, "+4920123456050", "+4920123456149", areaCode: "201"); // 100 numbers, but no aligned block of 100
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var created = await CreateRequestAsync(cm, account, new { quantity = 100, rangeSize = 100, numberType = "local", areaCode = "201", countryCode = "DE" });
        Assert.Equal("pending", created.Str("status"));
        await LoadStockAsync(_service, "+4920123456200", "+4920123456299", areaCode: "201");
        var id = created.Str("numberRequestId");
        Assert.True(await UntilStatusAsync(cm, account, id, "completed"));
        Assert.Equal("+4920123456200", (await GetRequestAsync(cm, account, id)).Str("start"));
        await AssertBalancedAsync(_service, 200, 100);
    }

    [Fact]
    public async Task Fulfil_ScarceStock_ServesRequestsInRequestOrder()
    {
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var first = await CreateRequestAsync(cm, account, new { quantity = 3, numberType = "local", areaCode = "201", countryCode = "DE" });
        var second = await CreateRequestAsync(cm, account, new { quantity = 3, numberType = "local", areaCode = "201", countryCode = "DE" });
        await LoadStockAsync(_service, "+4920123456000", "+4920123456003", areaCode: "201");

        Assert.True(await UntilStatusAsync(cm, account, first.Str("numberRequestId"), "completed"));
        Assert.True(await UntilStatusAsync(cm, account, second.Str("numberRequestId"), "accepted"));
        var partial = await GetRequestAsync(cm, account, second.Str("numberRequestId"));
        Assert.Equal(1, partial.GetProperty("assignedQuantity").GetInt32());
        Assert.Equal("+4920123456003", partial.Str("start"));

        await LoadStockAsync(_service, "+4920123456500", "+4920123456599", areaCode: "201");
        Assert.True(await UntilStatusAsync(cm, account, second.Str("numberRequestId"), "completed"));
        await AssertBalancedAsync(_service, 104, 6);
    }

    [Fact]
    public async Task Fulfil_ManyPendingRequestsOfTwoAccounts_OneLoadServesAllInOrderWithHistoryAndOneReportEach()
    {
        var accounts = new[] { await _service.NewAccountAsync(), await _service.NewAccountAsync() };
        var clients = accounts.Select(a => CmClient(_service, a)).ToArray();
        var pending = new List<(int Account, string Id, int Quantity)>();
        for (var i = 0; i < 30; i++)
        {
            var quantity = 1 + i % 3;
            var created = await CreateRequestAsync(clients[i % 2], accounts[i % 2], new { quantity, numberType = "local", areaCode = "201", countryCode = "DE" });
            Assert.Equal("pending", created.Str("status"));
            pending.Add((i % 2, created.Str("numberRequestId"), quantity));
        }
        // One stock row of 100: the pass shares it out among all 30 requests, oldest first, from its lowest number.
        await LoadStockAsync(_service, "+4920123456000", "+4920123456099", areaCode: "201");

        var next = 4920123456000L;
        using var op = _service.Operator();
        foreach (var (account, id, quantity) in pending)
        {
            Assert.True(await UntilStatusAsync(clients[account], accounts[account], id, "completed"));
            var served = await GetRequestAsync(clients[account], accounts[account], id);
            var range = Assert.Single(served.GetProperty("numberRanges").EnumerateArray());
            Assert.Equal(($"+{next}", $"+{next + quantity - 1}"), (range.Str("start"), range.Str("end")));
            // The ledger's history: the numbers went from stock to this request's account.
            var history = (await (await op.GetAsync($"/admin/v1/numbers/%2B{next + quantity - 1}/history")).ExpectAsync(HttpStatusCode.OK))
                .GetProperty("data").EnumerateArray().ToList();
            Assert.Equal(["stock", "account"], history.Select(h => h.Str("kind")));
            Assert.Equal(accounts[account].Id.ToString(), history[1].Str("account_id"));
            next += quantity;
        }
        await AssertBalancedAsync(_service, 100, next - 4920123456000L);
        // Each request reported its creation once and its completion once, with its own numbers.
        var reports = await _service.WithDbAsync(db => db.OutboxMessages.Where(m => m.Channel == OutboxChannels.Email && m.Subject!.EndsWith(": completed"))
            .Select(m => new { m.Subject, m.Payload }).ToListAsync());
        Assert.Equal(pending.Count, reports.Count);
        foreach (var (_, id, _) in pending)
            Assert.Single(reports, r => r.Subject == $"Number request {id}: completed");
        foreach (var c in clients) c.Dispose();
    }

    [Theory]
    [InlineData(1)]  // one stock row: every concurrent request cuts the same row in turn
    [InlineData(40)] // many rows: concurrent requests cut different rows at once (PostgreSQL locks rows, not the stock)
    public async Task Create_ConcurrentRequestsWithStock_EachServedAtOnceNoNumberTwice(int rows)
    {
        var size = 1000 / rows;
        for (var i = 0; i < rows; i++)
            await LoadStockAsync(_service, $"+{4920123456000L + i * size}", $"+{4920123456000L + (i + 1) * size - 1}", areaCode: "201");
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var created = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() =>
            CreateRequestAsync(cm, account, new { quantity = 1 + i % 3, numberType = "local", areaCode = "201", countryCode = "DE" }))));
        var seen = new HashSet<long>();
        foreach (var r in created)
        {
            // Stock covers every request, so each is served in full by its own create, whatever the others hold.
            Assert.Equal("completed", r.Str("status"));
            foreach (var range in r.GetProperty("numberRanges").EnumerateArray())
                for (var n = long.Parse(range.Str("start")[1..]); n <= long.Parse(range.Str("end")[1..]); n++)
                    Assert.True(seen.Add(n), $"number {n} assigned twice");
        }
        Assert.Equal(Enumerable.Range(0, 24).Sum(i => 1 + i % 3), seen.Count);
        await AssertBalancedAsync(_service, rows * size, seen.Count);
    }

    [Fact]
    public async Task Assign_ManyRequestsOfMixedSizes_NoNumberTwiceNoNumberLost()
    {
        await LoadStockAsync(_service, "+4920123456000", "+4920123456499", areaCode: "201");
        await LoadStockAsync(_service, "+4920123457000", "+4920123457999", areaCode: "201");
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var sizes = new (int Quantity, int? RangeSize)[] { (7, null), (100, 100), (1, null), (30, 10), (250, null), (200, 100), (13, null), (1000, null) };
        long assigned = 0;
        var seen = new HashSet<string>();
        foreach (var (quantity, rangeSize) in sizes)
        {
            var r = await CreateRequestAsync(cm, account, new { quantity, rangeSize, numberType = "local", areaCode = "201", countryCode = "DE" });
            assigned += r.GetProperty("assignedQuantity").GetInt32();
            foreach (var range in r.GetProperty("numberRanges").EnumerateArray())
            {
                var start = long.Parse(range.Str("start")[1..]);
                var end = long.Parse(range.Str("end")[1..]);
                if (rangeSize is { } size)
                {
                    Assert.Equal(size, end - start + 1);
                    Assert.Equal(0, start % size);
                }
                for (var n = start; n <= end; n++) Assert.True(seen.Add(n.ToString()), $"number {n} assigned twice");
            }
        }
        Assert.Equal(seen.Count, assigned);
        await AssertBalancedAsync(_service, 1500, assigned);
    }

    public static TheoryData<string, string?> BadBodies => new()
    {
        { """{"quantity": 0, "numberType": "local", "areaCode": "201", "countryCode": "DE"}""", "quantity" },
        { """{"quantity": 1001, "numberType": "local", "areaCode": "201", "countryCode": "DE"}""", "quantity" },
        { """{"quantity": "5", "numberType": "local", "areaCode": "201", "countryCode": "DE"}""", "quantity" },
        { """{"numberType": "local", "areaCode": "201", "countryCode": "DE"}""", "quantity" },
        { """{"quantity": 5, "areaCode": "201", "countryCode": "DE"}""", "numberType" },
        { """{"quantity": 5, "numberType": "premium", "areaCode": "201", "countryCode": "DE"}""", "numberType" },
        { """{"quantity": 5, "numberType": "local", "countryCode": "DE"}""", "areaCode" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "2x1", "countryCode": "DE"}""", "areaCode" },
        { """{"quantity": 50, "rangeSize": 7, "numberType": "local", "areaCode": "201", "countryCode": "DE"}""", "rangeSize" },
        { """{"quantity": 150, "rangeSize": 100, "numberType": "local", "areaCode": "201", "countryCode": "DE"}""", "quantity" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "212", "countryCode": "US"}""", "region" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "Germany"}""", "countryCode" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "999"}""", "countryCode" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "DE", "callbackUrl": "ftp://example.com/x"}""", "callbackUrl" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "DE", "callbackUrl": "http://127.0.0.1:8080/x"}""", "callbackUrl" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "DE", "callbackUrl": "http://169.254.169.254/latest"}""", "callbackUrl" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "DE", "callbackUrl": "http://localhost/x"}""", "callbackUrl" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "DE", "callbackUrl": "http://127。0。0。1:8080/x"}""", "callbackUrl" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "DE", "callbackUrl": "http://203.0.113.9/x"}""", "callbackUrl" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "DE", "callbackUrl": "not a url"}""", "callbackUrl" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "DE", "companyProfileId": "abc"}""", "companyProfileId" },
        { """{"quantity": 5, "numberType": "local", "areaCode": "201", "countryCode": "DE", "email": "nobody"}""", "email" },
        { """[1, 2]""", null },
        { """{"quantity": 5,""", null },
    };

    [Theory]
    [MemberData(nameof(BadBodies), MemberType = typeof(NumberRequestApiTests))]
    public async Task Create_BrokenRule_Is400NamingTheField(string body, string? field)
    {
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var response = await cm.PostAsync(RequestsUrl(account), Json.Body(body));
        var error = await response.ExpectCmErrorAsync(HttpStatusCode.BadRequest, field);
        if (field is not null) Assert.Equal(field, error.Str("field"));
        Assert.Equal(0, await _service.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.NumberRequests)));
    }

    [Fact]
    public async Task Create_NanpaWithRegion_IsAccepted()
    {
        await LoadStockAsync(_service, "+12125550200", "+12125550299", areaCode: "212", city: "New York", region: "NY");
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var created = await CreateRequestAsync(cm, account, new { quantity = 2, numberType = "local", areaCode = "212", region = "ny", countryCode = "US" });
        Assert.Equal("completed", created.Str("status"));
        Assert.Equal("+12125550200", created.Str("start"));
    }

    [Fact]
    public async Task Restrictions_OperatorDisablesRanges_RangeSizeRefusedAndShown()
    {
        using var op = _service.Operator();
        await (await op.PutAsJsonAsync("/admin/v1/request_restrictions/DE/local", new { min_quantity = 1, max_quantity = 50, ranges_supported = false }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await op.PutAsJsonAsync("/admin/v1/request_restrictions/DE/local", new { min_quantity = 5, max_quantity = 2 }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/max_quantity");
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        await (await cm.PostAsJsonAsync(RequestsUrl(account), new { quantity = 10, rangeSize = 10, numberType = "local", areaCode = "201", countryCode = "DE" }))
            .ExpectCmErrorAsync(HttpStatusCode.BadRequest, "rangeSize");
        await (await cm.PostAsJsonAsync(RequestsUrl(account), new { quantity = 51, numberType = "local", areaCode = "201", countryCode = "DE" }))
            .ExpectCmErrorAsync(HttpStatusCode.BadRequest, "quantity");

        var shown = await (await cm.GetAsync($"{Base}/{account.Id}/restrictions?countryCode=DE&numberType=local")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(shown[0].GetProperty("rangesSupported").GetBoolean());
        Assert.Equal(50, shown[0].GetProperty("maxQuantity").GetInt32());
        var defaults = await (await cm.GetAsync($"{Base}/{account.Id}/restrictions?countryCode=NL&numberType=mobile")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([10, 100, 1000], defaults[0].GetProperty("rangeSizes").EnumerateArray().Select(e => e.GetInt32()));
        await (await cm.GetAsync($"{Base}/{account.Id}/restrictions")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "countryCode");
    }

    [Fact]
    public async Task Auth_TokenBearerAndAccountGuid_AreChecked()
    {
        var account = await _service.NewAccountAsync();
        var other = await _service.NewAccountAsync("Other");
        using var anonymous = _service.CreateClient();
        await (await anonymous.GetAsync(RequestsUrl(account))).ExpectCmErrorAsync(HttpStatusCode.Unauthorized, "X-CM-PRODUCTTOKEN");
        using var bad = _service.CreateClient();
        bad.DefaultRequestHeaders.Add("X-CM-PRODUCTTOKEN", "nbk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        await (await bad.GetAsync(RequestsUrl(account))).ExpectCmErrorAsync(HttpStatusCode.Unauthorized, null);

        using var cm = CmClient(_service, account);
        await (await cm.GetAsync(RequestsUrl(other))).ExpectCmErrorAsync(HttpStatusCode.NotFound, "accountGuid");
        await (await cm.GetAsync($"{Base}/not-a-guid/numberrequests")).ExpectCmErrorAsync(HttpStatusCode.NotFound, "accountGuid");

        using var bearer = _service.CreateClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiKey);
        await (await bearer.GetAsync(RequestsUrl(account))).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TenantIsolation_OtherAccountsRequestsAreInvisible()
    {
        var account = await _service.NewAccountAsync();
        var other = await _service.NewAccountAsync("Other");
        using var cm = CmClient(_service, account);
        using var otherCm = CmClient(_service, other);
        var mine = await CreateRequestAsync(cm, account, new { quantity = 1, numberType = "local", areaCode = "201", countryCode = "DE" });
        await CreateRequestAsync(otherCm, other, new { quantity = 1, numberType = "local", areaCode = "201", countryCode = "DE" });
        var id = mine.Str("numberRequestId");

        await (await otherCm.GetAsync($"{RequestsUrl(other)}/{id}")).ExpectCmErrorAsync(HttpStatusCode.NotFound, null);
        await (await otherCm.PostAsync($"{RequestsUrl(other)}/{id}/cancel", null)).ExpectCmErrorAsync(HttpStatusCode.NotFound, null);
        var list = await otherCm.GetAsync(RequestsUrl(other));
        var items = await list.ExpectAsync(HttpStatusCode.OK);
        Assert.Single(items.EnumerateArray());
        Assert.Equal("1", list.Headers.GetValues("x-cm-pagination-total").Single());
        Assert.Equal("pending", (await GetRequestAsync(cm, account, id)).Str("status"));
    }

    [Fact]
    public async Task List_SkipTake_PagesWithHeaders()
    {
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        for (var i = 0; i < 5; i++) await CreateRequestAsync(cm, account, new { quantity = i + 1, numberType = "local", areaCode = "201", countryCode = "DE" });
        var response = await cm.GetAsync($"{RequestsUrl(account)}?Skip=1&Take=2");
        var page = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([4, 3], page.EnumerateArray().Select(r => r.GetProperty("quantity").GetInt32())); // newest first
        Assert.Equal("1", response.Headers.GetValues("x-cm-pagination-skip").Single());
        Assert.Equal("2", response.Headers.GetValues("x-cm-pagination-take").Single());
        Assert.Equal("5", response.Headers.GetValues("x-cm-pagination-total").Single());
        await (await cm.GetAsync($"{RequestsUrl(account)}?Take=0")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "Take");
        await (await cm.GetAsync($"{RequestsUrl(account)}?Skip=-1")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "Skip");
        await (await cm.GetAsync($"{RequestsUrl(account)}?status=done")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task Cancel_WhileOpen_CancelsThenRefusesAgain()
    {
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var r = await CreateRequestAsync(cm, account, new { quantity = 1, numberType = "local", areaCode = "201", countryCode = "DE" });
        var id = r.Str("numberRequestId");
        var cancelled = await (await cm.PostAsync($"{RequestsUrl(account)}/{id}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", cancelled.Str("status"));
        await (await cm.PostAsync($"{RequestsUrl(account)}/{id}/cancel", null)).ExpectCmErrorAsync(HttpStatusCode.Conflict, "status");
        // A cancelled request gets no numbers when stock arrives.
        await LoadStockAsync(_service, EssenStart, EssenEnd, areaCode: "201");
        await Task.Delay(500);
        Assert.Equal(0, (await GetRequestAsync(cm, account, id)).GetProperty("assignedQuantity").GetInt32());
    }

    [Fact]
    public async Task Operator_AcceptAndReject_RequireAReasonAndFollowTheTable()
    {
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        using var op = _service.Operator();
        var a = (await CreateRequestAsync(cm, account, new { quantity = 1, numberType = "local", areaCode = "201", countryCode = "DE" })).Str("numberRequestId");
        var b = (await CreateRequestAsync(cm, account, new { quantity = 1, numberType = "local", areaCode = "201", countryCode = "DE" })).Str("numberRequestId");

        await (await op.PostAsJsonAsync($"/admin/v1/number_requests/{a}/reject", new { })).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/reason");
        var accepted = await (await op.PostAsJsonAsync($"/admin/v1/number_requests/{a}/accept", new { reason = "Numbers ordered from the regulator" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("accepted", accepted.GetProperty("data").Str("status"));
        var rejected = await (await op.PostAsJsonAsync($"/admin/v1/number_requests/{b}/reject", new { reason = "Area code exhausted" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Area code exhausted", rejected.GetProperty("data").Str("statusReason"));
        await (await op.PostAsJsonAsync($"/admin/v1/number_requests/{b}/accept", new { reason = "again" }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/status", "status.illegal_transition");
        Assert.Equal("rejected", (await GetRequestAsync(cm, account, b)).Str("status"));

        var statuses = await (await cm.GetAsync($"{RequestsUrl(account)}/statuses")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["pending", "accepted", "completed", "rejected", "cancelled"], statuses.EnumerateArray().Select(s => s.Str("status")));
    }

    [Fact]
    public async Task Notifications_EveryStatusChangeIsMailedOrRecorded()
    {
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var r = await CreateRequestAsync(cm, account, new { quantity = 1, numberType = "local", areaCode = "201", countryCode = "DE", email = "noc@example.com" });
        await (await cm.PostAsync($"{RequestsUrl(account)}/{r.Str("numberRequestId")}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.True(await CallbackTestKit.UntilMessagesAsync(_service, ms => ms.Count == 2 && ms.All(m => m.Status == OutboxStatuses.Recorded)));
        var mails = await CallbackTestKit.MessagesAsync(_service);
        Assert.All(mails, m => Assert.Equal("noc@example.com", m.Destination));
        Assert.Contains(mails, m => m.Subject!.EndsWith(": pending"));
        Assert.Contains(mails, m => m.Subject!.EndsWith(": cancelled"));
    }

    [Fact]
    public async Task Callbacks_FailedDeliveryAndSecret_VisibleToTheAccountOnly()
    {
        var account = await _service.NewAccountAsync();
        var other = await _service.NewAccountAsync("Other");
        await CallbackTestKit.EnqueueAsync(_service, account.Id, "http://169.254.169.254/latest/meta-data/");
        Assert.True(await CallbackTestKit.UntilMessagesAsync(_service, ms => ms.Single().Status == OutboxStatuses.Failed));
        using var cm = CmClient(_service, account);
        var response = await cm.GetAsync($"{Base}/{account.Id}/callbacks?status=failed");
        var failed = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("refused", failed[0].Str("lastError"));
        using var otherCm = CmClient(_service, other);
        Assert.Empty((await (await otherCm.GetAsync($"{Base}/{other.Id}/callbacks")).ExpectAsync(HttpStatusCode.OK)).EnumerateArray());

        var secret = (await (await cm.GetAsync($"{Base}/{account.Id}/webhooksecret")).ExpectAsync(HttpStatusCode.OK)).Str("webhookSecret");
        var rotated = (await (await cm.PostAsync($"{Base}/{account.Id}/webhooksecret/rotate", null)).ExpectAsync(HttpStatusCode.OK)).Str("webhookSecret");
        Assert.NotEqual(secret, rotated);
        Assert.Equal(rotated, await CallbackTestKit.SecretAsync(_service, account.Id));
    }

    [Fact]
    public async Task Requests_AnyCountryWithStock_AreServedWithCityFromTheGeocodingData()
    {
        // Swedish stock loaded without area code or city: both come from the plan and its geocoding data.
        var row = await LoadStockAsync(_service, "+46812345000", "+46812345999");
        Assert.Equal(("SE", "8", "Stockholm"), (row.Str("country_code"), row.Str("area_code"), row.Str("city")));
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);

        var restrictions = await (await cm.GetAsync($"{Base}/{account.Id}/restrictions?countryCode=SE&numberType=local")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("SE", restrictions[0].Str("countryCode"));
        var locale = await (await cm.GetAsync($"{Base}/{account.Id}/localeoptions?countryCode=SE")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(locale.GetProperty("isNanpa").GetBoolean());
        Assert.Equal(["Stockholm"], locale.GetProperty("cities").EnumerateArray().Select(c => c.Str("city")));
        var available = await (await cm.GetAsync($"{Base}/{account.Id}/availability?countryCode=SE&numberType=local&city=stockholm&quantity=100&rangeSize=100")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(100, available.GetProperty("available").GetInt64());
        Assert.True(available.GetProperty("immediatelyFulfillable").GetBoolean());

        var created = await CreateRequestAsync(cm, account, new { quantity = 10, numberType = "local", city = "Stockholm", countryCode = "SE" });
        Assert.Equal(("completed", "+46812345000"), (created.Str("status"), created.Str("start")));
        await (await cm.GetAsync($"{Base}/{account.Id}/restrictions?countryCode=XX")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "countryCode");
    }

    [Fact]
    public async Task LocaleOptionsAndAvailability_ComeFromStock()
    {
        await LoadStockAsync(_service, "+12125550200", "+12125550299", areaCode: "212", city: "New York", region: "NY");
        await LoadStockAsync(_service, "+13035550200", "+13035550249", areaCode: "303", city: "Denver", region: "CO");
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var locale = await (await cm.GetAsync($"{Base}/{account.Id}/localeoptions?countryCode=US&numberType=local")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(locale.GetProperty("isNanpa").GetBoolean());
        Assert.Equal(["Denver", "New York"], locale.GetProperty("cities").EnumerateArray().Select(c => c.Str("city")));
        Assert.Equal(["CO", "NY"], locale.GetProperty("regions").EnumerateArray().Select(c => c.GetString()));

        var available = await (await cm.GetAsync($"{Base}/{account.Id}/availability?countryCode=US&numberType=local&areaCode=303&region=CO&quantity=40")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(40, available.GetProperty("available").GetInt64());
        Assert.True(available.GetProperty("immediatelyFulfillable").GetBoolean());
        var ranges = await (await cm.GetAsync($"{Base}/{account.Id}/availability?countryCode=US&numberType=local&areaCode=303&region=CO&quantity=100&rangeSize=100")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, ranges.GetProperty("available").GetInt64());
        Assert.False(ranges.GetProperty("immediatelyFulfillable").GetBoolean());
        await (await cm.GetAsync($"{Base}/{account.Id}/availability?countryCode=US&numberType=local&areaCode=303")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "region");
        await (await cm.GetAsync($"{Base}/{account.Id}/availability?countryCode=US&numberType=local&areaCode=303&region=CO&quantity=x")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "quantity");
        await (await cm.GetAsync($"{Base}/{account.Id}/localeoptions")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "countryCode");
    }
}

public sealed class NumberRequestApiSqliteTests() : NumberRequestApiTests(TestDatabase.Sqlite);

public sealed class NumberRequestApiPostgresTests() : NumberRequestApiTests(TestDatabase.Postgres);
