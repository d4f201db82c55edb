using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Scenarios;

/// <summary>
/// One valid request for every operation of the Fone Dynamics surface (number blocks and properties), authenticated as
/// the provider documents (HTTP Basic: AccountSid and API key). Blocks for sale are published through the operator API;
/// properties and purchases are made through the surface itself. The bodies use each media type the surface reads.
/// </summary>
public sealed class FoneScenarios : IScenarioSource
{
    // Sydney numbers (+61 2 9990 xxxx) no other scenario of the contract run uses, ten per block.
    private static int _nextBlock;

    public IEnumerable<Scenario> Scenarios()
    {
        yield return Ok("FoneListNumberBlocks", async c =>
        {
            await PublishAsync(c);
            return await GetAsync(c, "/v2/numberblocks?Available=true&Voice=true&PageSize=5&SortBy=DateCreated&SortDir=desc");
        });
        yield return Ok("FoneSearchNumberBlocks", async c =>
        {
            var (_, start) = await PublishAsync(c);
            return await GetAsync(c, $"/v2/numberblocks/{Uri.EscapeDataString(start)}?IncludeTotalCount=false");
        });
        yield return Ok("FoneConfigureNumberBlock", async c =>
        {
            var property = await PropertyAsync(c);
            var sid = await BoughtAsync(c, property);
            return await BasicAsync(c, HttpMethod.Post, $"/v2/numberblocks/{sid}", Form(
                ("PropertySid", property), ("RoutingMethod", "flow"), ("Flow", "after-hours"), ("EndpointNumber", "+61299997777"),
                ("Recording", "enabled")));
        });
        yield return Ok("FonePurchaseNumberBlock", async c =>
        {
            var (sid, _) = await PublishAsync(c);
            var (account, _) = await c.AccountAsync();
            return await BasicAsync(c, HttpMethod.Post, "/v2/NumberBlocks", Json(new
            {
                numberBlockSid = sid, AccountSid = account, AnswerPoint = "+61299998888", Description = "contract", Active = true, GroupType = 1,
            }));
        });
        yield return Ok("FoneListPropertyNumberBlocks", async c =>
        {
            var property = await PropertyAsync(c);
            await BoughtAsync(c, property);
            return await GetAsync(c, $"/v2/Properties/{property}/numberblocks?Active=true");
        });
        yield return Ok("FonePurchasePropertyNumberBlock", async c =>
        {
            var property = await PropertyAsync(c);
            var (sid, _) = await PublishAsync(c);
            var multipart = new MultipartFormDataContent
            {
                { new StringContent(sid), "numberBlockSid" },
                { new StringContent("sip:reception@pbx.example.com"), "AnswerPoint" },
                { new StringContent("spring"), "Campaign" },
            };
            return await BasicAsync(c, HttpMethod.Post, $"/v2/Properties/{property}/NumberBlocks", multipart);
        });
        yield return Ok("FoneListAccountNumberBlocks", async c =>
        {
            await BoughtAsync(c, null);
            var (account, _) = await c.AccountAsync();
            return await GetAsync(c, $"/v2/Accounts/{account}/numberblocks?SortBy=NumberPattern&IncludeTotalCount=false");
        });
        yield return Ok("FonePurchaseAccountNumberBlock", async c =>
        {
            var (sid, _) = await PublishAsync(c);
            var (account, _) = await c.AccountAsync();
            return await BasicAsync(c, HttpMethod.Post, $"/v2/Accounts/{account}/NumberBlocks?numberBlockSid={sid}",
                Form(("AnswerPoint", "+61299998888"), ("CallRecordingEnabled", "true")));
        });
        yield return Ok("FoneCreateProperty", async c =>
        {
            var (account, _) = await c.AccountAsync();
            return await BasicAsync(c, HttpMethod.Post, $"/v2/Accounts/{account}/Properties", Form(("Name", "Contract brand")));
        });
        yield return Ok("FoneListProperties", async c =>
        {
            await PropertyAsync(c);
            var (account, _) = await c.AccountAsync();
            return await GetAsync(c, $"/v2/Accounts/{account}/Properties?PageSize=5");
        });
        yield return Ok("FoneGetProperty", async c => await GetAsync(c, $"/v2/Properties/{await PropertyAsync(c)}"));
    }

    private static Scenario Ok(string operationId, Func<ScenarioContext, Task<HttpRequestMessage>> prepare) => new(operationId, HttpStatusCode.OK, prepare);

    /// <summary>A request with the provider's authentication: HTTP Basic, the AccountSid as user name and the API key as password.</summary>
    private static async Task<HttpRequestMessage> BasicAsync(ScenarioContext c, HttpMethod method, string path, HttpContent? content = null)
    {
        var (account, key) = await c.AccountAsync();
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account}:{key}")));
        return request;
    }

    private static Task<HttpRequestMessage> GetAsync(ScenarioContext c, string path) => BasicAsync(c, HttpMethod.Get, path);

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> SendAsync(ScenarioContext c, HttpRequestMessage request)
    {
        using var client = c.Service.Client();
        using (request) return await ScenarioContext.SendAsync(client, request, HttpStatusCode.OK);
    }

    /// <summary>A block of ten numbers for sale (operator API): its NumberBlockSid and first number.</summary>
    private static async Task<(string Sid, string Start)> PublishAsync(ScenarioContext c)
    {
        var start = 61299900000L + Interlocked.Increment(ref _nextBlock) * 10;
        using var op = c.Operator();
        var published = await ScenarioContext.SendAsync(op, ScenarioContext.Request(HttpMethod.Post, "/admin/v1/numberblocks",
            new { start_at = "+" + start, end_at = "+" + (start + 9), number_type = "local", voice = true, sms = false }), HttpStatusCode.Created);
        return (published.GetProperty("data").GetProperty("NumberBlockSid").GetString()!, "+" + start);
    }

    /// <summary>A property of the scenarios' account, made through the surface.</summary>
    private static async Task<string> PropertyAsync(ScenarioContext c)
    {
        var (account, _) = await c.AccountAsync();
        var created = await SendAsync(c, await BasicAsync(c, HttpMethod.Post, $"/v2/Accounts/{account}/Properties", Form(("Name", "Contract property"))));
        return created.GetProperty("PropertySid").GetString()!;
    }

    /// <summary>A block bought by the scenarios' account, into <paramref name="property"/> or into the account without one.</summary>
    private static async Task<string> BoughtAsync(ScenarioContext c, string? property)
    {
        var (sid, _) = await PublishAsync(c);
        var (account, _) = await c.AccountAsync();
        var path = property is null ? $"/v2/Accounts/{account}/NumberBlocks" : $"/v2/Properties/{property}/NumberBlocks";
        await SendAsync(c, await BasicAsync(c, HttpMethod.Post, path, Form(("numberBlockSid", sid), ("AnswerPoint", "+61299998888"))));
        return sid;
    }
}
