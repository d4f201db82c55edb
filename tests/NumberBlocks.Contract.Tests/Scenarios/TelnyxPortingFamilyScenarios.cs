using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Scenarios;

/// <summary>
/// One valid request for every operation of the porting family (documents, additional documents, comments,
/// requirements, action requirements, FOC windows, LOA template and configurations, exception types), and the
/// operator's carrier comment. Orders use numbers no other suite of the contract run uses: Essen 0201 86xxxxx.
/// </summary>
public sealed class TelnyxPortingFamilyScenarios : IScenarioSource
{
    private static int _next;

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    public IEnumerable<Scenario> Scenarios()
    {
        yield return Ok("ListDocuments", async c =>
        {
            var key = await KeyAsync(c);
            await UploadAsync(c, key, Pdf, "listed.pdf");
            return Get("/v2/documents?filter[filename][contains]=listed&sort=-created_at&page[size]=5", key);
        });
        yield return Ok("CreateDocument", async c =>
        {
            var key = await KeyAsync(c);
            var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "loa.pdf" }, { new StringContent("contract"), "customer_reference" } };
            var request = new HttpRequestMessage(HttpMethod.Post, "/v2/documents") { Content = form };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return request;
        });
        yield return Ok("GetDocument", async c => { var key = await KeyAsync(c); return Get($"/v2/documents/{await UploadAsync(c, key, Pdf, "a.pdf")}", key); });
        yield return Ok("DownloadDocument", async c => { var key = await KeyAsync(c); return Get($"/v2/documents/{await UploadAsync(c, key, Pdf, "a.pdf")}/download", key); });
        yield return Ok("UpdateDocument", async c =>
        {
            var key = await KeyAsync(c);
            return ScenarioContext.Request(HttpMethod.Patch, $"/v2/documents/{await UploadAsync(c, key, Pdf, "a.pdf")}", new { filename = "b.pdf" }, key);
        });
        yield return Ok("DeleteDocument", async c =>
        {
            var key = await KeyAsync(c);
            return ScenarioContext.Request(HttpMethod.Delete, $"/v2/documents/{await UploadAsync(c, key, Pdf, "a.pdf")}", bearer: key);
        });

        yield return Ok("ListPortingOrdersExceptionTypes", async c => Get("/v2/porting_orders/exception_types", await KeyAsync(c)));
        yield return Ok("ListAdditionalDocuments", async c =>
        {
            var (id, key) = await OrderAsync(c);
            await SendAsync(c, AddDocuments(id, key, await UploadAsync(c, key, Pdf, "csr.pdf")), HttpStatusCode.Created);
            return Get($"/v2/porting_orders/{id}/additional_documents?filter[document_type]=csr&sort[value]=created_at", key);
        });
        yield return new Scenario("CreateAdditionalDocuments", HttpStatusCode.Created, async c =>
        {
            var (id, key) = await OrderAsync(c);
            return AddDocuments(id, key, await UploadAsync(c, key, Pdf, "csr.pdf"));
        });
        yield return new Scenario("DeleteAdditionalDocument", HttpStatusCode.NoContent, async c =>
        {
            var (id, key) = await OrderAsync(c);
            var added = await SendAsync(c, AddDocuments(id, key, await UploadAsync(c, key, Pdf, "csr.pdf")), HttpStatusCode.Created);
            return ScenarioContext.Request(HttpMethod.Delete, $"/v2/porting_orders/{id}/additional_documents/{added.GetProperty("data")[0].GetProperty("id").GetString()}", bearer: key);
        });
        yield return Ok("ListPortingOrderComments", async c =>
        {
            var (id, key) = await OrderAsync(c);
            await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/comments", new { body = "first" }, key), HttpStatusCode.Created);
            return Get($"/v2/porting_orders/{id}/comments?page[size]=5", key);
        });
        yield return new Scenario("CreatePortingOrderComment", HttpStatusCode.Created, async c =>
        {
            var (id, key) = await OrderAsync(c);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/comments", new { body = "Is the bill enough?" }, key);
        });
        yield return new Scenario("AdminCommentPortingOrder", HttpStatusCode.Created, async c =>
        {
            var (id, _) = await OrderAsync(c);
            return ScenarioContext.Request(HttpMethod.Post, $"/admin/v1/porting_orders/{id}/comments", new { body = "Please upload the latest bill." }, ServiceHost.OperatorKey);
        });
        yield return Ok("ListPortingOrderRequirements", async c => { var (id, key) = await OrderAsync(c); return Get($"/v2/porting_orders/{id}/requirements", key); });
        yield return Ok("ListPortingOrderActionRequirements", async c =>
        {
            var (id, key) = await OrderAsync(c);
            return Get($"/v2/porting_orders/{id}/action_requirements?filter[status]=created&sort[value]=-created_at", key);
        });
        yield return Ok("InitiatePortingActionRequirement", async c =>
        {
            var (id, key) = await OrderAsync(c);
            await SendAsync(c, ScenarioContext.Request(HttpMethod.Patch, $"/v2/porting_orders/{id}",
                new { end_user = new { admin = new { auth_person_name = "Ada Admin" } } }, key), HttpStatusCode.OK);
            var list = await SendAsync(c, Get($"/v2/porting_orders/{id}/action_requirements", key), HttpStatusCode.OK);
            return ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{id}/action_requirements/{list.GetProperty("data")[0].GetProperty("id").GetString()}/initiate",
                new { @params = new { first_name = "Ada", last_name = "Admin" } }, key);
        });
        yield return Ok("ListAllowedFocWindows", async c => { var (id, key) = await OrderAsync(c); return Get($"/v2/porting_orders/{id}/allowed_foc_windows", key); });
        yield return Ok("GetPortingOrderLoaTemplate", async c =>
        {
            var (id, key) = await OrderAsync(c);
            var configuration = await LoaConfigurationAsync(c, key);
            return Get($"/v2/porting_orders/{id}/loa_template?loa_configuration_id={configuration}", key);
        });

        yield return Ok("ListLoaConfigurations", async c => { var key = await KeyAsync(c); await LoaConfigurationAsync(c, key); return Get("/v2/porting/loa_configurations?page[size]=5", key); });
        yield return new Scenario("CreateLoaConfiguration", HttpStatusCode.Created, async c =>
        {
            var key = await KeyAsync(c);
            return ScenarioContext.Request(HttpMethod.Post, "/v2/porting/loa_configurations", LoaBody(await UploadAsync(c, key, Png, "logo.png")), key);
        });
        yield return Ok("PreviewLoaConfigurationParams", async c =>
        {
            var key = await KeyAsync(c);
            return ScenarioContext.Request(HttpMethod.Post, "/v2/porting/loa_configurations/preview", LoaBody(await UploadAsync(c, key, Png, "logo.png")), key);
        });
        yield return Ok("GetLoaConfiguration", async c => { var key = await KeyAsync(c); return Get($"/v2/porting/loa_configurations/{await LoaConfigurationAsync(c, key)}", key); });
        yield return Ok("UpdateLoaConfiguration", async c =>
        {
            var key = await KeyAsync(c);
            var id = await LoaConfigurationAsync(c, key);
            return ScenarioContext.Request(HttpMethod.Patch, $"/v2/porting/loa_configurations/{id}", LoaBody(await UploadAsync(c, key, Png, "logo2.png")), key);
        });
        yield return new Scenario("DeleteLoaConfiguration", HttpStatusCode.NoContent, async c =>
        {
            var key = await KeyAsync(c);
            return ScenarioContext.Request(HttpMethod.Delete, $"/v2/porting/loa_configurations/{await LoaConfigurationAsync(c, key)}", bearer: key);
        });
        yield return Ok("PreviewLoaConfiguration", async c =>
        {
            var key = await KeyAsync(c);
            return Get($"/v2/porting/loa_configurations/{await LoaConfigurationAsync(c, key)}/preview", key);
        });
    }

    private static Scenario Ok(string operationId, Func<ScenarioContext, Task<HttpRequestMessage>> prepare) => new(operationId, HttpStatusCode.OK, prepare);

    private static HttpRequestMessage Get(string path, string key) => ScenarioContext.Request(HttpMethod.Get, path, bearer: key);

    private static async Task<string> KeyAsync(ScenarioContext c) => (await c.AccountAsync()).ApiKey;

    private static async Task<JsonElement> SendAsync(ScenarioContext c, HttpRequestMessage request, HttpStatusCode expected)
    {
        using var client = c.Service.Client();
        using (request) return await ScenarioContext.SendAsync(client, request, expected);
    }

    private static async Task<string> UploadAsync(ScenarioContext c, string key, byte[] bytes, string filename)
    {
        var created = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, "/v2/documents",
            new { file = Convert.ToBase64String(bytes), filename }, key), HttpStatusCode.OK);
        return created.GetProperty("data").GetProperty("id").GetString()!;
    }

    /// <summary>A DE draft of one number (DE orders carry the identity-verification action requirement).</summary>
    private static async Task<(string Id, string Key)> OrderAsync(ScenarioContext c)
    {
        var key = await KeyAsync(c);
        var number = $"+{4920186000000L + Interlocked.Increment(ref _next)}";
        var created = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, "/v2/porting_orders", new { phone_numbers = new[] { number } }, key), HttpStatusCode.Created);
        return (created.GetProperty("data")[0].GetProperty("id").GetString()!, key);
    }

    private static HttpRequestMessage AddDocuments(string orderId, string key, string documentId) =>
        ScenarioContext.Request(HttpMethod.Post, $"/v2/porting_orders/{orderId}/additional_documents",
            new { additional_documents = new[] { new { document_id = documentId, document_type = "csr" } } }, key);

    private static object LoaBody(string logo) => new
    {
        name = "Contract LOA", company_name = "Contract Carrier AG", logo = new { document_id = logo },
        address = new { street_address = "Hauptstr. 5", city = "Berlin", state = "BE", zip_code = "10115", country_code = "DE" },
        contact = new { email = "port@contract.example", phone_number = "+493012345678" },
    };

    private static async Task<string> LoaConfigurationAsync(ScenarioContext c, string key)
    {
        var created = await SendAsync(c, ScenarioContext.Request(HttpMethod.Post, "/v2/porting/loa_configurations", LoaBody(await UploadAsync(c, key, Png, "logo.png")), key),
            HttpStatusCode.Created);
        return created.GetProperty("data").GetProperty("id").GetString()!;
    }
}
