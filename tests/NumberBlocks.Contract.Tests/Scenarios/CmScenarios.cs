using System.Net;
using System.Text.Json;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Scenarios;

/// <summary>
/// One valid request for every operation of the CM.com surface (/voice/phonenumberrequestapi/v1/{accountGuid}),
/// authenticated the CM.com way (the account's key as X-CM-PRODUCTTOKEN), each preparing what it needs through the API
/// itself: stock through the operator API, requests through the surface.
/// </summary>
public sealed class CmScenarios : IScenarioSource
{
    private const string TokenHeader = "X-CM-PRODUCTTOKEN";

    // Stock no other scenario uses: Munich (+49 89 1230 xxxx, area code 89), a hundred numbers per scenario that needs it.
    // Requests that must stay open ask for Hamburg (area code 40), where no scenario loads stock.
    private static int _nextMunich;

    public IEnumerable<Scenario> Scenarios()
    {
        yield return new Scenario("CmCreateNumberRequest", HttpStatusCode.Created, async c =>
        {
            var account = await c.AccountAsync();
            await MunichStockAsync(c);
            return Cm(HttpMethod.Post, account, "/numberrequests", new
            {
                quantity = 10, rangeSize = 10, numberType = "local", areaCode = "89", city = "München", countryCode = "DE",
                comment = "contract", callbackUrl = "https://webhooks.invalid/cm", email = "noc@example.com",
                companyProfileId = "6f1d3c1e-8a4b-4e55-9a0e-2d7c5b9e4f10",
            });
        });
        yield return Ok("CmListNumberRequests", async c =>
        {
            var (account, _) = await AssignedRequestAsync(c);
            await OpenRequestAsync(c, account);
            return Cm(HttpMethod.Get, account, "/numberrequests?Skip=0&Take=5");
        });
        yield return Ok("CmListNumberRequestStatuses", async c => Cm(HttpMethod.Get, await c.AccountAsync(), "/numberrequests/statuses"));
        yield return Ok("CmGetNumberRequest", async c =>
        {
            var (account, id) = await AssignedRequestAsync(c);
            return Cm(HttpMethod.Get, account, $"/numberrequests/{id}");
        });
        yield return Ok("CmCancelNumberRequest", async c =>
        {
            var account = await c.AccountAsync();
            var id = await OpenRequestAsync(c, account);
            return Cm(HttpMethod.Post, account, $"/numberrequests/{id}/cancel");
        });
        yield return Ok("CmGetRequestRestrictions", async c => Cm(HttpMethod.Get, await c.AccountAsync(), "/restrictions?countryCode=DE"));
        yield return Ok("CmGetLocaleOptions", async c =>
        {
            await MunichStockAsync(c);
            return Cm(HttpMethod.Get, await c.AccountAsync(), "/localeoptions?countryCode=DE&numberType=local");
        });
        yield return Ok("CmGetAvailability", async c =>
        {
            await MunichStockAsync(c);
            return Cm(HttpMethod.Get, await c.AccountAsync(), "/availability?countryCode=DE&numberType=local&areaCode=89&quantity=20&rangeSize=10");
        });
        yield return Ok("CmGetWebhookSecret", async c => Cm(HttpMethod.Get, await c.AccountAsync(), "/webhooksecret"));
        yield return Ok("CmRotateWebhookSecret", async c => Cm(HttpMethod.Post, await c.AccountAsync(), "/webhooksecret/rotate"));
        yield return Ok("CmListCallbackDeliveries", async c =>
        {
            var (account, _) = await AssignedRequestAsync(c); // its status change is mailed and POSTed (to an unresolvable host)
            return Cm(HttpMethod.Get, account, "/callbacks?Take=10");
        });
    }

    private static Scenario Ok(string operationId, Func<ScenarioContext, Task<HttpRequestMessage>> prepare) => new(operationId, HttpStatusCode.OK, prepare);

    /// <summary>A request to the account's CM.com routes, with its key as the product token.</summary>
    private static HttpRequestMessage Cm(HttpMethod method, (Guid Id, string ApiKey) account, string path, object? body = null)
    {
        var request = ScenarioContext.Request(method, $"/voice/phonenumberrequestapi/v1/{account.Id}{path}", body);
        request.Headers.Add(TokenHeader, account.ApiKey);
        return request;
    }

    private static async Task<JsonElement> SendAsync(ScenarioContext c, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var client = c.Service.Client();
        using (request) return await ScenarioContext.SendAsync(client, request, expected);
    }

    /// <summary>A hundred fresh Munich numbers in stock (operator API).</summary>
    private static async Task MunichStockAsync(ScenarioContext c)
    {
        var start = 498912300000L + Interlocked.Increment(ref _nextMunich) * 100L;
        await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, "/admin/v1/stock", new
        {
            start_at = $"+{start}", end_at = $"+{start + 99}", number_type = "local", area_code = "89", city = "München",
        }, ServiceHost.OperatorKey), HttpStatusCode.Created);
    }

    /// <summary>A request served at once from fresh Munich stock, with a callback URL and an e-mail address: the account and the request's id.</summary>
    private static async Task<((Guid Id, string ApiKey) Account, string Id)> AssignedRequestAsync(ScenarioContext c)
    {
        var account = await c.AccountAsync();
        await MunichStockAsync(c);
        var created = await SendAsync(c, Cm(HttpMethod.Post, account, "/numberrequests", new
        {
            quantity = 5, numberType = "local", areaCode = "89", countryCode = "DE", callbackUrl = "https://webhooks.invalid/cm", email = "noc@example.com",
        }), HttpStatusCode.Created);
        return (account, created.GetProperty("numberRequestId").GetString()!);
    }

    /// <summary>A request no stock can serve (Hamburg), so it stays pending: its id.</summary>
    private static async Task<string> OpenRequestAsync(ScenarioContext c, (Guid Id, string ApiKey) account)
    {
        var created = await SendAsync(c, Cm(HttpMethod.Post, account, "/numberrequests", new
        {
            quantity = 3, numberType = "local", areaCode = "40", city = "Hamburg", countryCode = "DE",
        }), HttpStatusCode.Created);
        return created.GetProperty("numberRequestId").GetString()!;
    }
}
