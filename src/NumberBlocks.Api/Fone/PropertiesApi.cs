using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Catalogue;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Catalogue;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Fone;

/// <summary>
/// Properties (sub-accounts, one per brand or site) for the customer: create and list under the caller's own
/// AccountSid, read one by PropertySid. The operator's counterpart is /admin/v1/accounts/{id}/properties.
/// </summary>
public static class PropertiesApi
{
    public static RouteGroupBuilder MapFoneProperties(this RouteGroupBuilder v2)
    {
        var tag = "Fone Dynamics: properties";
        v2.MapPost("/Accounts/{AccountSid}/Properties", Create).WithTags(tag).WithName("FoneCreateProperty")
            .WithSummary("Create a property")
            .WithDescription("Creates a property (a sub-account: one per brand or site) under the caller's own account. Name is required: " +
                $"not blank, at most {PropertyName.MaxLength} characters, no control characters. It comes as a form, multipart form or JSON body, or in the query string.")
            .WithFoneParameters(new FoneCreatePropertyRequest("Brand A"));
        v2.MapGet("/Accounts/{AccountSid}/Properties", List).WithTags(tag).WithName("FoneListProperties")
            .WithSummary("List properties")
            .WithDescription("The properties of the caller's own account, oldest first; PageIndex from 0, PageSize 1 to 100 (default 10).")
            .WithFonePageQuery();
        v2.MapGet("/Properties/{PropertySid}", Get).WithTags(tag).WithName("FoneGetProperty")
            .WithSummary("Get a property")
            .WithDescription("One of the caller's properties; any other PropertySid is PROPERTY_NOT_FOUND.");
        return v2;
    }

    public static async Task<Results<Ok<FoneProperty>, FoneProblem>> Create(
        [Description("The caller's own account.")] string AccountSid, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var read = await FoneInput.ReadFieldsAsync(http.Request, ct);
        if (read.IsFailure) return FoneErrors.ToResult(read.Errors);
        var name = PropertyName.Parse(read.Value["Name"], "/Name");
        if (name.IsFailure) return FoneErrors.ToResult(name.Errors);
        var caller = http.AccountId();
        if (FoneOwnership.CheckAccount(AccountSid, caller, "AccountSid") is { } bad) return FoneErrors.ToResult(bad);
        var property = await PropertyOperations.CreateAsync(db, caller, name.Value, clock.GetUtcNow(), ct);
        return TypedResults.Ok(FoneProperty.From(property));
    }

    public static async Task<Results<Ok<FonePropertyList>, FoneProblem>> List(
        [Description("The caller's own account.")] string AccountSid, HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var page = BlockQuery.Page(http.Request.Query);
        if (page.IsFailure) return FoneErrors.ToResult(page.Errors);
        var caller = http.AccountId();
        if (FoneOwnership.CheckAccount(AccountSid, caller, "AccountSid") is { } bad) return FoneErrors.ToResult(bad);
        var query = db.Properties.AsNoTracking().Where(p => p.AccountId == caller);
        var total = await query.LongCountAsync(ct);
        var items = await query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Skip(page.Value.PageIndex * page.Value.PageSize).Take(page.Value.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new FonePropertyList(items.Select(FoneProperty.From).ToArray(), page.Value.PageIndex, page.Value.PageSize, total));
    }

    public static async Task<Results<Ok<FoneProperty>, FoneProblem>> Get(
        [Description("One of the caller's properties.")] string PropertySid, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var property = await FoneOwnership.FindPropertyAsync(db, PropertySid, http.AccountId(), ct);
        return property.IsFailure ? FoneErrors.ToResult(property.Errors) : TypedResults.Ok(FoneProperty.From(property.Value));
    }
}
