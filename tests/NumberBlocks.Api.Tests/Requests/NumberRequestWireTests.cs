using System.Net;
using System.Text.Json;
using NumberBlocks.Api.Tests.Callbacks;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data.Outbox;
using static NumberBlocks.Api.Tests.Requests.RequestTestKit;

namespace NumberBlocks.Api.Tests.Requests;

/// <summary>
/// The CM.com surface's typed wire: a body is read into its record (a field of the wrong type or unknown is refused
/// naming it), query parameters are read by name (others refused), and the request record is one shape wherever it
/// appears — create, get, and the status-change callback.
/// </summary>
public abstract class NumberRequestWireTests(TestDatabase database) : IAsyncLifetime
{
    private ServiceFactory _service = null!;

    public async ValueTask InitializeAsync() => _service = await CallbackTestKit.NewServiceAsync(database, allowedHost: null);

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    private const string Valid = "\"quantity\": 1, \"numberType\": \"local\", \"areaCode\": \"201\", \"countryCode\": \"DE\"";

    public static TheoryData<string, string, string> WrongFields => new()
    {
        { $$"""{{{Valid}}, "companyProfileId": 5}""", "companyProfileId", "invalid_type" },
        { $$"""{{{Valid}}, "rangeSize": "10"}""", "rangeSize", "invalid_type" },
        { $$"""{{{Valid}}, "comment": ["a"]}""", "comment", "invalid_type" },
        { $$"""{{{Valid}}, "email": true}""", "email", "invalid_type" },
        { $$"""{{{Valid}}, "callbackUrl": {"url": "https://example.com"} }""", "callbackUrl", "invalid_type" },
        { """{"quantity": 2.5, "numberType": "local", "areaCode": "201", "countryCode": "DE"}""", "quantity", "invalid_type" },
        { $$"""{{{Valid}}, "quantity": 2}""", "quantity", "duplicate_field" },
        { $$"""{{{Valid}}, "numberRanges": []}""", "numberRanges", "unknown_field" },
        { $$"""{{{Valid}}, "comment": "{{new string('x', 1001)}}"}""", "comment", "invalid_value" },
    };

    [Theory]
    [MemberData(nameof(WrongFields), MemberType = typeof(NumberRequestWireTests))]
    public async Task Create_FieldOfWrongTypeOrUnknown_Is400NamingItAndStoresNothing(string body, string field, string code)
    {
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var error = await (await cm.PostAsync(RequestsUrl(account), Json.Body(body))).ExpectCmErrorAsync(HttpStatusCode.BadRequest, field);
        Assert.Equal((field, code), (error.Str("field"), error.Str("code")));
        Assert.Equal(0, await _service.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.NumberRequests)));
    }

    [Fact]
    public async Task Create_AnswersTheRecordItsLocationAndItsCallbackCarry()
    {
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var created = await cm.PostAsync(RequestsUrl(account), Json.Body($$"""{{{Valid}}, "callbackUrl": "https://webhooks.invalid/cm", "comment": "+49 ü"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdText = await created.Content.ReadAsStringAsync();
        var id = JsonDocument.Parse(createdText).RootElement.Str("numberRequestId");
        Assert.Equal($"{RequestsUrl(account)}/{id}", created.Headers.Location?.ToString());

        var fetched = await cm.GetAsync(created.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(createdText, await fetched.Content.ReadAsStringAsync());

        // Seed 003: the callback's body is "the entire number request order": the very record the API answers with.
        var hook = (await CallbackTestKit.MessagesAsync(_service)).Single(m => m.Channel == OutboxChannels.Webhook);
        Assert.Equal(createdText, hook.Payload);
    }

    [Fact]
    public async Task Query_ParameterNoOperationReads_Is400NamingIt()
    {
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        var url = RequestsUrl(account);
        await (await cm.GetAsync($"{url}?stauts=pending")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "stauts");
        await (await cm.GetAsync($"{url}/statuses?all=true")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "all");
        await (await cm.GetAsync($"{Base}/{account.Id}/callbacks?channel=webhook")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "channel");
        await (await cm.GetAsync($"{Base}/{account.Id}/restrictions?countryCode=DE&country=NL")).ExpectCmErrorAsync(HttpStatusCode.BadRequest, "country");
    }

    [Fact]
    public async Task Query_NamesInAnyCase_AreReadNotRefused()
    {
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        for (var i = 0; i < 3; i++) await CreateRequestAsync(cm, account, new { quantity = 1, numberType = "local", areaCode = "201", countryCode = "DE" });
        var response = await cm.GetAsync($"{RequestsUrl(account)}?skip=1&TAKE=1&Status=pending");
        Assert.Single((await response.ExpectAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(("1", "1", "3"), (response.Headers.GetValues("x-cm-pagination-skip").Single(), response.Headers.GetValues("x-cm-pagination-take").Single(),
            response.Headers.GetValues("x-cm-pagination-total").Single()));
    }

    [Fact]
    public async Task Companions_OneQueryStringOfTheCreateFields_ServesAllThree()
    {
        await LoadStockAsync(_service, "+4920123456000", "+4920123456099", areaCode: "201", city: "Essen");
        var account = await _service.NewAccountAsync();
        using var cm = CmClient(_service, account);
        const string query = "?countryCode=DE&numberType=local&areaCode=201&city=Essen&quantity=10&rangeSize=10";
        var restrictions = await (await cm.GetAsync($"{Base}/{account.Id}/restrictions{query}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("local", restrictions.EnumerateArray().Single().Str("numberType"));
        var locale = await (await cm.GetAsync($"{Base}/{account.Id}/localeoptions{query}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["201"], locale.GetProperty("areaCodes").EnumerateArray().Select(a => a.GetString()));
        var availability = await (await cm.GetAsync($"{Base}/{account.Id}/availability{query}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(10, availability.GetProperty("available").GetInt64()); // counted up to the quantity asked for
        Assert.True(availability.GetProperty("immediatelyFulfillable").GetBoolean());
    }
}

public sealed class NumberRequestWireSqliteTests() : NumberRequestWireTests(TestDatabase.Sqlite);

public sealed class NumberRequestWirePostgresTests() : NumberRequestWireTests(TestDatabase.Postgres);
