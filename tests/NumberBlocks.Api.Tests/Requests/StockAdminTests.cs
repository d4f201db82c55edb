using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using NumberBlocks.Api.Admin;
using NumberBlocks.Api.Tests.Callbacks;
using NumberBlocks.Api.Tests.Infrastructure;
using static NumberBlocks.Api.Tests.Requests.RequestTestKit;

namespace NumberBlocks.Api.Tests.Requests;

/// <summary>The operator's stock: one range, streaming import, the ledger shared with porting, the audit.</summary>
public abstract class StockAdminTests(TestDatabase database, ITestOutputHelper output) : IAsyncLifetime
{
    private ServiceFactory _service = null!;

    public async ValueTask InitializeAsync() => _service = await CallbackTestKit.NewServiceAsync(database, allowedHost: null);

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Load_OneRange_DerivesCountryAndKeepsAttributes()
    {
        var row = await LoadStockAsync(_service, "+4920123456000", "+4920123456999", areaCode: "201", city: "Essen", region: "NRW");
        Assert.Equal("DE", row.Str("country_code"));
        Assert.Equal(1000, row.GetProperty("count").GetInt64());
        Assert.Equal("Essen", row.Str("city"));
        await AssertBalancedAsync(_service, 1000, 0);
    }

    [Theory]
    [InlineData("""{"end_at": "+4920123456999", "number_type": "local"}""", "/start_at")]
    [InlineData("""{"start_at": "+4920123456999", "end_at": "+4920123456000", "number_type": "local"}""", null)]
    [InlineData("""{"start_at": "4920123456000", "end_at": "+4920123456999", "number_type": "local"}""", "/start_at")]
    [InlineData("""{"start_at": "+4920123456000", "end_at": "+4920123456999", "number_type": "fancy"}""", "/number_type")]
    [InlineData("""{"start_at": "+4920123456000", "end_at": "+3120123456999", "number_type": "local"}""", null)]
    // NANPA stock needs a region; toll-free numbers have none in the geocoding data either.
    [InlineData("""{"start_at": "+18002345600", "end_at": "+18002345699", "number_type": "toll_free"}""", "/region")]
    [InlineData("""{"start_at": "+4915112345600", "end_at": "+4915112345699", "number_type": "local"}""", "/number_type")]
    [InlineData("""{"start_at": "+447911099900", "end_at": "+447911100099", "number_type": "mobile"}""", "/end_at")]
    [InlineData("""{"start_at": "+4920011234500", "end_at": "+4920011234599", "number_type": "local"}""", "/start_at")]
    [InlineData("""{"start_at": "+4920123456000", "end_at": "+4920123456999", "number_type": "local", "area_code": "2O1"}""", "/area_code")]
    public async Task Load_BrokenRange_Is422NamingTheField(string body, string? pointer)
    {
        using var op = _service.Operator();
        await (await op.PostAsync("/admin/v1/stock", Json.Body(body))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, pointer);
        await AssertBalancedAsync(_service, 0, 0);
    }

    [Fact]
    public async Task Load_NanpaRangeWithoutCityOrRegion_TakesThemFromTheGeocodingData()
    {
        using var op = _service.Operator();
        var response = await op.PostAsJsonAsync("/admin/v1/stock", new { start_at = "+12125550200", end_at = "+12125550299", number_type = "local" });
        var row = (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal(("US", "212", "New York", "NY"), (row.Str("country_code"), row.Str("area_code"), row.Str("city"), row.Str("region")));
    }

    [Fact]
    public async Task Ledger_StockAndPortingNeverShareANumber()
    {
        await LoadStockAsync(_service, "+4920123456000", "+4920123456099", areaCode: "201");
        var account = await _service.NewAccountAsync();
        var port = await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4920123456050"]}"""));
        await port.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, reason: "ledger.number_held");

        await (await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4920123456500"]}"""))).ExpectAsync(HttpStatusCode.Created);
        using var op = _service.Operator();
        var clash = await op.PostAsJsonAsync("/admin/v1/stock", new { start_at = "+4920123456400", end_at = "+4920123456599", number_type = "local" });
        await clash.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/start_at", "ledger.number_held");
        await (await op.PostAsJsonAsync("/admin/v1/stock", new { start_at = "+4920123456050", end_at = "+4920123456150", number_type = "local" }))
            .ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/start_at", "ledger.number_held");
        await AssertBalancedAsync(_service, 100, 0);
    }

    [Fact]
    public async Task Import_CsvAndJsonLines_LoadsGoodLinesAndReportsBadOnes()
    {
        var csv = new StringBuilder("start_at,end_at,number_type,area_code,city,region\n")
            .Append("+4920123456000,+4920123456099,local,201,\"Essen, Ruhr\",NRW\n")
            .Append("+4920123456100,+4920123456050,local,201,Essen,NRW\n")          // reversed
            .Append("+4920123456050,+4920123456060,local,201,Essen,NRW\n")          // already in stock
            .Append("+4920123456200,+4920123456299,nonsense,201,Essen,NRW\n")       // bad type
            .Append('\n')
            .Append("+4920123456300,+4920123456399,local,,,\n").ToString();
        var report = await ImportAsync(_service, csv);
        Assert.Equal(5, report.GetProperty("lines").GetInt64());
        Assert.Equal(2, report.GetProperty("loaded_ranges").GetInt64());
        Assert.Equal(200, report.GetProperty("loaded_numbers").GetInt64());
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([3L, 4L, 5L], errors.Select(e => e.GetProperty("line").GetInt64()));
        Assert.Equal("number_type", errors[2].Str("field"));

        var jsonl = """
            {"start_at": "+4920123457000", "end_at": "+4920123457999", "number_type": "local", "area_code": "201", "city": "Essen"}
            {"start_at": "+4920123458000"
            {"start_at": "+4920123458000", "end_at": "+4920123458999", "number_type": "local"}
            """;
        var second = await ImportAsync(_service, jsonl, "application/x-ndjson");
        Assert.Equal(2, second.GetProperty("loaded_ranges").GetInt64());
        Assert.Equal(2, second.GetProperty("errors")[0].GetProperty("line").GetInt64());
        await AssertBalancedAsync(_service, 2200, 0);

        using var op = _service.Operator();
        var wrongType = await op.PostAsync("/admin/v1/stock/import", new StringContent("x", Encoding.UTF8, "text/plain"));
        await wrongType.ExpectErrorAsync(HttpStatusCode.BadRequest, "Content-Type");
        await ImportAsync(_service, "start_at,end_at,number_type\n+4920123459000,+4920123459000,fancy\n", expected: HttpStatusCode.UnprocessableEntity);
        await (await op.PostAsync("/admin/v1/stock/import", new StringContent("a,b\n", Encoding.UTF8, "text/csv"))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Import_EveryLineRefused_Is422ProblemNamingEachLineWithTheReport()
    {
        using var op = _service.Operator();
        var response = await op.PostAsync("/admin/v1/stock/import",
            new StringContent("start_at,end_at,number_type\n+4920123459000,+4920123459000,fancy\n+4920123459100,+4920123459000,local\n", Encoding.UTF8, "text/csv"));
        var problem = await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/line/2/number_type", "invalid_value");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, problem.GetProperty("errors").GetArrayLength());
        var report = problem.GetProperty("data");
        Assert.Equal((2L, 0L, 2L), (report.GetProperty("lines").GetInt64(), report.GetProperty("loaded_ranges").GetInt64(), report.GetProperty("refused_lines").GetInt64()));
        Assert.Equal([2L, 3L], report.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("line").GetInt64()));
        await AssertBalancedAsync(_service, 0, 0);
    }

    [Fact]
    public async Task Import_BatchedClaims_RefuseExactlyTheLinesThatOverlap()
    {
        // The import claims each batch of lines with one ledger call (issue 7); the refusals must be the ones a
        // line-by-line load would give: lines overlapping a porting order, earlier stock, or an earlier line.
        var account = await _service.NewAccountAsync();
        await (await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4920124000505"]}"""))).ExpectAsync(HttpStatusCode.Created);
        await LoadStockAsync(_service, "+4920124001000", "+4920124001009", areaCode: "201");
        var csv = new StringBuilder("start_at,end_at,number_type\n");
        var refused = new List<long>();
        for (var i = 0; i < StockAdminApi.ImportBatch + 20; i++)
        {
            var line = i + 2L; // the header is line 1
            var s = 4920124000000L + i * 10L;
            if (i == 50) { csv.Append("+4920124000500,+4920124000509,local\n"); refused.Add(line); }      // the porting order's number
            else if (i == 100) { csv.Append("+4920124001005,+4920124001014,local\n"); refused.Add(line); } // earlier stock
            else if (i == 120) { csv.Append("+4920124000005,+4920124000006,local\n"); refused.Add(line); } // line 2, same batch
            else if (i == StockAdminApi.ImportBatch + 5) { csv.Append("+4920124000015,+4920124000016,local\n"); refused.Add(line); } // line 3, earlier batch
            else csv.Append(CultureInfo.InvariantCulture, $"+{s},+{s + 9},local\n");
        }
        var report = await ImportAsync(_service, csv.ToString());
        Assert.Equal(StockAdminApi.ImportBatch + 20 - 4, report.GetProperty("loaded_ranges").GetInt64());
        var errors = report.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(refused, errors.Select(e => e.GetProperty("line").GetInt64()));
        Assert.All(errors, e => Assert.Equal("ledger.number_held", e.Str("code")));
        await AssertBalancedAsync(_service, 10 + (StockAdminApi.ImportBatch + 20 - 4) * 10L, 0);
    }

    [Fact]
    public async Task Import_QuotedCommasQuotesAndLineBreaks_ReadAsOneFieldEach()
    {
        var csv = "start_at,end_at,number_type,area_code,city,region\r\n" +
            "+4920125000000,+4920125000009,local,201,\"Essen, Altstadt\",\"Nordrhein-\nWestfalen\"\r\n" +
            "\r\n" +
            "+4920125000010,+4920125000019,local,201,\"Essen \"\"Mitte\"\"\",NRW\n" +
            "+4920125000020,+4920125000029,fancy,201,Essen,NRW\n";
        var report = await ImportAsync(_service, csv);
        Assert.Equal(2, report.GetProperty("loaded_ranges").GetInt64());
        // The refused range is on line 6: the quoted line break made line 3 part of the record of line 2.
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal(6, error.GetProperty("line").GetInt64());
        Assert.Equal("number_type", error.Str("field"));
        using var op = _service.Operator();
        var rows = (await (await op.GetAsync("/admin/v1/stock?page[size]=10")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal("Essen, Altstadt", rows[0].Str("city"));
        Assert.Equal("Nordrhein-\nWestfalen", rows[0].Str("region"));
        Assert.Equal("Essen \"Mitte\"", rows[1].Str("city"));
    }

    [Fact]
    public async Task Import_UnterminatedQuote_LoadsWhatCameBeforeAndNamesTheLine()
    {
        var csv = "start_at,end_at,number_type\n+4920125100000,+4920125100009,local\n+4920125100010,+4920125100019,\"local\n" + new string('x', 70_000) + "\n";
        var report = await ImportAsync(_service, csv);
        Assert.Equal(1, report.GetProperty("loaded_ranges").GetInt64());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal(3, error.GetProperty("line").GetInt64());
        Assert.Contains("unterminated quote", error.Str("detail"));
    }

    [Fact]
    public async Task Import_BodyBeyondTheGeneralOneMebibyte_IsAcceptedHereOnly()
    {
        // 3 MiB: ranges padded by a column the import ignores. The same size anywhere else is 413.
        var csv = new StringBuilder("start_at,end_at,number_type,note\n");
        var pad = new string('p', 4000);
        for (var i = 0; csv.Length < 3 * 1024 * 1024; i++)
            csv.Append(CultureInfo.InvariantCulture, $"+{4920126000000L + i * 10},+{4920126000000L + i * 10 + 9},local,{pad}\n");
        var report = await ImportAsync(_service, csv.ToString());
        Assert.Equal(0, report.GetProperty("refused_lines").GetInt64());
        Assert.True(report.GetProperty("loaded_ranges").GetInt64() > 700);
        using var op = _service.Operator();
        var elsewhere = await op.PostAsync("/admin/v1/accounts", new StringContent(csv.ToString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Import_TenMillionNumbersAsRanges_StreamsAndBalances()
    {
        // 1,000 ranges of 10,000 numbers: +4920110000000 … (Essen, 201) — ten million numbers, a few thousand rows.
        var body = new StringBuilder("start_at,end_at,number_type,area_code,city\n");
        const long first = 4920110000000;
        for (var i = 0; i < 1000; i++)
        {
            var s = first + i * 10_000L;
            body.Append('+').Append(s).Append(",+").Append(s + 9_999).Append(",local,201,Essen\n");
        }
        var watch = Stopwatch.StartNew();
        var report = await ImportAsync(_service, body.ToString());
        watch.Stop();
        Assert.Equal(1000, report.GetProperty("loaded_ranges").GetInt64());
        Assert.Equal(10_000_000, report.GetProperty("loaded_numbers").GetInt64());
        output.WriteLine($"imported 10,000,000 numbers as 1,000 ranges ({body.Length:N0} bytes) in {watch.ElapsedMilliseconds} ms");

        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var r = await CreateRequestAsync(cm, account, new { quantity = 1000, rangeSize = 1000, numberType = "local", areaCode = "201", countryCode = "DE" });
        Assert.Equal("completed", r.Str("status"));
        var audit = await AuditAsync(_service);
        output.WriteLine($"audit: {audit}");
        await AssertBalancedAsync(_service, 10_000_000, 1000);
    }
}

public sealed class StockAdminSqliteTests(ITestOutputHelper output) : StockAdminTests(TestDatabase.Sqlite, output);

public sealed class StockAdminPostgresTests(ITestOutputHelper output) : StockAdminTests(TestDatabase.Postgres, output);
