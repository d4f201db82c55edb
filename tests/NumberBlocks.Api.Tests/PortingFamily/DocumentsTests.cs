using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.PortingFamily;

/// <summary>Telnyx /v2/documents: bytes kept in the database, checked by their first bytes, hashed, one account's only.</summary>
public abstract class DocumentsTests(TestDatabase database) : IAsyncLifetime
{
    private ServiceFactory _service = null!;

    /// <summary>A small but real PDF header and trailer: what the type check reads is the "%PDF-" signature.</summary>
    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public async ValueTask InitializeAsync()
    {
        _service = await TestServices.CreateAsync(database);
        _ = _service.Server;
    }

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    public static async Task<JsonElement> UploadJsonAsync(HttpClient client, byte[] bytes, string filename, string? reference = null)
    {
        var body = JsonSerializer.Serialize(new { file = Convert.ToBase64String(bytes), filename, customer_reference = reference });
        return (await (await client.PostAsync("/v2/documents", Json.Body(body))).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
    }

    [Fact]
    public async Task Upload_Multipart_StoresTheBytesWithTheirHashAndServesThemBack()
    {
        var account = await _service.NewAccountAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream"); // the declared type is not trusted either way
        form.Add(file, "file", "loa.pdf");
        form.Add(new StringContent("acct-1"), "customer_reference");
        var created = (await (await account.Client.PostAsync("/v2/documents", form)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");

        Assert.Equal("loa.pdf", created.Str("filename"));
        Assert.Equal("application/pdf", created.Str("content_type"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), created.Str("sha256"));
        Assert.Equal(Pdf.Length, created.GetProperty("size").GetProperty("amount").GetInt64());
        Assert.Equal("acct-1", created.Str("customer_reference"));

        var download = await account.Client.GetAsync($"/v2/documents/{created.Str("id")}/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("loa.pdf", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Upload_JsonBase64_AsTheSdkSendsIt_IsStored()
    {
        var account = await _service.NewAccountAsync();
        var body = JsonSerializer.Serialize(new { file = Convert.ToBase64String(Png), filename = "logo.png" });
        var created = (await (await account.Client.PostAsync("/v2/documents?content-type=multipart", Json.Body(body))).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("image/png", created.Str("content_type"));
        Assert.Equal(Png, await account.Client.GetByteArrayAsync($"/v2/documents/{created.Str("id")}/download"));
    }

    [Fact]
    public async Task Upload_NotPdfPngOrJpegByItsBytes_Is422WhateverItsName()
    {
        var account = await _service.NewAccountAsync();
        var exe = Encoding.ASCII.GetBytes("MZ\x90\0this is not a pdf");
        var body = JsonSerializer.Serialize(new { file = Convert.ToBase64String(exe), filename = "loa.pdf" });
        await (await account.Client.PostAsync("/v2/documents", Json.Body(body))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/file", "document.type_not_allowed");
        var notBase64 = JsonSerializer.Serialize(new { file = "%%%", filename = "loa.pdf" });
        await (await account.Client.PostAsync("/v2/documents", Json.Body(notBase64))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/file");
        var byUrl = JsonSerializer.Serialize(new { url = "https://example.com/loa.pdf" });
        await (await account.Client.PostAsync("/v2/documents", Json.Body(byUrl))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/url");
        await (await account.Client.PostAsync("/v2/documents?content-type=xml", Json.Body(body))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Upload_LargerThanTenMiB_IsRefused()
    {
        var account = await _service.NewAccountAsync();
        var big = new byte[10 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(big), "file", "big.pdf" } };
        await (await account.Client.PostAsync("/v2/documents", form)).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/file", "document.too_large");
    }

    [Fact]
    public async Task Documents_OfAnotherAccount_AreNotFound()
    {
        var a = await _service.NewAccountAsync("a");
        var b = await _service.NewAccountAsync("b");
        var id = (await UploadJsonAsync(a.Client, Pdf, "a.pdf")).Str("id");
        await (await b.Client.GetAsync($"/v2/documents/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.Client.GetAsync($"/v2/documents/{id}/download")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.Client.DeleteAsync($"/v2/documents/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
        await (await b.Client.PatchAsync($"/v2/documents/{id}", Json.Body("""{"filename": "x.pdf"}"""))).ExpectErrorAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (await (await b.Client.GetAsync("/v2/documents")).ExpectAsync(HttpStatusCode.OK)).GetProperty("meta").GetProperty("total_results").GetInt64());
    }

    [Fact]
    public async Task List_FiltersSortsAndPages_ByWhatIsStored()
    {
        var account = await _service.NewAccountAsync();
        await UploadJsonAsync(account.Client, Pdf, "b-invoice.pdf", "r1");
        await UploadJsonAsync(account.Client, Pdf, "a-loa.pdf", "r2");
        await UploadJsonAsync(account.Client, Png, "c-logo.png", "r1");
        async Task<List<string>> Names(string query) =>
            (await (await account.Client.GetAsync("/v2/documents" + query)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")
                .EnumerateArray().Select(d => d.Str("filename")).ToList();

        Assert.Equal(["a-loa.pdf", "b-invoice.pdf", "c-logo.png"], await Names("?sort=filename"));
        Assert.Equal(["c-logo.png", "b-invoice.pdf"], await Names("?filter[customer_reference][eq]=r1&sort=-filename"));
        Assert.Equal(["b-invoice.pdf", "c-logo.png"], await Names("?filter[customer_reference][in]=r1,r2&filter[filename][contains]=n&sort=filename"));
        Assert.Equal(["a-loa.pdf"], await Names("?sort=filename&page[size]=1"));
        await (await account.Client.GetAsync("/v2/documents?sort=size")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
        await (await account.Client.GetAsync("/v2/documents?filter[status]=x")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Update_RenamesAndKeepsWhatWasNotSent_Delete_RemovesIt()
    {
        var account = await _service.NewAccountAsync();
        var id = (await UploadJsonAsync(account.Client, Pdf, "loa.pdf", "keep")).Str("id");
        var renamed = (await (await account.Client.PatchAsync($"/v2/documents/{id}", Json.Body("""{"filename": "signed.pdf"}"""))).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal("signed.pdf", renamed.Str("filename"));
        Assert.Equal("keep", renamed.Str("customer_reference"));
        await (await account.Client.PatchAsync($"/v2/documents/{id}", Json.Body("""{"filename": "../etc/passwd"}"""))).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "/filename");

        await (await account.Client.DeleteAsync($"/v2/documents/{id}")).ExpectAsync(HttpStatusCode.OK);
        await (await account.Client.GetAsync($"/v2/documents/{id}")).ExpectErrorAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_ADocumentAnOrderNames_Is422()
    {
        var account = await _service.NewAccountAsync();
        var id = (await UploadJsonAsync(account.Client, Pdf, "loa.pdf")).Str("id");
        var order = (await (await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4930244999961"]}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        await (await account.Client.PatchAsync($"/v2/porting_orders/{order}", Json.Body("{\"documents\": {\"loa\": \"" + id + "\"}}"))).ExpectAsync(HttpStatusCode.OK);
        await (await account.Client.DeleteAsync($"/v2/documents/{id}")).ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, reason: "document.in_use");
    }
}

public sealed class DocumentsSqliteTests() : DocumentsTests(TestDatabase.Sqlite);

public sealed class DocumentsPostgresTests() : DocumentsTests(TestDatabase.Postgres);
