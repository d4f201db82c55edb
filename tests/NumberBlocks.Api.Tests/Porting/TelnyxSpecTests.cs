using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Porting;

/// <summary>
/// The Telnyx porting surface to the letter of telnyx-porting-core.yml, on each database: a PATCH merges at every level,
/// every filter narrows by data in every style, unknown parameters are refused naming them, optional fields are left
/// out rather than null, CSV answers carry the documented columns, and a sharing token reads its one order.
/// </summary>
public abstract class TelnyxSpecTests(TestDatabase database) : IAsyncLifetime
{
    protected ServiceFactory Service = null!;
    protected readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync()
    {
        Service = await TestServices.CreateAsync(database);
        Service.ConfigureServices = services => services.AddSingleton<TimeProvider>(Clock);
        _ = Service.Server;
    }

    public async ValueTask DisposeAsync() => await Service.DisposeAsync();

    private static async Task<JsonElement> CreateAsync(HttpClient client, object body) =>
        (await (await client.PostAsJsonAsync("/v2/porting_orders", body)).ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0];

    private static async Task<JsonElement> PatchAsync(HttpClient client, string id, string body) =>
        (await (await client.PatchAsync($"/v2/porting_orders/{id}", Json.Body(await WithUploadedDocumentsAsync(client, body)))).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");

    /// <summary>
    /// An order names only documents its account uploaded (DocumentStore.CheckOwnedAsync): the spec's example ids in
    /// these patches stand for documents the account uploads first.
    /// </summary>
    private static async Task<string> WithUploadedDocumentsAsync(HttpClient client, string body)
    {
        foreach (var exampleId in new[] { "3a5b98a0-5049-47c3-96e1-aa6c8d119117", "64ffb720-04c7-455b-92d6-20fcca92e935" })
            if (body.Contains(exampleId, StringComparison.Ordinal))
                body = body.Replace(exampleId, (await PortingFamily.DocumentsTests.UploadJsonAsync(client, PortingFamily.DocumentsTests.Pdf, "doc.pdf")).Str("id"),
                    StringComparison.Ordinal);
        return body;
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string query)
    {
        var body = await (await client.GetAsync("/v2/porting_orders?page[size]=250&include_phone_numbers=false&" + query)).ExpectAsync(HttpStatusCode.OK);
        return body.GetProperty("data").EnumerateArray().Select(o => o.Str("id")).ToList();
    }

    public static TheoryData<string, string, string> NestedPatches => new()
    {
        // field patched, the patch, the JSON path of a sibling that must keep its value
        { "end_user.admin.entity_name", """{"end_user": {"admin": {"entity_name": "New Name"}}}""", "end_user.admin.auth_person_name" },
        { "end_user.admin.entity_name", """{"end_user": {"admin": {"entity_name": "New Name"}}}""", "end_user.location.locality" },
        { "end_user.location.locality", """{"end_user": {"location": {"locality": "Bochum"}}}""", "end_user.location.postal_code" },
        { "end_user.location.locality", """{"end_user": {"location": {"locality": "Bochum"}}}""", "end_user.admin.entity_name" },
        { "misc.remaining_numbers_action", """{"misc": {"remaining_numbers_action": "keep", "new_billing_phone_number": "+4920100000"}}""", "misc.type" },
        { "activation_settings.foc_datetime_requested", """{"activation_settings": {"foc_datetime_requested": "2031-01-01T00:00:00Z"}}""", "misc.type" },
        { "phone_number_configuration.tags", """{"phone_number_configuration": {"tags": ["z"]}}""", "phone_number_configuration.connection_id" },
        { "phone_number_configuration.connection_id", """{"phone_number_configuration": {"connection_id": "c2"}}""", "phone_number_configuration.billing_group_id" },
        { "documents.loa", """{"documents": {"loa": "64ffb720-04c7-455b-92d6-20fcca92e935"}}""", "documents.invoice" },
        { "user_feedback.user_rating", """{"user_feedback": {"user_rating": 3}}""", "user_feedback.user_comment" },
        { "messaging.enable_messaging", """{"messaging": {"enable_messaging": false}}""", "customer_reference" },
    };

    private const string Full = """
        {"customer_reference": "ref", "end_user": {"admin": {"entity_name": "Acme", "auth_person_name": "Ada", "account_number": "A1"},
          "location": {"locality": "Essen", "postal_code": "45127"}},
         "misc": {"type": "partial", "remaining_numbers_action": "disconnect"},
         "activation_settings": {"foc_datetime_requested": "2030-05-05T10:00:00Z"},
         "phone_number_configuration": {"billing_group_id": "bg", "connection_id": "c1", "tags": ["a"]},
         "documents": {"invoice": "3a5b98a0-5049-47c3-96e1-aa6c8d119117"},
         "user_feedback": {"user_comment": "fine", "user_rating": 4},
         "messaging": {"enable_messaging": true}}
        """;

    private static JsonElement At(JsonElement e, string path)
    {
        foreach (var part in path.Split('.')) e = e.GetProperty(part);
        return e;
    }

    [Theory]
    [MemberData(nameof(NestedPatches))]
    public async Task Patch_OneNestedField_KeepsItsSiblings(string field, string patch, string sibling)
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456100" } });
        var before = await PatchAsync(account.Client, order.Str("id"), Full);
        Clock.Advance(TimeSpan.FromSeconds(3));
        var after = await PatchAsync(account.Client, order.Str("id"), patch);
        Assert.Equal(At(before, sibling).GetRawText(), At(after, sibling).GetRawText());
        Assert.NotEqual(At(before, field).GetRawText(), At(after, field).GetRawText());
        Assert.True(DateTimeOffset.Parse(after.Str("updated_at")) > DateTimeOffset.Parse(before.Str("updated_at")), "updated_at did not move");
        var stored = (await (await account.Client.GetAsync($"/v2/porting_orders/{order.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(At(after, sibling).GetRawText(), At(stored, sibling).GetRawText());
    }

    [Fact]
    public async Task Patch_RefusedField_ChangesNothingAtAll()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456101" } });
        var before = await PatchAsync(account.Client, order.Str("id"), Full);
        var response = await account.Client.PatchAsync($"/v2/porting_orders/{order.Str("id")}", Json.Body(
            """{"customer_reference": "changed", "end_user": {"admin": {"entity_name": "Other"}}, "user_feedback": {"user_rating": 9}}"""));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/user_feedback/user_rating");
        var after = (await (await account.Client.GetAsync($"/v2/porting_orders/{order.Str("id")}?include_phone_numbers=false")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Theory]
    [InlineData("""{"misc": null}""", "misc", "null")]
    [InlineData("""{"end_user": {"admin": {"pin_passcode": null}}}""", "end_user.admin.pin_passcode", "null")]
    [InlineData("""{"documents": {"invoice": null}}""", "documents.invoice", "null")]
    [InlineData("""{"user_feedback": {"user_comment": null}}""", "user_feedback.user_comment", "null")]
    public async Task Patch_ExplicitNullWhereTheSpecAllowsIt_Clears(string patch, string field, string expected)
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456102" } });
        await PatchAsync(account.Client, order.Str("id"), Full.Replace("\"A1\"}", "\"A1\", \"pin_passcode\": \"9\"}", StringComparison.Ordinal));
        var after = await PatchAsync(account.Client, order.Str("id"), patch);
        Assert.Equal(expected, At(after, field).GetRawText());
    }

    [Theory]
    [InlineData("""{"end_user": null}""", "/end_user")]
    [InlineData("""{"end_user": {"admin": null}}""", "/end_user/admin")]
    [InlineData("""{"phone_number_configuration": {"tags": null}}""", "/phone_number_configuration/tags")]
    [InlineData("""{"misc": {"type": null}}""", "/misc/type")]
    [InlineData("""{"misc": {"type": "half"}}""", "/misc/type")]
    [InlineData("""{"documents": {"loa": "not-a-uuid"}}""", "/documents/loa")]
    [InlineData("""{"misc": {"remaining_numbers_action": "keep"}}""", "/misc/new_billing_phone_number")]
    [InlineData("""{"end_user": {"admin": {"nickname": "x"}}}""", "/end_user/admin/nickname")]
    [InlineData("""{"requirement_group_id": "DE748D99-06FA-4D90-9F9A-F4B62696BADA"}""", "/requirement_group_id")]
    public async Task Patch_NullOrValueTheSpecRefuses_Is422AtItsPointer(string patch, string pointer)
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456103" } });
        var response = await account.Client.PatchAsync($"/v2/porting_orders/{order.Str("id")}", Json.Body(patch));
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, pointer);
    }

    /// <summary>Three orders that differ in every field a filter of GET /v2/porting_orders reads.</summary>
    private async Task<(TestAccount Account, string A, string B, string C)> ThreeOrdersAsync()
    {
        var account = await Service.NewAccountAsync();
        var a = (await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456201", "+4920123456202" }, customer_reference = "ref-a", customer_group_reference = "grp-1" })).Str("id");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var b = (await CreateAsync(account.Client, new { phone_numbers = new[] { "+13035550201" }, customer_reference = "ref-b" })).Str("id");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var c = (await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456303" } })).Str("id");
        await PatchAsync(account.Client, a, """{"end_user": {"admin": {"entity_name": "Acme AG", "auth_person_name": "Ada"}}, "misc": {"type": "partial"}, "activation_settings": {"foc_datetime_requested": "2030-01-10T10:00:00Z"}}""");
        await PatchAsync(account.Client, b, """{"end_user": {"admin": {"entity_name": "Beta LLC", "auth_person_name": "Bob"}}, "misc": {"type": "full"}, "activation_settings": {"foc_datetime_requested": "2030-02-10T10:00:00Z"}}""");
        await (await account.Client.PostAsync($"/v2/porting_orders/{b}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        // The losing carrier is a fact of the carrier side; it is set here directly, as no customer operation sets it.
        await Service.WithDbAsync(async db => await db.PortingOrders.Where(o => o.Id == Guid.Parse(a))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.OldServiceProviderOcn, "Unreal Communications")));
        return (account, a, b, c);
    }

    [Fact]
    public async Task ListOrders_EachFilter_NarrowsToTheOrdersItDescribes()
    {
        var (account, a, b, c) = await ThreeOrdersAsync();
        var bKey = (await (await account.Client.GetAsync($"/v2/porting_orders/{b}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").Str("support_key");
        var cases = new (string Query, string[] Expected)[]
        {
            ("", [c, b, a]),
            ("filter[customer_reference]=ref-a", [a]),
            ("filter[customer_reference][contains]=ref-", [b, a]),
            ("filter[customer_group_reference]=grp-1", [a]),
            ($"filter[parent_support_key]=pr_{bKey[3..]}", [b]),
            ($"filter[support_key]={bKey}", [b]),
            ("filter[status]=in-process", [b]),
            ("filter[status][in][]=draft&filter[status][in][]=in-process", [c, b, a]),
            ("filter[phone_numbers][country_code]=US", [b]),
            ("filter[phone_numbers.country_code]=DE", [c, a]),
            ("filter[phone_numbers][carrier_name]=Unreal%20Communications", [a]),
            ("filter[phone_numbers][phone_number][contains]=456303", [c]),
            ("filter[phone_numbers][phone_number][contains]=%2B4920123456", [c, a]),
            ("filter[phone_numbers][phone_number]=%2B4920123456202", [a]),
            ("filter[misc][type]=partial", [a]),
            ("filter[misc][type]=full", [b]),
            ("filter[end_user][admin][entity_name]=Acme%20AG", [a]),
            ("filter[end_user][admin][entity_name][contains]=LLC", [b]),
            ("filter[end_user][admin][auth_person_name]=Bob", [b]),
            ("filter[end_user.admin.auth_person_name][eq]=Ada", [a]),
            ("filter[activation_settings][fast_port_eligible]=true", [b]),
            ("filter[activation_settings][fast_port_eligible]=false", [c, a]),
            ("filter[activation_settings][foc_datetime_requested][gt]=2030-02-01T00:00:00Z", [b]),
            ("filter[activation_settings][foc_datetime_requested][lt]=2030-02-01T00:00:00Z", [a]),
            ("filter[activation_settings][foc_datetime_requested][gte]=2030-01-10T10:00:00Z&filter[activation_settings][foc_datetime_requested][lte]=2030-01-10T10:00:00Z", [a]),
            ("sort[value]=created_at", [a, b, c]),
            ("sort=-created_at", [c, b, a]),
            ("sort[value]=activation_settings.foc_datetime_requested", [a, b, c]),
            ("sort[value]=-activation_settings.foc_datetime_requested", [b, a, c]),
        };
        foreach (var (query, expected) in cases)
            Assert.True(expected.SequenceEqual(await IdsAsync(account.Client, query)), $"{query}: expected {string.Join(",", expected)}, got {string.Join(",", await IdsAsync(account.Client, query))}");
        var carrier = (await (await account.Client.GetAsync($"/v2/porting_orders/{a}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("Unreal Communications", carrier.Str("old_service_provider_ocn"));
    }

    [Theory]
    [InlineData("filter[customer_reference]=ref-a,ref-b")]
    [InlineData("filter[customer_reference][in][]=ref-a&filter[customer_reference][in][]=ref-b")]
    [InlineData("filter[customer_reference][in]=ref-a,ref-b")]
    [InlineData("filter[customer_reference]=ref-a&filter[customer_reference][eq]=ref-b")]
    public async Task ListOrders_AnyOfInEveryStyle_MeansTheSame(string query)
    {
        var (account, a, b, _) = await ThreeOrdersAsync();
        Assert.Equal([b, a], await IdsAsync(account.Client, query));
    }

    [Theory]
    [InlineData("/v2/porting_orders?filter[colour]=red", "filter[colour]")]
    [InlineData("/v2/porting_orders?filter[end_user][admin][nickname]=x", "filter[end_user][admin][nickname]")]
    [InlineData("/v2/porting_orders?filter[misc][type][contains]=f", "filter[misc][type][contains]")]
    [InlineData("/v2/porting_orders?filter[activation_settings][foc_datetime_requested][gt]=tomorrow", "filter[activation_settings][foc_datetime_requested][gt]")]
    [InlineData("/v2/porting_orders?filter[activation_settings][fast_port_eligible]=yes", "filter[activation_settings][fast_port_eligible]")]
    [InlineData("/v2/porting_orders?filter[status]=done", "filter[status]")]
    [InlineData("/v2/porting_orders?sort[value]=customer_reference", "sort[value]")]
    [InlineData("/v2/porting_orders?include_phone_numbers=maybe", "include_phone_numbers")]
    [InlineData("/v2/porting_orders?page[sise]=5", "page[sise]")]
    [InlineData("/v2/porting_orders?filter=x", "filter")]
    [InlineData("/v2/porting_orders?filter[a][[b]=x", "filter[a][[b]")]
    [InlineData("/v2/porting_phone_numbers?filter[customer_reference]=x", "filter[customer_reference]")]
    [InlineData("/v2/porting_phone_numbers?sort[value]=created_at", "sort[value]")]
    [InlineData("/v2/porting_phone_numbers?filter[phone_number][contains]=12a", "filter[phone_number][contains]")]
    [InlineData("/v2/porting/events?filter[created_at][gte]=yesterday", "filter[created_at][gte]")]
    [InlineData("/v2/phone_numbers?filter[status]=gone", "filter[status]")]
    public async Task List_UnknownOrBadParameter_Is422NamingIt(string path, string parameter)
    {
        var account = await Service.NewAccountAsync();
        var error = await (await account.Client.GetAsync(path)).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, parameter);
        Assert.All(error.GetProperty("errors").EnumerateArray(), e => Assert.NotEqual(JsonValueKind.Null, e.GetProperty("source").ValueKind));
    }

    [Fact]
    public async Task ListBlocksAndExtensions_EachFilter_NarrowsByData()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456400" } });
        var id = order.Str("id");
        async Task<string> BlockAsync(int start) => (await (await account.Client.PostAsync($"/v2/porting_orders/{id}/phone_number_blocks", Json.Body(
            $$"""{"phone_number_range": {"start_at": "+49201234565{{start}}0", "end_at": "+49201234565{{start}}9"}, "activation_ranges": []}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("id");
        var first = await BlockAsync(1);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await BlockAsync(2);
        async Task<List<string>> Blocks(string query) =>
            (await (await account.Client.GetAsync($"/v2/porting_orders/{id}/phone_number_blocks?{query}")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("data").EnumerateArray().Select(b => b.Str("id")).ToList();
        Assert.Equal([second, first], await Blocks(""));
        Assert.Equal([first, second], await Blocks("sort[value]=created_at"));
        Assert.Equal([first], await Blocks("filter[phone_number]=%2B4920123456515"));
        Assert.Equal([second, first], await Blocks("filter[phone_number]=%2B4920123456515,%2B4920123456525"));
        Assert.Empty(await Blocks("filter[phone_number]=%2B4920123456535"));
        Assert.Equal(2, (await Blocks($"filter[porting_order_id]={id}")).Count);
        Assert.Empty(await Blocks($"filter[porting_order_id]={Guid.NewGuid()}"));
        Assert.Equal(2, (await Blocks("filter[status]=draft")).Count);
        Assert.Empty(await Blocks("filter[status]=in-process"));
        Assert.Equal(2, (await Blocks("filter[portability_status]=provisional")).Count);
        Assert.Empty(await Blocks("filter[portability_status]=pending"));
        Assert.Empty(await Blocks("filter[activation_status]=Pending"));
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, (await Blocks("filter[activation_status]=Pending")).Count);
        var key = (await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").Str("support_key");
        Assert.Equal(2, (await Blocks($"filter[support_key]={key}")).Count);
        Assert.Empty(await Blocks("filter[support_key]=sr_nobody"));

        var numbers = (await (await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[porting_order_id]={id}&page[size]=2")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        var (n1, n2) = (numbers[0].Str("id"), numbers[1].Str("id"));
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/phone_number_extensions", Json.Body(
            $$"""{"porting_phone_number_id": "{{n1}}", "extension_range": {"start_at": 1, "end_at": 9}, "activation_ranges": []}"""))).ExpectAsync(HttpStatusCode.Created);
        async Task<int> Extensions(string query) =>
            (await (await account.Client.GetAsync($"/v2/porting_orders/{id}/phone_number_extensions?{query}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").GetArrayLength();
        Assert.Equal(1, await Extensions($"filter[porting_phone_number_id]={n1}"));
        Assert.Equal(0, await Extensions($"filter[porting_phone_number_id][eq]={n2}"));
    }

    [Fact]
    public async Task ListPortingPhoneNumbers_FiltersNarrowByData()
    {
        var (account, a, b, _) = await ThreeOrdersAsync();
        async Task<List<string>> Numbers(string query) =>
            (await (await account.Client.GetAsync($"/v2/porting_phone_numbers?page[size]=250&{query}")).ExpectAsync(HttpStatusCode.OK))
            .GetProperty("data").EnumerateArray().Select(n => n.Str("phone_number")).ToList();
        Assert.Equal(["+13035550201"], await Numbers("filter[porting_order_status]=in-process"));
        Assert.Equal(["+4920123456201", "+4920123456202", "+4920123456303"], await Numbers("filter[porting_order_status]=draft"));
        Assert.Equal(["+4920123456201", "+4920123456202"], await Numbers($"filter[porting_order_id]={a}"));
        Assert.Equal(["+13035550201"], await Numbers("filter[activation_status]=Pending"));
        Assert.Equal(["+13035550201"], await Numbers("filter[portability_status]=pending"));
        Assert.Equal(["+4920123456303"], await Numbers("filter[phone_number][contains]=456303"));
        Assert.Empty(await Numbers("filter[requirements_status]=approved"));
        Assert.Equal(4, (await Numbers("filter[requirements_status]=requirement-info-pending")).Count);
        var key = (await (await account.Client.GetAsync($"/v2/porting_orders/{b}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").Str("support_key");
        Assert.Equal(["+13035550201"], await Numbers($"filter[support_key]={key}"));
    }

    [Fact]
    public async Task Draft_OptionalFieldsWithoutValue_AreLeftOutNotNull()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456600" } });
        // telnyx-porting-core.yml: old_service_provider_ocn is a string; a porting phone number's activation_status and
        // support_key are strings (not nullable): a draft has none, so they are absent. support_key of the order is nullable.
        Assert.False(order.TryGetProperty("old_service_provider_ocn", out _));
        Assert.Equal(JsonValueKind.Null, order.GetProperty("support_key").ValueKind);
        var number = order.GetProperty("phone_numbers")[0];
        Assert.False(number.TryGetProperty("activation_status", out _));
        Assert.False(number.TryGetProperty("support_key", out _));
        Assert.False(number.TryGetProperty("messaging_port_status", out _));
        Assert.Equal(JsonValueKind.Object, order.GetProperty("end_user").GetProperty("location").ValueKind);
        Assert.Equal(JsonValueKind.Null, order.GetProperty("misc").ValueKind);
        Assert.EndsWith("Z", order.Str("created_at"));

        var confirmed = (await (await account.Client.PostAsync($"/v2/porting_orders/{order.Str("id")}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        var numbers = (await (await account.Client.GetAsync($"/v2/porting_phone_numbers?filter[porting_order_id]={order.Str("id")}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal(("Pending", confirmed.Str("support_key")), (numbers[0].Str("activation_status"), numbers[0].Str("support_key")));
    }

    [Fact]
    public async Task IncludePhoneNumbers_DefaultsToTrueOnListAndGet()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456610" } });
        var list = await (await account.Client.GetAsync("/v2/porting_orders")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, list.GetProperty("data")[0].GetProperty("phone_numbers").GetArrayLength());
        var get = await (await account.Client.GetAsync($"/v2/porting_orders/{order.Str("id")}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, get.GetProperty("data").GetProperty("phone_numbers").GetArrayLength());
        var lean = await (await account.Client.GetAsync("/v2/porting_orders?include_phone_numbers=false")).ExpectAsync(HttpStatusCode.OK);
        Assert.False(lean.GetProperty("data")[0].TryGetProperty("phone_numbers", out _));
    }

    [Fact]
    public async Task Csv_PortingPhoneNumbersAndOrders_CarryTheDocumentedColumns()
    {
        var account = await Service.NewAccountAsync();
        var order = await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456620", "+4920123456621" }, customer_reference = "a,\"b\"" });
        var id = order.Str("id");
        using var numbers = new HttpRequestMessage(HttpMethod.Get, $"/v2/porting_phone_numbers?filter[porting_order_id]={id}");
        numbers.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await account.Client.SendAsync(numbers);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        // telnyx-porting-core.yml, ListPortingPhoneNumbers text/csv example.
        Assert.Equal($"phone_number,phone_number_type,porting_order_id,support_key,porting_order_status\r\n+4920123456620,local,{id},,draft\r\n+4920123456621,local,{id},,draft\r\n",
            await response.Content.ReadAsStringAsync());

        using var orders = new HttpRequestMessage(HttpMethod.Get, "/v2/porting_orders?filter[customer_reference][contains]=b");
        orders.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var lines = (await (await account.Client.SendAsync(orders)).Content.ReadAsStringAsync()).Split("\r\n");
        Assert.Equal(string.Join(",", NumberBlocks.Api.Telnyx.PortingOrdersApi.CsvColumns), lines[0]);
        Assert.StartsWith($"{id},draft,local,2,\"a,\"\"b\"\"\",", lines[1]);
        Assert.Equal(3, lines.Length); // header, one order, and the empty string after the last CRLF

        using var json = new HttpRequestMessage(HttpMethod.Get, "/v2/porting_orders");
        json.Headers.Accept.ParseAdd("application/json, text/csv;q=0.5");
        Assert.Equal("application/json", (await account.Client.SendAsync(json)).Content.Headers.ContentType?.MediaType);
    }

    private static HttpClient WithToken(ServiceFactory service, string token)
    {
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task SharingToken_ReadsItsOneOrderUntilItExpires()
    {
        var account = await Service.NewAccountAsync();
        var order = (await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456630" } })).Str("id");
        var other = (await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456631" } })).Str("id");
        var share = (await (await account.Client.PostAsJsonAsync($"/v2/porting_orders/{order}/actions/share",
            new { expires_in_seconds = 600, permissions = "porting_order.document.read" })).ExpectAsync(HttpStatusCode.Created)).GetProperty("data");
        Assert.Equal(("porting_order_sharing_token", order, 600), (share.Str("record_type"), share.Str("porting_order_id"), share.GetProperty("expires_in_seconds").GetInt32()));
        Assert.Equal(DateTimeOffset.Parse(share.Str("created_at")).AddSeconds(600), DateTimeOffset.Parse(share.Str("expires_at")));
        Assert.Equal(3, share.Str("token").Split('.').Length); // a JWT, as Telnyx's example

        using var shared = WithToken(Service, share.Str("token"));
        Assert.Equal(order, (await (await shared.GetAsync($"/v2/porting_orders/{order}")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data").Str("id"));
        await (await shared.GetAsync($"/v2/porting_orders/{order}/phone_number_blocks")).ExpectAsync(HttpStatusCode.OK);
        await (await shared.GetAsync($"/v2/porting_orders/{order}/activation_jobs")).ExpectAsync(HttpStatusCode.OK);
        // Read-only, and only that order.
        await (await shared.GetAsync($"/v2/porting_orders/{other}")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
        await (await shared.GetAsync("/v2/porting_orders")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
        await (await shared.PatchAsync($"/v2/porting_orders/{order}", Json.Body("""{"customer_reference": "x"}"""))).ExpectErrorAsync(HttpStatusCode.Unauthorized);
        await (await shared.PostAsync($"/v2/porting_orders/{order}/actions/confirm", null)).ExpectErrorAsync(HttpStatusCode.Unauthorized);
        await (await shared.DeleteAsync($"/v2/porting_orders/{order}")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
        using (var forged = WithToken(Service, share.Str("token")[..^2] + "xx"))
            await (await forged.GetAsync($"/v2/porting_orders/{order}")).ExpectErrorAsync(HttpStatusCode.Unauthorized);

        Clock.Advance(TimeSpan.FromSeconds(601));
        await (await shared.GetAsync($"/v2/porting_orders/{order}")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SharingToken_OfADeletedOrder_ReadsNothing()
    {
        var account = await Service.NewAccountAsync();
        var order = (await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456640" } })).Str("id");
        var token = (await (await account.Client.PostAsJsonAsync($"/v2/porting_orders/{order}/actions/share", new { })).ExpectAsync(HttpStatusCode.Created))
            .GetProperty("data");
        Assert.Equal(3600, token.GetProperty("expires_in_seconds").GetInt32());
        Assert.Equal("porting_order.document.read", token.GetProperty("permissions")[0].GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await account.Client.DeleteAsync($"/v2/porting_orders/{order}")).StatusCode);
        using var shared = WithToken(Service, token.Str("token"));
        await (await shared.GetAsync($"/v2/porting_orders/{order}")).ExpectErrorAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""{"expires_in_seconds": 0}""", "/expires_in_seconds")]
    [InlineData("""{"expires_in_seconds": 172801}""", "/expires_in_seconds")]
    [InlineData("""{"permissions": "porting_order.everything"}""", "/permissions")]
    [InlineData("""{"expires_in_seconds": "soon"}""", "/expires_in_seconds")]
    public async Task Share_BadBody_Is422AtItsPointer(string body, string pointer)
    {
        var account = await Service.NewAccountAsync();
        var order = (await CreateAsync(account.Client, new { phone_numbers = new[] { "+4920123456650" } })).Str("id");
        await (await account.Client.PostAsync($"/v2/porting_orders/{order}/actions/share", Json.Body(body))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, pointer);
    }
}

public sealed class TelnyxSpecSqliteTests() : TelnyxSpecTests(TestDatabase.Sqlite);

public sealed class TelnyxSpecPostgresTests() : TelnyxSpecTests(TestDatabase.Postgres);
