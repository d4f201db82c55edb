using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Documents;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain;
using NumberBlocks.Domain.Documents;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Telnyx;

/// <summary>
/// Telnyx LOA: GET /v2/porting_orders/{id}/loa_template, and /v2/porting/loa_configurations (CRUD and preview), which
/// set the company, address, contact and logo an account's LOAs carry. Every LOA is a PDF built by <see cref="LoaPdf"/>.
/// </summary>
public static class LoaTemplateApi
{
    private const string Tag = "Telnyx: LOA configurations";
    private const string PdfType = "application/pdf";

    public static RouteGroupBuilder MapLoaConfigurations(this RouteGroupBuilder v2)
    {
        var loa = v2.MapGroup("/porting/loa_configurations").WithTags(Tag);
        var example = new LoaConfigurationRequest(new LoaAddressInput("Austin", "US", "14th Floor", "TX", "600 Congress Avenue", "78701"),
            "Telnyx", new LoaContactInput("testing@telnyx.com", "+12003270001"), new LoaLogoInput(Guid.Parse("2f8b3c7e-5a8c-4a3e-9f0c-6b1d0e2a4c11")), "My LOA Configuration");
        loa.MapGet("", List).WithName("ListLoaConfigurations")
            .WithSummary("List LOA configurations")
            .WithDescription("The account's LOA configurations, newest first.")
            .WithTelnyxQuery(new TelnyxQueryDoc(Paged: true));
        loa.MapPost("", Create).WithName("CreateLoaConfiguration")
            .WithSummary("Create a LOA configuration")
            .WithDescription("Company, address, contact and logo (a PNG uploaded with POST /v2/documents) for the account's LOAs.")
            .WithRequestExample(example);
        loa.MapPost("/preview", PreviewBody).WithName("PreviewLoaConfigurationParams").Produces(StatusCodes.Status200OK, typeof(Stream), PdfType)
            .WithSummary("Preview the LOA template parameters")
            .WithDescription("The LOA a configuration with these values would give, as a PDF, with sample end-user data; nothing is stored.")
            .WithRequestExample(example);
        loa.MapGet("/{id}", Get).WithName("GetLoaConfiguration")
            .WithSummary("Retrieve a LOA configuration")
            .WithDescription("One LOA configuration of the account.");
        loa.MapPatch("/{id}", Update).WithName("UpdateLoaConfiguration")
            .WithSummary("Update a LOA configuration")
            .WithDescription("Replaces every field (the SDK sends the whole configuration).")
            .WithRequestExample(example);
        loa.MapDelete("/{id}", Delete).WithName("DeleteLoaConfiguration")
            .WithSummary("Delete a LOA configuration")
            .WithDescription("Deletes the configuration; LOAs made later use the account's newest other one. 204.");
        loa.MapGet("/{id}/preview", Preview).WithName("PreviewLoaConfiguration").Produces(StatusCodes.Status200OK, typeof(Stream), PdfType)
            .WithSummary("Preview a LOA configuration")
            .WithDescription("The LOA this configuration gives, as a PDF, with sample end-user data.");
        return v2;
    }

    // ---- the order's LOA

    public static async Task<Results<FileContentHttpResult, TelnyxProblem>> Template(string id, HttpContext http, NumberBlocksDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var configurationText = q.String("loa_configuration_id");
        Guid? configurationId = null;
        if (configurationText is not null)
        {
            if (Guid.TryParseExact(configurationText, "D", out var parsed)) configurationId = parsed;
            else q.Refuse("loa_configuration_id", "loa_configuration_id must be a UUID.");
        }
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var accountId = http.AccountId();
        var configurations = db.LoaConfigurations.AsNoTracking().Where(c => c.AccountId == accountId);
        var configuration = configurationId is { } wanted
            ? await configurations.FirstOrDefaultAsync(c => c.Id == wanted, ct)
            : await configurations.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (configurationId is not null && configuration is null)
            return new TelnyxProblem([DomainError.InvalidParameter("loa_configuration_id", "The account has no LOA configuration with this id.")]);
        var head = configuration is null
            ? new LoaLetterhead(await db.Accounts.Where(a => a.Id == accountId).Select(a => a.Name).FirstAsync(ct), [], "", "", null)
            : await LetterheadAsync(db, accountId, configuration, ct);

        var numbers = await db.PortingPhoneNumbers.AsNoTracking().Where(n => n.PortingOrderId == order.Id).OrderBy(n => n.PhoneNumber)
            .Select(n => n.PhoneNumber).ToListAsync(ct);
        var address = new[]
        {
            order.LocationStreetAddress, order.LocationExtendedAddress,
            string.Join(" ", new[] { order.LocationPostalCode, order.LocationLocality }.Where(s => !string.IsNullOrWhiteSpace(s))),
            order.LocationAdministrativeArea, order.LocationCountryCode,
        }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList();
        var content = new LoaContent(order.Id.ToString(), DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), order.AdminEntityName,
            order.AdminAuthPersonName, order.AdminAccountNumber, order.AdminBillingPhoneNumber, address, order.OldServiceProviderOcn, LoaPdf.NumberLines(numbers));
        return TypedResults.File(LoaPdf.Build(head, content), PdfType, $"loa-{order.Id}.pdf");
    }

    private static async Task<LoaLetterhead> LetterheadAsync(NumberBlocksDbContext db, Guid accountId, LoaConfiguration c, CancellationToken ct)
    {
        var logo = await DocumentStore.ReadAsync(db, accountId, c.LogoDocumentId, ct);
        return Letterhead(c.CompanyName, c.StreetAddress, c.ExtendedAddress, c.Locality, c.AdministrativeArea, c.PostalCode, c.CountryCode,
            c.ContactEmail, c.ContactPhoneNumber, logo?.Content);
    }

    private static LoaLetterhead Letterhead(string company, string street, string? extended, string city, string state, string zip, string country,
        string email, string phone, byte[]? logo) =>
        new(company, new[] { street, extended, $"{zip} {city}", $"{state}, {country}" }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!).ToList(),
            email, phone, logo);

    /// <summary>What a preview shows for the end user: sample values, so the letterhead is what is judged.</summary>
    private static LoaContent Sample(DateTimeOffset now) => new("sample", DateOnly.FromDateTime(now.UtcDateTime), "Sample End User Ltd", "Alex Sample",
        "ACC-0001", "+13035550100", ["1 Sample Street", "80202 Denver", "CO, US"], "Sample Carrier", ["+13035550100 – +13035550109 (10 numbers)"]);

    // ---- configurations

    public static async Task<Results<Ok<TelnyxList<LoaConfigurationRecord>>, TelnyxProblem>> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var accountId = http.AccountId();
        var rows = db.LoaConfigurations.AsNoTracking().Where(c => c.AccountId == accountId);
        var total = await rows.LongCountAsync(ct);
        var page = await rows.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<LoaConfigurationRecord>(page.Select(View).ToList(), paging.Meta(total)));
    }

    public static async Task<Results<Ok<TelnyxData<LoaConfigurationRecord>>, TelnyxProblem>> Get(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var c = await FindAsync(db, http, id, ct);
        return c is null ? NotFound() : TypedResults.Ok(new TelnyxData<LoaConfigurationRecord>(View(c)));
    }

    public static async Task<Results<Created<TelnyxData<LoaConfigurationRecord>>, TelnyxProblem>> Create(JsonBody<LoaConfigurationRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var created = await db.RunAsync<LoaConfiguration>(async c =>
        {
            var read = await ReadAsync(db, accountId, body.Result.Value, c);
            if (read.IsFailure) return read;
            var row = read.Value;
            row.Id = Guid.CreateVersion7(now);
            row.AccountId = accountId;
            row.CreatedAt = now;
            row.UpdatedAt = now;
            db.LoaConfigurations.Add(row);
            return row;
        }, ct);
        if (created.IsFailure) return new TelnyxProblem(created.Errors);
        return TypedResults.Created($"/v2/porting/loa_configurations/{created.Value.Id}", new TelnyxData<LoaConfigurationRecord>(View(created.Value)));
    }

    public static async Task<Results<Ok<TelnyxData<LoaConfigurationRecord>>, TelnyxProblem>> Update(string id, JsonBody<LoaConfigurationRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var configurationId)) return NotFound();
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var updated = await db.RunAsync<LoaConfiguration>(async c =>
        {
            var row = await db.LoaConfigurations.FirstOrDefaultAsync(x => x.Id == configurationId && x.AccountId == accountId, c);
            if (row is null) return DomainError.NotFound("LOA configuration");
            var read = await ReadAsync(db, accountId, body.Result.Value, c);
            if (read.IsFailure) return read;
            var v = read.Value;
            (row.Name, row.CompanyName, row.LogoDocumentId, row.StreetAddress, row.ExtendedAddress, row.Locality, row.AdministrativeArea, row.PostalCode,
                row.CountryCode, row.ContactEmail, row.ContactPhoneNumber) = (v.Name, v.CompanyName, v.LogoDocumentId, v.StreetAddress, v.ExtendedAddress,
                v.Locality, v.AdministrativeArea, v.PostalCode, v.CountryCode, v.ContactEmail, v.ContactPhoneNumber);
            row.UpdatedAt = now;
            return row;
        }, ct);
        return updated.IsFailure ? new TelnyxProblem(updated.Errors) : TypedResults.Ok(new TelnyxData<LoaConfigurationRecord>(View(updated.Value)));
    }

    public static async Task<Results<NoContent, TelnyxProblem>> Delete(string id, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var configurationId)) return NotFound();
        var accountId = http.AccountId();
        var deleted = await db.LoaConfigurations.Where(c => c.Id == configurationId && c.AccountId == accountId).ExecuteDeleteAsync(ct);
        return deleted == 0 ? NotFound() : TypedResults.NoContent();
    }

    public static async Task<Results<FileContentHttpResult, TelnyxProblem>> Preview(string id, HttpContext http, NumberBlocksDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var c = await FindAsync(db, http, id, ct);
        if (c is null) return NotFound();
        return TypedResults.File(LoaPdf.Build(await LetterheadAsync(db, http.AccountId(), c, ct), Sample(clock.GetUtcNow())), PdfType, $"loa-preview-{c.Id}.pdf");
    }

    public static async Task<Results<FileContentHttpResult, TelnyxProblem>> PreviewBody(JsonBody<LoaConfigurationRequest> body, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var accountId = http.AccountId();
        var read = await ReadAsync(db, accountId, body.Result.Value, ct);
        if (read.IsFailure) return new TelnyxProblem(read.Errors);
        return TypedResults.File(LoaPdf.Build(await LetterheadAsync(db, accountId, read.Value, ct), Sample(clock.GetUtcNow())), PdfType, "loa-preview.pdf");
    }

    /// <summary>The body as a configuration row (not yet stored), or every refusal at its pointer; the logo must be the account's PNG.</summary>
    private static async Task<Result<LoaConfiguration>> ReadAsync(NumberBlocksDbContext db, Guid accountId, LoaConfigurationRequest r, CancellationToken ct)
    {
        var errors = new List<DomainError>();
        string Text(string? value, string pointer, int max = 200)
        {
            if (string.IsNullOrWhiteSpace(value)) errors.Add(DomainError.Required(pointer));
            else if (FreeText.Check(value, pointer, max) is { } bad) errors.Add(bad);
            return value?.Trim() ?? "";
        }
        var name = Text(r.Name, "/name");
        var company = Text(r.CompanyName, "/company_name");
        var street = Text(r.Address?.StreetAddress, "/address/street_address");
        if (FreeText.Check(r.Address?.ExtendedAddress, "/address/extended_address", 200) is { } badExtended) errors.Add(badExtended);
        var city = Text(r.Address?.City, "/address/city");
        var state = Text(r.Address?.State, "/address/state");
        var zip = Text(r.Address?.ZipCode, "/address/zip_code", 20);
        var country = Text(r.Address?.CountryCode, "/address/country_code", 2);
        if (country.Length > 0 && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
            errors.Add(new DomainError(ErrorCodes.InvalidValue, "country_code must be an ISO 3166-1 alpha-2 code (e.g. US).", "/address/country_code"));
        var email = Text(r.Contact?.Email, "/contact/email", 254);
        // RFC 5321 addr-spec, loosely: one @ with text on both sides and no spaces; the mail server is the judge of the rest.
        if (email.Length > 0 && (email.Count(ch => ch == '@') != 1 || email.StartsWith('@') || email.EndsWith('@') || email.Any(char.IsWhiteSpace)))
            errors.Add(new DomainError(ErrorCodes.InvalidValue, "contact.email must be an e-mail address.", "/contact/email"));
        var phone = Text(r.Contact?.PhoneNumber, "/contact/phone_number", 20);
        if (phone.Length > 0 && E164Number.Parse(phone, "/contact/phone_number") is { IsFailure: true } badPhone) errors.AddRange(badPhone.Errors);
        if (r.Logo?.DocumentId is not { } logo) errors.Add(DomainError.Required("/logo/document_id"));
        else errors.AddRange(await DocumentStore.CheckOwnedAsync(db, accountId, [(logo, "/logo/document_id")], ct, DocumentKind.Png));
        if (errors.Count > 0) return Result<LoaConfiguration>.Fail(errors);
        return new LoaConfiguration
        {
            Name = name, CompanyName = company, LogoDocumentId = r.Logo!.DocumentId!.Value, StreetAddress = street,
            ExtendedAddress = string.IsNullOrWhiteSpace(r.Address!.ExtendedAddress) ? null : r.Address.ExtendedAddress.Trim(),
            Locality = city, AdministrativeArea = state, PostalCode = zip, CountryCode = country, ContactEmail = email, ContactPhoneNumber = phone,
        };
    }

    private static async Task<LoaConfiguration?> FindAsync(NumberBlocksDbContext db, HttpContext http, string id, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var configurationId)) return null;
        var accountId = http.AccountId();
        return await db.LoaConfigurations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == configurationId && c.AccountId == accountId, ct);
    }

    public static LoaConfigurationRecord View(LoaConfiguration c) => new(c.Id,
        new LoaAddressRecord(c.Locality, c.CountryCode, c.ExtendedAddress, c.AdministrativeArea, c.StreetAddress, c.PostalCode),
        c.CompanyName, new LoaContactRecord(c.ContactEmail, c.ContactPhoneNumber), c.CreatedAt, new LoaLogoRecord("image/png", c.LogoDocumentId),
        c.Name, c.AccountId, "porting_loa_configuration", c.UpdatedAt);

    private static TelnyxProblem NotFound() => DomainError.NotFound("LOA configuration");
}
