using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Catalogue;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Catalogue;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Fone;

/// <summary>
/// Fone Dynamics number blocks (seed 004 and the provider's list and configure calls): list, purchase, configure.
/// Blocks for sale are visible to every account; purchased blocks only to their owner.
/// </summary>
public static class NumberBlocksApi
{
    /// <summary>
    /// The route segment after /v2/numberblocks/. The provider's GET (search) calls it Text and its POST (configure)
    /// NumberBlockSid; one path needs one name, and the search matches a NumberBlockSid too.
    /// </summary>
    public const string SearchSegment = "NumberBlockSid";

    public static RouteGroupBuilder MapFoneNumberBlocks(this RouteGroupBuilder v2)
    {
        var tag = "Fone Dynamics: number blocks";
        const string Listing = "Blocks for sale are listed to every account; bought blocks only to their owner. Filters Active, Sms, Voice " +
            "(absent: all) and Available; PageIndex from 0, PageSize 1 to 100 (default 10), IncludeTotalCount (default true), " +
            "SortBy Id, NumberPattern or DateCreated, SortDir asc or desc.";
        v2.MapGet("/numberblocks", ListAll).WithTags(tag).WithName("FoneListNumberBlocks")
            .WithSummary("List number blocks")
            .WithDescription("The blocks for sale and the caller's own blocks. An AccountSid query parameter must be the caller's; a " +
                "PropertySid narrows the caller's blocks to that property. " + Listing)
            .WithFoneListQuery(withOwner: true);
        v2.MapGet("/numberblocks/{" + SearchSegment + "}", ListByText).WithTags(tag).WithName("FoneSearchNumberBlocks")
            .WithSummary("Search number blocks")
            .WithDescription("The provider's GET /v2/numberblocks/{Text}: the blocks for sale and the caller's own blocks that match the " +
                "path's text: a number inside the block (+61288800042 or its digits), the NumberBlockSid, or part of the Description, " +
                "GroupName, Source, Medium, Campaign or Content. Another account's block is not found by its NumberBlockSid. " + Listing)
            .WithFoneListQuery(withOwner: true);
        v2.MapPost("/numberblocks/{NumberBlockSid}", Configure).WithTags(tag).WithName("FoneConfigureNumberBlock")
            .WithSummary("Configure a number block")
            .WithDescription("Changes the settings of a block the caller has bought; only the settings given change. At least one of " +
                "AccountSid or PropertySid is required (a PropertySid other than the block's is NUMBER_BELONGS_TO_DIFFERENT_PROPERTY; " +
                "configuring never moves a block). RoutingMethod endpoint needs EndpointNumber (or AnswerPoint), flow needs Flow and " +
                "EndpointNumber, application needs Application; Recording enabled|disabled is CallRecordingEnabled. Blocks still for sale " +
                "and other accounts' blocks are NUMBER_BLOCK_NOT_FOUND. Parameters come as a form, multipart form or JSON body, or in " +
                "the query string. Answers seed 004's ResponseStatus with the block.")
            .WithFoneParameters(new FoneConfigureNumberBlockRequest
            {
                PropertySid = "9b7c3a52-5d0e-4a8f-9a57-3f1f0c6f2e11",
                RoutingMethod = "flow",
                Flow = "after-hours",
                EndpointNumber = "+61299997777",
                Recording = "enabled",
            });
        var purchase = "Seed 004: buys a block for sale. numberBlockSid (body or query string), at least one of AccountSid or PropertySid, " +
            "and AnswerPoint are required; the other settings are optional (Active defaults to true, RoutingMethod to endpoint). " +
            "Every broken parameter rule is listed; then an unknown or other account's AccountSid, PropertySid or numberBlockSid is " +
            "*_NOT_FOUND, and a sold block NUMBER_BLOCK_UNAVAILABLE. Parameters come as a form, multipart form or JSON body, or in the " +
            "query string. Answers seed 004's {\"ResponseStatus\": {\"Message\": \"OK\"}} with the block as bought.";
        var purchaseExample = new FonePurchaseNumberBlockRequest
        {
            NumberBlockSid = "3f2b8c1e-7a4d-4e59-b6a0-2c9d8e7f6a51",
            AccountSid = "c0a80164-0000-4000-8000-000000000001",
            AnswerPoint = "+61299998888",
            Description = "Sydney sales line",
            Campaign = "spring",
            Active = true,
        };
        v2.MapPost("/NumberBlocks", Purchase).WithTags(tag).WithName("FonePurchaseNumberBlock")
            .WithSummary("Purchase a number block")
            .WithDescription(purchase + " Without a PropertySid the block belongs to the account, in no property.")
            .WithFoneParameters(purchaseExample);
        v2.MapGet("/Properties/{PropertySid}/numberblocks", ListProperty).WithTags(tag).WithName("FoneListPropertyNumberBlocks")
            .WithSummary("List a property's number blocks")
            .WithDescription("The caller's blocks in one of its properties. " + Listing)
            .WithFoneListQuery(withOwner: false);
        v2.MapPost("/Properties/{PropertySid}/NumberBlocks", PurchaseIntoProperty).WithTags(tag).WithName("FonePurchasePropertyNumberBlock")
            .WithSummary("Purchase a number block into a property")
            .WithDescription(purchase + " The block goes into the path's property; a PropertySid also in the body must be the same.")
            .WithFoneParameters(purchaseExample with { AccountSid = null });
        v2.MapGet("/Accounts/{AccountSid}/numberblocks", ListAccount).WithTags(tag).WithName("FoneListAccountNumberBlocks")
            .WithSummary("List an account's number blocks")
            .WithDescription("Every block the caller has bought, in any property or none; the AccountSid must be the caller's. " + Listing)
            .WithFoneListQuery(withOwner: false);
        v2.MapPost("/Accounts/{AccountSid}/NumberBlocks", PurchaseIntoAccount).WithTags(tag).WithName("FonePurchaseAccountNumberBlock")
            .WithSummary("Purchase a number block into an account")
            .WithDescription(purchase + " The AccountSid of the path must be the caller's; with a PropertySid the block goes into that property.")
            .WithFoneParameters(purchaseExample with { AccountSid = null });
        return v2;
    }

    // ---- listing ----

    public static Task<Results<Ok<FoneNumberBlockList>, FoneProblem>> ListAll(HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct) =>
        ListAsync(http, db, Scope.All, null, null, ct);

    /// <summary>The provider's GET /v2/numberblocks/{Text}: the segment is a search text (see <see cref="TextFilter"/>).</summary>
    public static Task<Results<Ok<FoneNumberBlockList>, FoneProblem>> ListByText(
        [FromRoute(Name = SearchSegment)]
        [Description("The search text (the provider calls it Text): a number inside the block, a NumberBlockSid, or part of its Description, GroupName, Source, Medium, Campaign or Content.")]
        string text,
        HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct) =>
        ListAsync(http, db, Scope.All, null, text, ct);

    public static Task<Results<Ok<FoneNumberBlockList>, FoneProblem>> ListProperty(
        [Description("One of the caller's properties.")] string PropertySid, HttpContext http, NumberBlocksDbContext db, CancellationToken ct) =>
        ListAsync(http, db, Scope.Property, PropertySid, null, ct);

    public static Task<Results<Ok<FoneNumberBlockList>, FoneProblem>> ListAccount(
        [Description("The caller's own account.")] string AccountSid, HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct) =>
        ListAsync(http, db, Scope.Account, AccountSid, null, ct);

    private enum Scope { All, Account, Property }

    private static async Task<Results<Ok<FoneNumberBlockList>, FoneProblem>> ListAsync(HttpContext http, NumberBlocksDbContext db, Scope scope,
        string? scopeSid, string? pathText, CancellationToken ct)
    {
        var parsed = BlockQuery.Parse(http.Request.Query);
        if (parsed.IsFailure) return FoneErrors.ToResult(parsed.Errors);
        var q = parsed.Value;
        var caller = http.AccountId();

        var blocks = db.CatalogueBlocks.AsNoTracking();
        switch (scope)
        {
            case Scope.Account:
                var account = FoneOwnership.CheckAccount(scopeSid, caller, "AccountSid");
                if (account is not null) return FoneErrors.ToResult(account);
                blocks = blocks.Where(b => b.AccountId == caller);
                break;
            case Scope.Property:
                var property = await FoneOwnership.FindPropertyAsync(db, scopeSid, caller, ct);
                if (property.IsFailure) return FoneErrors.ToResult(property.Errors);
                var propertyId = property.Value.Id;
                blocks = blocks.Where(b => b.PropertyId == propertyId && b.AccountId == caller);
                break;
            default:
                // Optional AccountSid / PropertySid query parameters (the provider's "at least one of") must be the caller's;
                // PropertySid narrows the caller's own blocks to that property. Blocks for sale are always listed.
                if (http.Request.Query["AccountSid"].ToString() is { Length: > 0 } qAccount && FoneOwnership.CheckAccount(qAccount, caller, "AccountSid") is { } bad)
                    return FoneErrors.ToResult(bad);
                Guid? narrow = null;
                if (http.Request.Query["PropertySid"].ToString() is { Length: > 0 } qProperty)
                {
                    var p = await FoneOwnership.FindPropertyAsync(db, qProperty, caller, ct);
                    if (p.IsFailure) return FoneErrors.ToResult(p.Errors);
                    narrow = p.Value.Id;
                }
                blocks = blocks.Where(b => b.Status == CatalogueBlock.Available || (b.AccountId == caller && (narrow == null || b.PropertyId == narrow)));
                break;
        }

        if (q.Available is { } available) blocks = blocks.Where(b => (b.Status == CatalogueBlock.Available) == available);
        if (q.Active is { } active) blocks = blocks.Where(b => b.Active == active);
        if (q.Sms is { } sms) blocks = blocks.Where(b => b.Sms == sms);
        if (q.Voice is { } voice) blocks = blocks.Where(b => b.Voice == voice);
        if ((pathText ?? q.Text) is { Length: > 0 } text) blocks = TextFilter(blocks, text);

        long? total = q.IncludeTotalCount ? await blocks.LongCountAsync(ct) : null;
        var ordered = (q.SortBy, q.Descending) switch
        {
            (BlockSort.NumberPattern, false) => blocks.OrderBy(b => b.RangeStart).ThenBy(b => b.Id),
            (BlockSort.NumberPattern, true) => blocks.OrderByDescending(b => b.RangeStart).ThenByDescending(b => b.Id),
            (BlockSort.DateCreated, false) => blocks.OrderBy(b => b.CreatedAt).ThenBy(b => b.Id),
            (BlockSort.DateCreated, true) => blocks.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id),
            (_, true) => blocks.OrderByDescending(b => b.Id),
            _ => blocks.OrderBy(b => b.Id),
        };
        var page = await ordered.Skip(q.PageIndex * q.PageSize).Take(q.PageSize).ToListAsync(ct);
        return TypedResults.Ok(new FoneNumberBlockList(page.Select(FoneNumberBlock.From).ToArray(), q.PageIndex, q.PageSize, total));
    }

    /// <summary>
    /// The provider's Text search: a number inside the block ("+61288800042" or its digits), the NumberBlockSid, or a
    /// substring of Description, GroupName, Source, Medium, Campaign or Content.
    /// </summary>
    private static IQueryable<CatalogueBlock> TextFilter(IQueryable<CatalogueBlock> blocks, string text)
    {
        var digits = text.StartsWith('+') ? text[1..] : text;
        long? number = digits.Length is >= 7 and <= 15 && digits.All(char.IsAsciiDigit) && digits[0] != '0'
            ? long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) : null;
        Guid? sid = Guid.TryParse(text, out var g) ? g : null;
        return blocks.Where(b =>
            (number != null && b.RangeStart <= number && number <= b.RangeEnd)
            || (sid != null && b.Sid == sid)
            || (b.Description != null && b.Description.Contains(text))
            || (b.GroupName != null && b.GroupName.Contains(text))
            || (b.Source != null && b.Source.Contains(text))
            || (b.Medium != null && b.Medium.Contains(text))
            || (b.Campaign != null && b.Campaign.Contains(text))
            || (b.Content != null && b.Content.Contains(text)));
    }

    // ---- purchase ----

    public static Task<Results<Ok<FoneNumberBlockAnswer>, FoneProblem>> Purchase(HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct) =>
        PurchaseAsync(http, db, clock, null, null, ct);

    public static Task<Results<Ok<FoneNumberBlockAnswer>, FoneProblem>> PurchaseIntoProperty(
        [Description("One of the caller's properties: the block goes into it.")] string PropertySid,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct) =>
        PurchaseAsync(http, db, clock, PropertySid, null, ct);

    public static Task<Results<Ok<FoneNumberBlockAnswer>, FoneProblem>> PurchaseIntoAccount(
        [Description("The caller's own account: the block belongs to it, in no property.")] string AccountSid,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct) =>
        PurchaseAsync(http, db, clock, null, AccountSid, ct);

    /// <summary>
    /// Seed 004: numberBlockSid (query or body), at least one of AccountSid or PropertySid, AnswerPoint, and the optional
    /// settings. Parameters are checked first (every broken rule reported), then the ids: an unknown or other
    /// tenant's AccountSid, PropertySid or NumberBlockSid is *_NOT_FOUND, a sold block NUMBER_BLOCK_UNAVAILABLE.
    /// </summary>
    private static async Task<Results<Ok<FoneNumberBlockAnswer>, FoneProblem>> PurchaseAsync(HttpContext http, NumberBlocksDbContext db, TimeProvider clock, string? pathProperty, string? pathAccount,
        CancellationToken ct)
    {
        var read = await FoneInput.ReadFieldsAsync(http.Request, ct);
        if (read.IsFailure) return FoneErrors.ToResult(read.Errors);
        var fields = read.Value;
        var errors = new List<DomainError>();

        var blockSidText = fields["numberBlockSid"];
        if (string.IsNullOrEmpty(blockSidText)) errors.Add(new DomainError(ErrorCodes.Required, "numberBlockSid is required.", CatalogueOperations.BlockSidPointer));
        var propertyText = Merge(pathProperty, fields["PropertySid"], "PropertySid", errors);
        var accountText = Merge(pathAccount, fields["AccountSid"], "AccountSid", errors);
        if (propertyText is null && accountText is null)
            errors.Add(new DomainError(ErrorCodes.Required, "At least one of AccountSid or PropertySid is required.", "/AccountSid"));
        var settings = BlockSettings.Parse(fields, BlockSettingsUse.Purchase);
        if (settings.IsFailure) errors.AddRange(settings.Errors);
        else if (settings.Value.ProgrammableVoiceUrl.Value is { } voiceUrl && http.RequestServices.GetRequiredService<OutboundGuard>().CheckUrl(voiceUrl, "/ProgrammableVoiceUrl") is { IsFailure: true } voiceRefused)
            errors.AddRange(voiceRefused.Errors); // the host's own names and addresses, which the domain rule cannot know
        if (errors.Count > 0) return FoneErrors.ToResult(errors);

        var caller = http.AccountId();
        var address = await FoneOwnership.AddressAsync(db, caller, accountText, propertyText, ct);
        if (address.IsFailure) return FoneErrors.ToResult(address.Errors);
        if (!Guid.TryParse(blockSidText, out var blockSid)) return FoneErrors.ToResult(BlockNotFound(blockSidText!));

        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => CatalogueOperations.PurchaseAsync(db, blockSid, new Buyer(caller, address.Value), settings.Value, now, c), ct);
        if (result.IsFailure) return FoneErrors.ToResult(result.Errors);
        return TypedResults.Ok(FoneNumberBlockAnswer.Of(result.Value));
    }

    // ---- configure ----

    /// <summary>
    /// The provider's configure call: at least one of AccountSid or PropertySid; RoutingMethod endpoint (EndpointNumber),
    /// flow (Flow and EndpointNumber) or application (Application); Recording enabled|disabled; and seed 004's settings.
    /// Only the given settings change.
    /// </summary>
    public static async Task<Results<Ok<FoneNumberBlockAnswer>, FoneProblem>> Configure(
        [Description("The block to configure: one the caller has bought.")] string NumberBlockSid,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var read = await FoneInput.ReadFieldsAsync(http.Request, ct);
        if (read.IsFailure) return FoneErrors.ToResult(read.Errors);
        var fields = read.Value;
        var errors = new List<DomainError>();
        var bodySid = fields["numberBlockSid"];
        if (bodySid is { Length: > 0 } && !SameId(bodySid, NumberBlockSid))
            errors.Add(new DomainError(ErrorCodes.ConflictingParameters, "numberBlockSid in the body differs from the one in the URL.", CatalogueOperations.BlockSidPointer));
        var propertyText = fields["PropertySid"] is { Length: > 0 } p ? p : null;
        var accountText = fields["AccountSid"] is { Length: > 0 } a ? a : null;
        if (propertyText is null && accountText is null)
            errors.Add(new DomainError(ErrorCodes.Required, "At least one of AccountSid or PropertySid is required.", "/AccountSid"));
        var settings = BlockSettings.Parse(fields, BlockSettingsUse.Configure);
        if (settings.IsFailure) errors.AddRange(settings.Errors);
        else if (settings.Value.ProgrammableVoiceUrl.Value is { } voiceUrl && http.RequestServices.GetRequiredService<OutboundGuard>().CheckUrl(voiceUrl, "/ProgrammableVoiceUrl") is { IsFailure: true } voiceRefused)
            errors.AddRange(voiceRefused.Errors); // the host's own names and addresses, which the domain rule cannot know
        if (errors.Count > 0) return FoneErrors.ToResult(errors);

        var caller = http.AccountId();
        var address = await FoneOwnership.AddressAsync(db, caller, accountText, propertyText, ct);
        if (address.IsFailure) return FoneErrors.ToResult(address.Errors);
        if (!Guid.TryParse(NumberBlockSid, out var blockSid)) return FoneErrors.ToResult(BlockNotFound(NumberBlockSid));

        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => CatalogueOperations.ConfigureAsync(db, blockSid, caller, address.Value, settings.Value, now, c), ct);
        if (result.IsFailure) return FoneErrors.ToResult(result.Errors);
        return TypedResults.Ok(FoneNumberBlockAnswer.Of(result.Value));
    }

    // ---- parameters ----

    private static string? Merge(string? fromPath, string? fromFields, string name, List<DomainError> errors)
    {
        fromFields = string.IsNullOrEmpty(fromFields) ? null : fromFields;
        if (fromPath is not null && fromFields is not null && !SameId(fromPath, fromFields))
            errors.Add(new DomainError(ErrorCodes.ConflictingParameters, $"{name} in the body differs from the one in the URL.", "/" + name));
        return fromPath ?? fromFields;
    }

    private static bool SameId(string a, string b) =>
        Guid.TryParse(a, out var x) && Guid.TryParse(b, out var y) ? x == y : string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static DomainError BlockNotFound(string sid) =>
        new(ErrorCodes.CatalogueBlockNotFound, $"numberBlockSid {FoneOwnership.Shorten(sid)}: no such number block.", CatalogueOperations.BlockSidPointer, ErrorKind.NotFound);
}
