using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Catalogue;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Catalogue;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Admin;

/// <summary>
/// Operator API for the catalogue (seed 004): publish blocks for sale and manage accounts' properties. Bodies are
/// snake_case JSON; the blocks and properties answered in "data" carry Fone Dynamics' names (NumberBlockSid,
/// NumberPattern, PropertySid, …), which the operators' scripts read.
/// </summary>
public static class CatalogueAdminApi
{
    public static RouteGroupBuilder MapCatalogueAdmin(this RouteGroupBuilder admin)
    {
        var blocks = admin.MapGroup("/numberblocks").WithTags(AdminSurface.CatalogueTag);
        blocks.MapPost("", Publish).WithName("AdminPublishNumberBlock")
            .WithSummary("Publish a block for sale")
            .WithDescription("Offers start_at..end_at (at most 1000 numbers of one country, type and area code) for sale through the Fone Dynamics " +
                "surface; the ledger claims the range for the block, so no other holder can take its numbers. number_type and area_code, when given, " +
                "must agree with the numbering plan. A block is voice-capable and not SMS-capable unless sms and voice say otherwise. 201.")
            .WithRequestExample(new PublishNumberBlockRequest("+61288800000", "+61288800099", "local", "2", Sms: false, Voice: true));
        blocks.MapGet("", List).WithName("AdminListNumberBlocks")
            .WithSummary("List catalogue blocks")
            .WithDescription("Every block, for sale and sold, in the order published; filter[status] (available, sold), page[number], page[size].");
        var properties = admin.MapGroup("/accounts/{id}/properties").WithTags(AdminSurface.PropertiesTag);
        properties.MapPost("", CreateProperty).WithName("AdminCreateProperty")
            .WithSummary("Create a property for an account")
            .WithDescription("Adds a property (a sub-account for one brand or site) to the account; bought blocks can be assigned to it. " +
                "The name is required, not blank, at most 200 characters, without control characters. 201.")
            .WithRequestExample(new CreatePropertyRequest("Brand A"));
        properties.MapGet("", ListProperties).WithName("AdminListProperties")
            .WithSummary("List an account's properties")
            .WithDescription("The account's properties, oldest first.");
        return admin;
    }

    /// <summary>Decision (the catalogue seed is silent): a block for sale is voice-capable and not SMS-capable unless the operator says so.</summary>
    private const bool DefaultSms = false, DefaultVoice = true;

    public static async Task<Results<Created<AdminData<CatalogueBlockRecord>>, AdminProblem>> Publish(JsonBody<PublishNumberBlockRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var b = body.Result.Value;
        var fields = new AdminFields();
        var raw = new RawCatalogueBlock(
            fields.Text(b.StartAt, "/start_at", 32, required: true),
            fields.Text(b.EndAt, "/end_at", 32, required: true),
            fields.Text(b.NumberType, "/number_type", 32),
            fields.Text(b.AreaCode, "/area_code", 16));
        if (fields.HasErrors) return new AdminProblem(fields.Errors);
        var spec = CatalogueBlockSpec.Parse(raw);
        if (spec.IsFailure) return new AdminProblem(spec.Errors);

        var now = clock.GetUtcNow();
        var published = await db.RunAsync(c => CatalogueOperations.PublishAsync(db, spec.Value, b.Sms ?? DefaultSms, b.Voice ?? DefaultVoice, now, c), ct);
        if (published.IsFailure) return new AdminProblem(published.Errors);
        return TypedResults.Created((string?)null, new AdminData<CatalogueBlockRecord>(View(published.Value)));
    }

    public static async Task<Results<Ok<AdminList<CatalogueBlockRecord>>, AdminProblem>> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = AdminQuery.Page(q);
        var statuses = AdminQuery.EnumFilter(q, "status", [CatalogueBlock.Available, CatalogueBlock.Sold]);
        if (AdminQuery.Refusals(q) is { } refused) return refused;
        var query = db.CatalogueBlocks.AsNoTracking();
        if (statuses is not null) query = query.Where(b => statuses.Contains(b.Status));
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderBy(b => b.Id).Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        return TypedResults.Ok(new AdminList<CatalogueBlockRecord>(items.Select(View).ToList(), AdminPageMeta.Of(page, total)));
    }

    public static async Task<Results<Created<AdminData<PropertyRecord>>, AdminProblem>> CreateProperty(string id, JsonBody<CreatePropertyRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId) || !await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
            return AccountsAdminApi.AccountNotFound();
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var name = PropertyName.Parse(body.Result.Value.Name, "/name");
        if (name.IsFailure) return new AdminProblem(name.Errors);
        var property = await PropertyOperations.CreateAsync(db, accountId, name.Value, clock.GetUtcNow(), ct);
        return TypedResults.Created((string?)null, new AdminData<PropertyRecord>(View(property)));
    }

    public static async Task<Results<Ok<AdminItems<PropertyRecord>>, AdminProblem>> ListProperties(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId) || !await db.Accounts.AnyAsync(a => a.Id == accountId, ct))
            return AccountsAdminApi.AccountNotFound();
        var items = await db.Properties.AsNoTracking().Where(p => p.AccountId == accountId).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(ct);
        return TypedResults.Ok(new AdminItems<PropertyRecord>(items.Select(View).ToList()));
    }

    private static PropertyRecord View(Property p) => new(p.Id, p.AccountId, p.Name, p.CreatedAt);

    private static CatalogueBlockRecord View(CatalogueBlock b)
    {
        var range = NumberRange.Of(E164Number.FromValue(b.RangeStart), E164Number.FromValue(b.RangeEnd));
        var pattern = NumberPattern.Of(range);
        return new CatalogueBlockRecord(
            b.Id, b.Sid, pattern, pattern, b.Description, range.Start.ToString(), range.End.ToString(), range.Count,
            b.CountryCode, b.PhoneNumberType, b.AreaCode, b.Sms, b.Voice,
            b.Status == CatalogueBlock.Available ? "Available" : "Purchased",
            b.AccountId, b.PropertyId, b.AnswerPoint, b.RoutingMethod, EndpointNumber: b.AnswerPoint, b.Flow, b.Application,
            b.CallRecordingEnabled, b.CallWhisperEnabled, b.CallWhisperPath, b.Campaign, b.Content, b.Medium, b.Source, b.Description,
            b.GroupName, b.GroupType, b.Preamble, b.RoutingAction, b.ProgrammableVoiceUrl, b.MasterMode, b.Diaplan, b.CallWrapUpEnabled,
            b.Active, b.EnableRules, b.PortInProgress, b.Ported, b.CreatedAt, b.PurchasedAt, b.UpdatedAt);
    }
}
