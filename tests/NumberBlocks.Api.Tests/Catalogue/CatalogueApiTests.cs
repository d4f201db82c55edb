using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data.Ledger;

namespace NumberBlocks.Api.Tests.Catalogue;

/// <summary>Issue 5 (seed 004): blocks for sale, properties, purchase and configuration on the Fone Dynamics surface.</summary>
public abstract class CatalogueApiTests(TestDatabase database) : IAsyncLifetime
{
    protected ServiceFactory Service = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Service = await TestServices.CreateAsync(database);
        _ = Service.Server;
    }

    public virtual async ValueTask DisposeAsync() => await Service.DisposeAsync();

    // Sydney geographic numbers (+61 2 …): 100 numbers, an aligned power of ten.
    private const string Start = "+61288800000";
    private const string End = "+61288800099";

    private async Task<JsonElement> PublishAsync(string start = Start, string end = End, bool sms = false, bool voice = true)
    {
        using var op = Service.Operator();
        var response = await op.PostAsync("/admin/v1/numberblocks", Json.Body(JsonSerializer.Serialize(new
        {
            start_at = start, end_at = end, number_type = "local", area_code = "2", sms, voice,
        })));
        return (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
    }

    private async Task<string> NewPropertyAsync(TestAccount account, string name = "Brand A")
    {
        using var op = Service.Operator();
        var response = await op.PostAsync($"/admin/v1/accounts/{account.Id}/properties", Json.Body(JsonSerializer.Serialize(new { name })));
        var data = (await response.ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal(account.Id.ToString(), data.Str("AccountSid"));
        return data.Str("PropertySid");
    }

    /// <summary>A client that authenticates as the provider documents: HTTP Basic, AccountSid as user, API key as password.</summary>
    private HttpClient Basic(TestAccount account, Guid? user = null)
    {
        var client = Service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user ?? account.Id}:{account.ApiKey}")));
        return client;
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>Asserts the provider's error shape and returns the first error of ResponseStatus.Errors.</summary>
    private static async Task<JsonElement> ExpectFoneErrorAsync(HttpResponseMessage response, string errorCode, string? fieldName,
        HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var body = await response.ExpectAsync(status);
        var rs = body.GetProperty("ResponseStatus");
        Assert.Equal(errorCode, rs.Str("ErrorCode"));
        Assert.False(string.IsNullOrWhiteSpace(rs.Str("Message")));
        var errors = rs.GetProperty("Errors").EnumerateArray().ToList();
        Assert.NotEmpty(errors);
        if (fieldName is null) return errors[0];
        var match = errors.FirstOrDefault(e => e.GetProperty("FieldName").GetString() == fieldName && e.Str("ErrorCode") == errorCode);
        Assert.True(match.ValueKind == JsonValueKind.Object, $"No {errorCode} error for {fieldName} in {rs}");
        Assert.Contains(fieldName, match.Str("Message"), StringComparison.OrdinalIgnoreCase);
        return match;
    }

    private Task<List<NumberBlocks.Data.Entities.LedgerClaim>> ClaimsOverAsync(long start, long end) =>
        Service.WithDbAsync(db => db.LedgerClaims.AsNoTracking().Where(c => c.RangeStart <= end && c.RangeEnd >= start).OrderBy(c => c.RangeStart).ToListAsync());

    private static async Task<JsonElement> ListAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return await response.ExpectAsync(HttpStatusCode.OK);
    }

    private static List<string> Sids(JsonElement list) =>
        list.GetProperty("NumberBlocks").EnumerateArray().Select(b => b.Str("NumberBlockSid")).ToList();

    // ---- publishing ----

    [Fact]
    public async Task Publish_AsOperator_AnswersSidPatternAndClaimsTheRangeForTheBlock()
    {
        var block = await PublishAsync();
        Assert.True(Guid.TryParse(block.Str("NumberBlockSid"), out var sid));
        Assert.Equal("+612888000XX", block.Str("NumberPattern"));
        Assert.Equal(100, block.GetProperty("Size").GetInt64());
        Assert.Equal("AU", block.Str("CountryCode"));
        Assert.Equal("local", block.Str("NumberType"));
        Assert.Equal("2", block.Str("AreaCode"));
        Assert.Equal("Available", block.Str("Status"));
        Assert.True(block.GetProperty("Voice").GetBoolean());
        Assert.False(block.GetProperty("Sms").GetBoolean());
        Assert.Equal(JsonValueKind.Null, block.GetProperty("AccountSid").ValueKind);

        var claims = await ClaimsOverAsync(61288800000, 61288800099);
        var claim = Assert.Single(claims);
        Assert.Equal(("catalogue_block", sid, 61288800000L, 61288800099L, (Guid?)null),
            (claim.HolderKind, claim.HolderId, claim.RangeStart, claim.RangeEnd, claim.AccountId));
    }

    [Fact]
    public async Task Publish_UnalignedBlock_WritesBothEndsAsPattern()
    {
        var block = await PublishAsync("+61288800005", "+61288800014");
        Assert.Equal("+61288800005-+61288800014", block.Str("NumberPattern"));
    }

    public static TheoryData<string, string, string> InvalidPublishes => new()
    {
        { """{"start_at": "61288800000", "end_at": "+61288800099"}""", "/start_at", "phone_number.invalid" },
        { """{"end_at": "+61288800099"}""", "/start_at", "required" },
        { """{"start_at": "+61288800099", "end_at": "+61288800000"}""", "/start_at", "range.reversed" },
        { """{"start_at": "+61288800000", "end_at": "+61288801000"}""", "/end_at", "block.too_large" },
        { """{"start_at": "+61299999990", "end_at": "+61300000009"}""", "/end_at", "block.mixed_country_or_type" },
        { """{"start_at": "+61288800000", "end_at": "+61288800099", "number_type": "mobile"}""", "/number_type", "catalogue_block.placement_mismatch" },
        { """{"start_at": "+61288800000", "end_at": "+61288800099", "number_type": "Local"}""", "/number_type", "invalid_value" },
        { """{"start_at": "+61288800000", "end_at": "+61288800099", "area_code": "3"}""", "/area_code", "catalogue_block.placement_mismatch" },
        { """{"start_at": "+61288800000", "end_at": "+61288800099", "sms": "yes"}""", "/sms", "invalid_type" },
        { """{"start_at": "+99988800000", "end_at": "+99988800099"}""", "/start_at", "phone_number.unplaceable" },
    };

    [Theory]
    [MemberData(nameof(InvalidPublishes))]
    public async Task Publish_BrokenRule_Is422NamingTheFieldAndClaimsNothing(string body, string pointer, string reason)
    {
        using var op = Service.Operator();
        var response = await op.PostAsync("/admin/v1/numberblocks", Json.Body(body));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, pointer, reason);
        Assert.Equal(0, await Service.WithDbAsync(db => db.LedgerClaims.CountAsync()));
    }

    [Fact]
    public async Task Publish_OverlappingAnotherBlockForSale_IsRefused()
    {
        await PublishAsync();
        using var op = Service.Operator();
        var response = await op.PostAsync("/admin/v1/numberblocks", Json.Body("""{"start_at": "+61288800090", "end_at": "+61288800109"}"""));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/start_at", "ledger.number_held");
    }

    [Fact]
    public async Task Ledger_NumberOnAPortingOrder_CannotBePublished()
    {
        var account = await Service.NewAccountAsync();
        var order = await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+61288800042"]}"""));
        await order.ExpectAsync(HttpStatusCode.Created);

        using var op = Service.Operator();
        var response = await op.PostAsync("/admin/v1/numberblocks", Json.Body($$"""{"start_at": "{{Start}}", "end_at": "{{End}}"}"""));
        var error = await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/start_at", "ledger.number_held");
        Assert.Contains("+61288800042", error.GetProperty("errors")[0].Str("detail"));
        Assert.DoesNotContain(account.Id.ToString(), error.GetProperty("errors")[0].Str("detail"));
    }

    [Fact]
    public async Task Ledger_NumberOfABlockForSale_CannotGoOnAPortingOrder()
    {
        await PublishAsync();
        var account = await Service.NewAccountAsync();
        var order = await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+61288800042"]}"""));
        await order.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers/0", "ledger.number_held");
    }

    // ---- listing ----

    [Fact]
    public async Task List_BlockForSale_IsVisibleToEveryAccountWithBasicAndBearer()
    {
        var block = await PublishAsync();
        var a = await Service.NewAccountAsync("a");
        var b = await Service.NewAccountAsync("b");
        using var basic = Basic(a);
        var viaBasic = await ListAsync(basic, "/v2/numberblocks");
        Assert.Equal([block.Str("NumberBlockSid")], Sids(viaBasic));
        Assert.Equal(1, viaBasic.GetProperty("TotalCount").GetInt64());
        Assert.Equal(0, viaBasic.GetProperty("PageIndex").GetInt32());
        Assert.Equal(10, viaBasic.GetProperty("PageSize").GetInt32());
        var viaBearer = await ListAsync(b.Client, "/v2/numberblocks");
        Assert.Equal([block.Str("NumberBlockSid")], Sids(viaBearer));
        Assert.Equal("+612888000XX", viaBearer.GetProperty("NumberBlocks")[0].Str("NumberPattern"));
    }

    [Fact]
    public async Task List_PagesSortsAndFiltersAsTheProviderDoes()
    {
        var first = await PublishAsync("+61288800000", "+61288800009", sms: true, voice: true);
        var second = await PublishAsync("+61288800010", "+61288800019", sms: false, voice: true);
        var third = await PublishAsync("+61288800020", "+61288800029", sms: true, voice: false);
        var account = await Service.NewAccountAsync();

        var page1 = await ListAsync(account.Client, "/v2/numberblocks?PageSize=2");
        Assert.Equal([first.Str("NumberBlockSid"), second.Str("NumberBlockSid")], Sids(page1));
        Assert.Equal(3, page1.GetProperty("TotalCount").GetInt64());
        var page2 = await ListAsync(account.Client, "/v2/numberblocks?pageindex=1&pagesize=2&IncludeTotalCount=false");
        Assert.Equal([third.Str("NumberBlockSid")], Sids(page2));
        Assert.False(page2.TryGetProperty("TotalCount", out _));
        var descending = await ListAsync(account.Client, "/v2/numberblocks?SortBy=NumberPattern&SortDir=desc");
        Assert.Equal([third.Str("NumberBlockSid"), second.Str("NumberBlockSid"), first.Str("NumberBlockSid")], Sids(descending));
        Assert.Equal([first.Str("NumberBlockSid"), third.Str("NumberBlockSid")], Sids(await ListAsync(account.Client, "/v2/numberblocks?Sms=true")));
        Assert.Equal([third.Str("NumberBlockSid")], Sids(await ListAsync(account.Client, "/v2/numberblocks?Voice=false")));
        Assert.Empty(Sids(await ListAsync(account.Client, "/v2/numberblocks?Active=true")));
        Assert.Equal([second.Str("NumberBlockSid")], Sids(await ListAsync(account.Client, "/v2/numberblocks/+61288800015")));
        Assert.Equal([second.Str("NumberBlockSid")], Sids(await ListAsync(account.Client, "/v2/numberblocks?Text=61288800015")));
    }

    [Theory]
    [InlineData("PageSize=0", "PageSize")]
    [InlineData("PageSize=101", "PageSize")]
    [InlineData("PageIndex=-1", "PageIndex")]
    [InlineData("Active=maybe", "Active")]
    [InlineData("Sms=1x", "Sms")]
    [InlineData("SortBy=Price", "SortBy")]
    [InlineData("SortDir=up", "SortDir")]
    [InlineData("IncludeTotalCount=yes", "IncludeTotalCount")]
    public async Task List_BadQueryParameter_Is400NamingIt(string query, string field)
    {
        var account = await Service.NewAccountAsync();
        await ExpectFoneErrorAsync(await account.Client.GetAsync($"/v2/numberblocks?{query}"), "PARAMETER_INVALID", field);
    }

    // ---- purchase ----

    [Fact]
    public async Task Purchase_ByPropertySidWithFormBody_MovesTheNumbersToTheBuyerAndOutOfTheCatalogue()
    {
        var block = await PublishAsync();
        var sid = block.Str("NumberBlockSid");
        var buyer = await Service.NewAccountAsync("buyer");
        var other = await Service.NewAccountAsync("other");
        var property = await NewPropertyAsync(buyer);
        using var client = Basic(buyer);

        var response = await client.PostAsync($"/v2/Properties/{property}/NumberBlocks",
            Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888"), ("CallRecordingEnabled", "true"), ("GroupType", "1"),
                 ("Preamble", "2"), ("RoutingAction", "3"), ("Campaign", "spring"), ("Active", "true")));
        var body = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("OK", body.GetProperty("ResponseStatus").Str("Message"));
        var bought = body.GetProperty("NumberBlock");
        Assert.Equal("Purchased", bought.Str("Status"));
        Assert.Equal(property, bought.Str("PropertySid"));
        Assert.Equal(buyer.Id.ToString(), bought.Str("AccountSid"));
        Assert.Equal("+61299998888", bought.Str("AnswerPoint"));
        Assert.Equal("endpoint", bought.Str("RoutingMethod"));
        Assert.True(bought.GetProperty("CallRecordingEnabled").GetBoolean());
        Assert.Equal(3, bought.GetProperty("RoutingAction").GetInt32());
        Assert.Equal("spring", bought.Str("Campaign"));

        // The ledger: one claim of the whole range, now the buyer account's.
        var claim = Assert.Single(await ClaimsOverAsync(61288800000, 61288800099));
        Assert.Equal(("account", buyer.Id, (Guid?)buyer.Id, 61288800000L, 61288800099L),
            (claim.HolderKind, claim.HolderId, claim.AccountId, claim.RangeStart, claim.RangeEnd));

        // Gone from the catalogue for everyone else; listed for its owner under the property and the account.
        Assert.Empty(Sids(await ListAsync(other.Client, "/v2/numberblocks")));
        Assert.Equal([sid], Sids(await ListAsync(buyer.Client, "/v2/numberblocks")));
        Assert.Empty(Sids(await ListAsync(buyer.Client, "/v2/numberblocks?Available=true")));
        Assert.Equal([sid], Sids(await ListAsync(buyer.Client, $"/v2/Properties/{property}/numberblocks")));
        Assert.Equal([sid], Sids(await ListAsync(buyer.Client, $"/v2/Accounts/{buyer.Id}/numberblocks?Active=true")));

        // A porting order by another account for one of its numbers is refused by the ledger.
        var order = await other.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+61288800007"]}"""));
        await order.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/phone_numbers/0", "ledger.number_held");
    }

    [Fact]
    public async Task Purchase_ByAccountSidWithJsonBody_AcceptsAnyCaseOfTheNames()
    {
        var block = await PublishAsync();
        var buyer = await Service.NewAccountAsync();
        var response = await buyer.Client.PostAsync("/v2/NumberBlocks", Json.Body(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["NumberBlockSid"] = block.Str("NumberBlockSid"),
            ["accountSid"] = buyer.Id.ToString(),
            ["answerpoint"] = "sip:reception@pbx.example.com:5060;transport=tls",
            ["GROUPTYPE"] = 0,
            ["callWhisperEnabled"] = true,
            ["MasterMode"] = -5,
            ["ProgrammableVoiceUrl"] = "https://voice.example.com/answer",
        })));
        var bought = (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("NumberBlock");
        Assert.Equal(JsonValueKind.Null, bought.GetProperty("PropertySid").ValueKind);
        Assert.Equal("sip:reception@pbx.example.com:5060;transport=tls", bought.Str("AnswerPoint"));
        Assert.Equal(0, bought.GetProperty("GroupType").GetInt32());
        Assert.Equal(-5, bought.GetProperty("MasterMode").GetInt32());
        Assert.True(bought.GetProperty("CallWhisperEnabled").GetBoolean());
        Assert.Equal("https://voice.example.com/answer", bought.Str("ProgrammableVoiceUrl"));
        var claim = Assert.Single(await ClaimsOverAsync(61288800000, 61288800099));
        Assert.Equal(("account", (Guid?)buyer.Id), (claim.HolderKind, claim.AccountId));
        Assert.Equal([block.Str("NumberBlockSid")], Sids(await ListAsync(buyer.Client, $"/v2/Accounts/{buyer.Id}/numberblocks")));
    }

    [Fact]
    public async Task Purchase_AtTheAccountsPath_BuysIntoTheAccount()
    {
        var block = await PublishAsync();
        var buyer = await Service.NewAccountAsync();
        var response = await buyer.Client.PostAsync($"/v2/Accounts/{buyer.Id}/NumberBlocks?numberBlockSid={block.Str("NumberBlockSid")}",
            Form(("AnswerPoint", "+61299998888")));
        Assert.Equal(buyer.Id.ToString(), (await response.ExpectAsync(HttpStatusCode.OK)).GetProperty("NumberBlock").Str("AccountSid"));
    }

    public static TheoryData<string, string, string> InvalidPurchaseFields => new()
    {
        // (extra form fields as name=value&…, expected ErrorCode, FieldName): seed 004's rules one by one.
        { "", "PARAMETER_REQUIRED", "AnswerPoint" },
        { "AnswerPoint=", "PARAMETER_REQUIRED", "AnswerPoint" },
        { "AnswerPoint=0299998888", "PARAMETER_INVALID", "AnswerPoint" },
        { "AnswerPoint=%2B0299998888", "PARAMETER_INVALID", "AnswerPoint" },
        { "AnswerPoint=sip:", "PARAMETER_INVALID", "AnswerPoint" },
        { "AnswerPoint=sip:user:secret@pbx.example.com", "PARAMETER_INVALID", "AnswerPoint" },
        { "AnswerPoint=sip:user@pbx.example.com:70000", "PARAMETER_INVALID", "AnswerPoint" },
        { "AnswerPoint=sip:user@-bad-.example.com", "PARAMETER_INVALID", "AnswerPoint" },
        { "AnswerPoint=sip:user@pbx.example.com?subject=x", "PARAMETER_INVALID", "AnswerPoint" },
        { "AnswerPoint=http://pbx.example.com", "PARAMETER_INVALID", "AnswerPoint" },
        { "AnswerPoint=%2B61299998888&GroupType=2", "PARAMETER_INVALID", "GroupType" },
        { "AnswerPoint=%2B61299998888&GroupType=-1", "PARAMETER_INVALID", "GroupType" },
        { "AnswerPoint=%2B61299998888&Preamble=3", "PARAMETER_INVALID", "Preamble" },
        { "AnswerPoint=%2B61299998888&RoutingAction=4", "PARAMETER_INVALID", "RoutingAction" },
        { "AnswerPoint=%2B61299998888&RoutingAction=1.5", "PARAMETER_INVALID", "RoutingAction" },
        { "AnswerPoint=%2B61299998888&MasterMode=40000", "PARAMETER_INVALID", "MasterMode" },
        { "AnswerPoint=%2B61299998888&CallRecordingEnabled=yes", "PARAMETER_INVALID", "CallRecordingEnabled" },
        { "AnswerPoint=%2B61299998888&CallWhisperEnabled=2", "PARAMETER_INVALID", "CallWhisperEnabled" },
        { "AnswerPoint=%2B61299998888&CallWrapUpEnabled=on", "PARAMETER_INVALID", "CallWrapUpEnabled" },
        { "AnswerPoint=%2B61299998888&Active=ja", "PARAMETER_INVALID", "Active" },
        { "AnswerPoint=%2B61299998888&EnableRules=t", "PARAMETER_INVALID", "EnableRules" },
        { "AnswerPoint=%2B61299998888&PortInProgress=no", "PARAMETER_INVALID", "PortInProgress" },
        { "AnswerPoint=%2B61299998888&Ported=nope", "PARAMETER_INVALID", "Ported" },
        { "AnswerPoint=%2B61299998888&ProgrammableVoiceUrl=ftp://voice.example.com/x", "PARAMETER_INVALID", "ProgrammableVoiceUrl" },
        { "AnswerPoint=%2B61299998888&ProgrammableVoiceUrl=/relative", "PARAMETER_INVALID", "ProgrammableVoiceUrl" },
        { "AnswerPoint=%2B61299998888&ProgrammableVoiceUrl=http://127.0.0.1/voice", "PARAMETER_INVALID", "ProgrammableVoiceUrl" },
        { "AnswerPoint=%2B61299998888&ProgrammableVoiceUrl=http://10.1.2.3/voice", "PARAMETER_INVALID", "ProgrammableVoiceUrl" },
        { "AnswerPoint=%2B61299998888&ProgrammableVoiceUrl=http://[::1]/voice", "PARAMETER_INVALID", "ProgrammableVoiceUrl" },
        { "AnswerPoint=%2B61299998888&ProgrammableVoiceUrl=http://localhost:8080/voice", "PARAMETER_INVALID", "ProgrammableVoiceUrl" },
        { "AnswerPoint=%2B61299998888&ProgrammableVoiceUrl=https://user:pw@voice.example.com/", "PARAMETER_INVALID", "ProgrammableVoiceUrl" },
        { "AnswerPoint=%2B61299998888&Description=line%0Abreak", "PARAMETER_INVALID", "Description" },
        { "AnswerPoint=%2B61299998888&RoutingMethod=teleport", "PARAMETER_INVALID", "RoutingMethod" },
        { "AnswerPoint=%2B61299998888&RoutingMethod=flow", "PARAMETER_REQUIRED", "Flow" },
        { "AnswerPoint=%2B61299998888&RoutingMethod=application", "PARAMETER_REQUIRED", "Application" },
        { "AnswerPoint=%2B61299998888&EndpointNumber=%2B61299990000", "CONFLICTING_PARAMETERS", "EndpointNumber" },
        { "AnswerPoint=%2B61299998888&answerpoint=%2B61299990000", "CONFLICTING_PARAMETERS", "AnswerPoint" },
    };

    [Theory]
    [MemberData(nameof(InvalidPurchaseFields))]
    public async Task Purchase_EachParameterRule_Is400NamingTheParameterAndBuysNothing(string fields, string errorCode, string fieldName)
    {
        var block = await PublishAsync();
        var buyer = await Service.NewAccountAsync();
        var property = await NewPropertyAsync(buyer);
        var content = new StringContent($"numberBlockSid={block.Str("NumberBlockSid")}" + (fields.Length > 0 ? "&" + fields : ""),
            Encoding.UTF8, "application/x-www-form-urlencoded");
        var response = await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", content);
        await ExpectFoneErrorAsync(response, errorCode, fieldName);
        Assert.Equal("catalogue_block", Assert.Single(await ClaimsOverAsync(61288800000, 61288800099)).HolderKind);
    }

    [Fact]
    public async Task Purchase_JsonBodyWithWrongTypes_Is400NamingEachParameter()
    {
        var block = await PublishAsync();
        var buyer = await Service.NewAccountAsync();
        var property = await NewPropertyAsync(buyer);
        var response = await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", Json.Body($$"""
            {"numberBlockSid": "{{block.Str("NumberBlockSid")}}", "AnswerPoint": {"number": "+61299998888"}, "GroupType": [1]}
            """));
        await ExpectFoneErrorAsync(response, "PARAMETER_INVALID", "AnswerPoint");
        var again = await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", Json.Body($$"""
            {"numberBlockSid": "{{block.Str("NumberBlockSid")}}", "AnswerPoint": "+61299998888", "Preamble": 7, "Active": "maybe"}
            """));
        var body = await again.ExpectAsync(HttpStatusCode.BadRequest);
        var fields = body.GetProperty("ResponseStatus").GetProperty("Errors").EnumerateArray().Select(e => e.Str("FieldName")).ToList();
        Assert.Equal(["Active", "Preamble"], fields.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [InlineData("{\"numberBlockSid\": ")]
    [InlineData("[1, 2]")]
    public async Task Purchase_MalformedJson_Is400BadRequest(string body)
    {
        var buyer = await Service.NewAccountAsync();
        var property = await NewPropertyAsync(buyer);
        var response = await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", Json.Body(body));
        await ExpectFoneErrorAsync(response, "BAD_REQUEST", null);
    }

    [Fact]
    public async Task Purchase_UnsupportedMediaType_Is400()
    {
        var buyer = await Service.NewAccountAsync();
        var property = await NewPropertyAsync(buyer);
        var response = await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", new StringContent("<xml/>", Encoding.UTF8, "application/xml"));
        await ExpectFoneErrorAsync(response, "BAD_REQUEST", null);
    }

    [Fact]
    public async Task UnroutedPath_UnderTheSurface_Is404InItsShape_WhileUnknownIdsStay400()
    {
        var account = await Service.NewAccountAsync();
        var property = await NewPropertyAsync(account);
        // A path no route matches: the provider's host (ServiceStack) answers 404, in its ResponseStatus shape.
        await ExpectFoneErrorAsync(await account.Client.GetAsync($"/v2/Properties/{property}/nothing-here"), "NOT_FOUND", null, HttpStatusCode.NotFound);
        await ExpectFoneErrorAsync(await account.Client.GetAsync("/v2/numberblocks/a/b"), "NOT_FOUND", null, HttpStatusCode.NotFound);
        // A routed call naming an id that is not the caller's stays the provider's documented 400.
        await ExpectFoneErrorAsync(await account.Client.GetAsync($"/v2/Properties/{Guid.NewGuid()}"), "PROPERTY_NOT_FOUND", "PropertySid");
    }

    [Fact]
    public async Task Purchase_AddressingRules_NameTheParameter()
    {
        var block = await PublishAsync();
        var sid = block.Str("NumberBlockSid");
        var buyer = await Service.NewAccountAsync("buyer");
        var other = await Service.NewAccountAsync("other");
        var otherProperty = await NewPropertyAsync(other);
        var property = await NewPropertyAsync(buyer);

        // Neither AccountSid nor PropertySid.
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync("/v2/NumberBlocks", Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888"))),
            "PARAMETER_REQUIRED", "AccountSid");
        // No numberBlockSid.
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", Form(("AnswerPoint", "+61299998888"))),
            "PARAMETER_REQUIRED", "numberBlockSid");
        // Another account's property, and one that does not exist, are the same "not found".
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/Properties/{otherProperty}/NumberBlocks", Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888"))),
            "PROPERTY_NOT_FOUND", "PropertySid");
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/Properties/{Guid.NewGuid()}/NumberBlocks", Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888"))),
            "PROPERTY_NOT_FOUND", "PropertySid");
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync("/v2/Properties/not-a-sid/NumberBlocks", Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888"))),
            "PROPERTY_NOT_FOUND", "PropertySid");
        // Another account's AccountSid.
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync("/v2/NumberBlocks", Form(("numberBlockSid", sid), ("AccountSid", other.Id.ToString()), ("AnswerPoint", "+61299998888"))),
            "ACCOUNT_NOT_FOUND", "AccountSid");
        // PropertySid in the body that differs from the path.
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", Form(("numberBlockSid", sid), ("PropertySid", otherProperty), ("AnswerPoint", "+61299998888"))),
            "CONFLICTING_PARAMETERS", "PropertySid");
        // Unknown block.
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", Form(("numberBlockSid", Guid.NewGuid().ToString()), ("AnswerPoint", "+61299998888"))),
            "NUMBER_BLOCK_NOT_FOUND", "numberBlockSid");
        Assert.Equal("catalogue_block", Assert.Single(await ClaimsOverAsync(61288800000, 61288800099)).HolderKind);

        // Sold: to anyone else, and to the buyer again.
        await (await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888")))).ExpectAsync(HttpStatusCode.OK);
        await ExpectFoneErrorAsync(await other.Client.PostAsync($"/v2/Properties/{otherProperty}/NumberBlocks", Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888"))),
            "NUMBER_BLOCK_UNAVAILABLE", "numberBlockSid");
        var again = await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888"))),
            "NUMBER_BLOCK_UNAVAILABLE", "numberBlockSid");
        Assert.Contains("already yours", again.Str("Message"));
        var claim = Assert.Single(await ClaimsOverAsync(61288800000, 61288800099));
        Assert.Equal(("account", (Guid?)buyer.Id), (claim.HolderKind, claim.AccountId));
    }

    [Fact]
    public async Task Purchase_RacingBuyersOfOneBlock_ExactlyOneWins()
    {
        var block = await PublishAsync();
        var sid = block.Str("NumberBlockSid");
        var buyers = new List<(TestAccount Account, string Property)>();
        for (var i = 0; i < 8; i++)
        {
            var account = await Service.NewAccountAsync($"buyer {i}");
            buyers.Add((account, await NewPropertyAsync(account)));
        }
        using var start = new SemaphoreSlim(0);
        var attempts = buyers.Select(async b =>
        {
            await start.WaitAsync();
            return await b.Account.Client.PostAsync($"/v2/Properties/{b.Property}/NumberBlocks",
                Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888")));
        }).ToList();
        start.Release(buyers.Count);
        var responses = await Task.WhenAll(attempts).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await ExpectFoneErrorAsync(loser, "NUMBER_BLOCK_UNAVAILABLE", "numberBlockSid");
        var winner = buyers[Array.FindIndex(responses, r => r.StatusCode == HttpStatusCode.OK)];
        var claim = Assert.Single(await ClaimsOverAsync(61288800000, 61288800099));
        Assert.Equal(("account", (Guid?)winner.Account.Id), (claim.HolderKind, claim.AccountId));
        Assert.Equal(0L, await Service.WithDbAsync(db => NumberLedger.CountOverlapsAsync(db, CancellationToken.None)));
        var rows = await Service.WithDbAsync(db => db.CatalogueBlocks.AsNoTracking().ToListAsync());
        Assert.Equal((winner.Account.Id, Guid.Parse(winner.Property)), (rows.Single().AccountId!.Value, rows.Single().PropertyId!.Value));
    }

    // ---- configure ----

    [Fact]
    public async Task Configure_OwnedBlock_ChangesOnlyTheGivenSettings()
    {
        var block = await PublishAsync();
        var sid = block.Str("NumberBlockSid");
        var buyer = await Service.NewAccountAsync();
        var property = await NewPropertyAsync(buyer);
        await (await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks",
            Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888"), ("Campaign", "spring"), ("Source", "google")))).ExpectAsync(HttpStatusCode.OK);
        using var client = Basic(buyer);

        var flow = await client.PostAsync($"/v2/numberblocks/{sid}", Form(("PropertySid", property), ("RoutingMethod", "flow"),
            ("Flow", "flow-42"), ("EndpointNumber", "+61299997777"), ("Recording", "enabled"), ("Campaign", "")));
        var configured = (await flow.ExpectAsync(HttpStatusCode.OK)).GetProperty("NumberBlock");
        Assert.Equal(("flow", "flow-42", "+61299997777"), (configured.Str("RoutingMethod"), configured.Str("Flow"), configured.Str("AnswerPoint")));
        Assert.True(configured.GetProperty("CallRecordingEnabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, configured.GetProperty("Campaign").ValueKind);
        Assert.Equal("google", configured.Str("Source"));

        var app = await client.PostAsync($"/v2/numberblocks/{sid}", Json.Body($$"""
            {"AccountSid": "{{buyer.Id}}", "routingMethod": "APPLICATION", "Application": "ivr-main", "Active": false}
            """));
        var applied = (await app.ExpectAsync(HttpStatusCode.OK)).GetProperty("NumberBlock");
        Assert.Equal(("application", "ivr-main", false), (applied.Str("RoutingMethod"), applied.Str("Application"), applied.GetProperty("Active").GetBoolean()));
        Assert.Empty(Sids(await ListAsync(buyer.Client, $"/v2/Properties/{property}/numberblocks?Active=true")));
    }

    [Fact]
    public async Task Configure_Rules_AreNamedAndChangeNothing()
    {
        var block = await PublishAsync();
        var sid = block.Str("NumberBlockSid");
        var buyer = await Service.NewAccountAsync("buyer");
        var other = await Service.NewAccountAsync("other");
        var property = await NewPropertyAsync(buyer);
        var second = await NewPropertyAsync(buyer, "Brand B");
        var otherProperty = await NewPropertyAsync(other);
        await (await buyer.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888")))).ExpectAsync(HttpStatusCode.OK);

        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/numberblocks/{sid}", Form(("GroupType", "1"))), "PARAMETER_REQUIRED", "AccountSid");
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/numberblocks/{sid}", Form(("PropertySid", property), ("RoutingMethod", "endpoint"))),
            "PARAMETER_REQUIRED", "EndpointNumber");
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/numberblocks/{sid}", Form(("PropertySid", property), ("RoutingMethod", "flow"), ("EndpointNumber", "+61299997777"))),
            "PARAMETER_REQUIRED", "Flow");
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/numberblocks/{sid}", Form(("PropertySid", property), ("Recording", "sometimes"))),
            "PARAMETER_INVALID", "Recording");
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/numberblocks/{sid}", Form(("PropertySid", property), ("Recording", "enabled"), ("CallRecordingEnabled", "false"))),
            "CONFLICTING_PARAMETERS", "Recording");
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/numberblocks/{sid}", Form(("PropertySid", second), ("GroupType", "1"))),
            "NUMBER_BELONGS_TO_DIFFERENT_PROPERTY", "PropertySid");
        // Another tenant cannot see or change it; a block still for sale cannot be configured.
        await ExpectFoneErrorAsync(await other.Client.PostAsync($"/v2/numberblocks/{sid}", Form(("PropertySid", otherProperty), ("GroupType", "1"))),
            "NUMBER_BLOCK_NOT_FOUND", "numberBlockSid");
        await ExpectFoneErrorAsync(await other.Client.PostAsync($"/v2/numberblocks/{sid}", Form(("AccountSid", buyer.Id.ToString()), ("GroupType", "1"))),
            "ACCOUNT_NOT_FOUND", "AccountSid");
        var forSale = await PublishAsync("+61288800100", "+61288800199");
        await ExpectFoneErrorAsync(await buyer.Client.PostAsync($"/v2/numberblocks/{forSale.Str("NumberBlockSid")}", Form(("AccountSid", buyer.Id.ToString()), ("GroupType", "1"))),
            "NUMBER_BLOCK_NOT_FOUND", "numberBlockSid");

        var unchanged = (await ListAsync(buyer.Client, $"/v2/Properties/{property}/numberblocks")).GetProperty("NumberBlocks")[0];
        Assert.Equal(JsonValueKind.Null, unchanged.GetProperty("GroupType").ValueKind);
        Assert.Equal(("endpoint", "+61299998888"), (unchanged.Str("RoutingMethod"), unchanged.Str("AnswerPoint")));
    }

    // ---- properties, isolation, auth ----

    [Fact]
    public async Task Properties_CustomerCreatesAndListsOwnOnly()
    {
        var a = await Service.NewAccountAsync("a");
        var b = await Service.NewAccountAsync("b");
        using var basic = Basic(a);
        var created = await (await basic.PostAsync($"/v2/Accounts/{a.Id}/Properties", Form(("Name", "Site North")))).ExpectAsync(HttpStatusCode.OK);
        var sid = created.Str("PropertySid");
        Assert.Equal(("Site North", a.Id.ToString()), (created.Str("Name"), created.Str("AccountSid")));
        await NewPropertyAsync(a, "Site South");
        await NewPropertyAsync(b, "Other");

        var list = await ListAsync(a.Client, $"/v2/Accounts/{a.Id}/Properties");
        Assert.Equal(["Site North", "Site South"], list.GetProperty("Properties").EnumerateArray().Select(p => p.Str("Name")).ToList());
        Assert.Equal(sid, (await ListAsync(a.Client, $"/v2/Properties/{sid}")).Str("PropertySid"));

        await ExpectFoneErrorAsync(await b.Client.GetAsync($"/v2/Properties/{sid}"), "PROPERTY_NOT_FOUND", "PropertySid");
        await ExpectFoneErrorAsync(await b.Client.GetAsync($"/v2/Accounts/{a.Id}/Properties"), "ACCOUNT_NOT_FOUND", "AccountSid");
        await ExpectFoneErrorAsync(await b.Client.PostAsync($"/v2/Accounts/{a.Id}/Properties", Form(("Name", "Sneaky"))), "ACCOUNT_NOT_FOUND", "AccountSid");
        await ExpectFoneErrorAsync(await a.Client.PostAsync($"/v2/Accounts/{a.Id}/Properties", Form(("Name", "  "))), "PARAMETER_REQUIRED", "Name");

        using var op = Service.Operator();
        var adminList = await (await op.GetAsync($"/admin/v1/accounts/{a.Id}/properties")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, adminList.GetProperty("data").GetArrayLength());
        await (await op.PostAsync($"/admin/v1/accounts/{Guid.NewGuid()}/properties", Json.Body("""{"name": "x"}"""))).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await op.PostAsync($"/admin/v1/accounts/{a.Id}/properties", Json.Body("""{"name": 5}"""))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/name");
    }

    [Fact]
    public async Task Isolation_OwnedBlocksAndPropertiesOfAnotherAccount_AreInvisible()
    {
        var block = await PublishAsync();
        var sid = block.Str("NumberBlockSid");
        var owner = await Service.NewAccountAsync("owner");
        var intruder = await Service.NewAccountAsync("intruder");
        var property = await NewPropertyAsync(owner);
        await (await owner.Client.PostAsync($"/v2/Properties/{property}/NumberBlocks", Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888")))).ExpectAsync(HttpStatusCode.OK);

        Assert.Empty(Sids(await ListAsync(intruder.Client, "/v2/numberblocks")));
        Assert.Empty(Sids(await ListAsync(intruder.Client, $"/v2/numberblocks/{sid}")));
        Assert.Empty(Sids(await ListAsync(intruder.Client, "/v2/numberblocks/+61288800042")));
        await ExpectFoneErrorAsync(await intruder.Client.GetAsync($"/v2/Properties/{property}/numberblocks"), "PROPERTY_NOT_FOUND", "PropertySid");
        await ExpectFoneErrorAsync(await intruder.Client.GetAsync($"/v2/Accounts/{owner.Id}/numberblocks"), "ACCOUNT_NOT_FOUND", "AccountSid");
        await ExpectFoneErrorAsync(await intruder.Client.GetAsync($"/v2/numberblocks?PropertySid={property}"), "PROPERTY_NOT_FOUND", "PropertySid");
        Assert.Equal([sid], Sids(await ListAsync(owner.Client, $"/v2/numberblocks/{sid}")));
    }

    [Fact]
    public async Task Auth_MissingWrongOrMismatchedCredentials_Are401InTheProvidersShape()
    {
        var a = await Service.NewAccountAsync("a");
        var b = await Service.NewAccountAsync("b");
        using var anonymous = Service.CreateClient();
        var none = await anonymous.GetAsync("/v2/numberblocks");
        await ExpectFoneErrorAsync(none, "UNAUTHORIZED", null, HttpStatusCode.Unauthorized);
        Assert.Contains("Basic", none.Headers.WwwAuthenticate.ToString());

        // The AccountSid must be the key's own account.
        using var mismatched = Basic(a, user: b.Id);
        await ExpectFoneErrorAsync(await mismatched.GetAsync("/v2/numberblocks"), "UNAUTHORIZED", null, HttpStatusCode.Unauthorized);
        using var wrongKey = Service.CreateClient();
        wrongKey.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{a.Id}:nbk_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")));
        await ExpectFoneErrorAsync(await wrongKey.GetAsync("/v2/numberblocks"), "UNAUTHORIZED", null, HttpStatusCode.Unauthorized);
        using var garbage = Service.CreateClient();
        garbage.DefaultRequestHeaders.Authorization = new("Basic", "!!not-base64!!");
        await ExpectFoneErrorAsync(await garbage.GetAsync("/v2/numberblocks"), "UNAUTHORIZED", null, HttpStatusCode.Unauthorized);
        using var operatorKey = Service.Operator();
        await ExpectFoneErrorAsync(await operatorKey.GetAsync("/v2/numberblocks"), "UNAUTHORIZED", null, HttpStatusCode.Unauthorized);

        // Customers cannot publish.
        var publish = await a.Client.PostAsync("/admin/v1/numberblocks", Json.Body($$"""{"start_at": "{{Start}}", "end_at": "{{End}}"}"""));
        await publish.ExpectErrorAsync(HttpStatusCode.Unauthorized);
    }
}

public sealed class CatalogueApiSqliteTests() : CatalogueApiTests(TestDatabase.Sqlite);

public sealed class CatalogueApiPostgresTests() : CatalogueApiTests(TestDatabase.Postgres);
