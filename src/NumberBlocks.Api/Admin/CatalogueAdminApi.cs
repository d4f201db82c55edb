using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Fone;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Telnyx;
using NumberBlocks.Data;
using NumberBlocks.Data.Catalogue;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Catalogue;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Admin;

/// <summary>
/// Operator API for issue 5: publish blocks for sale and manage accounts' properties. Bodies are snake_case JSON and
/// errors use the operator API's {"errors": [...]} shape; the objects answered in "data" are the Fone Dynamics views
/// (PascalCase: NumberBlockSid, NumberPattern, PropertySid, …), which the operators' scripts read.
/// </summary>
public static class CatalogueAdminApi
{
    public static RouteGroupBuilder MapCatalogueAdmin(this RouteGroupBuilder admin)
    {
        var blocks = admin.MapGroup("/numberblocks").WithTags("Operator: catalogue");
        blocks.MapPost("", Publish).WithName("AdminPublishNumberBlock");
        blocks.MapGet("", List).WithName("AdminListNumberBlocks");
        var properties = admin.MapGroup("/accounts/{id}/properties").WithTags("Operator: properties");
        properties.MapPost("", CreateProperty).WithName("AdminCreateProperty");
        properties.MapGet("", ListProperties).WithName("AdminListProperties");
        return admin;
    }

    /// <summary>Body: {"start_at", "end_at", "number_type", "area_code", "sms", "voice"}; answers 201 {"data": block}.</summary>
    public static async Task<IResult> Publish(HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return AdminErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return AdminErrors.ToResult(input.Errors);
        var root = body.Value;
        var raw = new RawCatalogueBlock(
            input.String(root, "start_at", "/start_at", required: true, maxLength: 32),
            input.String(root, "end_at", "/end_at", required: true, maxLength: 32),
            input.String(root, "number_type", "/number_type", maxLength: 32),
            input.String(root, "area_code", "/area_code", maxLength: 16));
        // Decision (issue 5 is silent): a block for sale is voice-capable and not SMS-capable unless the operator says so.
        var sms = input.Boolean(root, "sms", "/sms") ?? false;
        var voice = input.Boolean(root, "voice", "/voice") ?? true;
        if (input.HasErrors) return AdminErrors.ToResult(input.Errors);
        var spec = CatalogueBlockSpec.Parse(raw);
        if (spec.IsFailure) return AdminErrors.ToResult(spec.Errors);

        var now = clock.GetUtcNow();
        var published = await db.RunAsync(c => CatalogueOperations.PublishAsync(db, spec.Value, sms, voice, now, c), ct);
        if (published.IsFailure) return AdminErrors.ToResult(published.Errors);
        return Results.Json(new { data = FoneViews.Block(published.Value) }, TelnyxJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Every block, for sale and sold: page[number], page[size], filter[status]=available|sold, oldest first.</summary>
    public static async Task<IResult> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var page = TelnyxQuery.Page(q);
        if (page.IsFailure) return AdminErrors.ToResult(page.Errors);
        var statuses = TelnyxQuery.EnumFilter(q, "status", [CatalogueBlock.Available, CatalogueBlock.Sold]);
        if (statuses.IsFailure) return AdminErrors.ToResult(statuses.Errors);
        var query = db.CatalogueBlocks.AsNoTracking();
        if (statuses.Value is { } s) query = query.Where(b => s.Contains(b.Status));
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderBy(b => b.Id).Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        return Results.Json(new { data = items.Select(FoneViews.Block).ToArray(), meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    /// <summary>Body: {"name"}; answers 201 {"data": {"PropertySid", "AccountSid", "Name", "DateCreated"}}.</summary>
    public static async Task<IResult> CreateProperty(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId) || !await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
            return AdminErrors.ToResult(DomainError.NotFound("Account"));
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return AdminErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return AdminErrors.ToResult(input.Errors);
        var nameText = input.String(body.Value, "name", "/name", required: true, maxLength: PropertiesApi.MaxNameLength);
        if (input.HasErrors) return AdminErrors.ToResult(input.Errors);
        var name = PropertiesApi.ValidateName(nameText, "/name");
        if (name.IsFailure) return AdminErrors.ToResult(name.Errors);
        var property = await PropertiesApi.CreateAsync(db, accountId, name.Value, clock.GetUtcNow(), ct);
        return Results.Json(new { data = FoneViews.Property(property) }, TelnyxJson.Options, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> ListProperties(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId) || !await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
            return AdminErrors.ToResult(DomainError.NotFound("Account"));
        var items = await db.Properties.AsNoTracking().Where(p => p.AccountId == accountId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        return Results.Json(new { data = items.Select(FoneViews.Property).ToArray() }, TelnyxJson.Options);
    }
}
