using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Telnyx;
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
    public static RouteGroupBuilder MapFoneNumberBlocks(this RouteGroupBuilder v2)
    {
        var tags = "Fone Dynamics: number blocks";
        v2.MapGet("/numberblocks", ListAll).WithTags(tags).WithName("FoneListNumberBlocks");
        v2.MapGet("/numberblocks/{Text}", ListByText).WithTags(tags).WithName("FoneSearchNumberBlocks");
        v2.MapPost("/numberblocks/{NumberBlockSid}", Configure).WithTags(tags).WithName("FoneConfigureNumberBlock");
        v2.MapPost("/NumberBlocks", Purchase).WithTags(tags).WithName("FonePurchaseNumberBlock");
        v2.MapGet("/Properties/{PropertySid}/numberblocks", ListProperty).WithTags(tags).WithName("FoneListPropertyNumberBlocks");
        v2.MapPost("/Properties/{PropertySid}/NumberBlocks", PurchaseIntoProperty).WithTags(tags).WithName("FonePurchasePropertyNumberBlock");
        v2.MapGet("/Accounts/{AccountSid}/numberblocks", ListAccount).WithTags(tags).WithName("FoneListAccountNumberBlocks");
        v2.MapPost("/Accounts/{AccountSid}/NumberBlocks", PurchaseIntoAccount).WithTags(tags).WithName("FonePurchaseAccountNumberBlock");
        return v2;
    }

    // ---- listing ----

    public static Task<IResult> ListAll(HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct) => ListAsync(http, db, Scope.All, null, null, ct);

    public static Task<IResult> ListByText(string Text, HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct) =>
        ListAsync(http, db, Scope.All, null, Text, ct);

    public static Task<IResult> ListProperty(string PropertySid, HttpContext http, NumberBlocksDbContext db, CancellationToken ct) =>
        ListAsync(http, db, Scope.Property, PropertySid, null, ct);

    public static Task<IResult> ListAccount(string AccountSid, HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct) =>
        ListAsync(http, db, Scope.Account, AccountSid, null, ct);

    private enum Scope { All, Account, Property }

    private static async Task<IResult> ListAsync(HttpContext http, NumberBlocksDbContext db, Scope scope, string? scopeSid, string? pathText, CancellationToken ct)
    {
        var parsed = BlockQuery.Parse(http.Request.Query);
        if (parsed.IsFailure) return FoneErrors.ToResult(parsed.Errors);
        var q = parsed.Value;
        var caller = http.AccountId();

        var blocks = db.CatalogueBlocks.AsNoTracking();
        switch (scope)
        {
            case Scope.Account:
                var account = CheckAccount(scopeSid, caller, "AccountSid");
                if (account is not null) return FoneErrors.ToResult(account);
                blocks = blocks.Where(b => b.AccountId == caller);
                break;
            case Scope.Property:
                var property = await FindPropertyAsync(db, scopeSid, caller, ct);
                if (property.IsFailure) return FoneErrors.ToResult(property.Errors);
                var propertyId = property.Value.Id;
                blocks = blocks.Where(b => b.PropertyId == propertyId && b.AccountId == caller);
                break;
            default:
                // Optional AccountSid / PropertySid query parameters (the provider's "at least one of") must be the caller's;
                // PropertySid narrows the caller's own blocks to that property. Blocks for sale are always listed.
                if (http.Request.Query["AccountSid"].ToString() is { Length: > 0 } qAccount && CheckAccount(qAccount, caller, "AccountSid") is { } bad)
                    return FoneErrors.ToResult(bad);
                Guid? narrow = null;
                if (http.Request.Query["PropertySid"].ToString() is { Length: > 0 } qProperty)
                {
                    var p = await FindPropertyAsync(db, qProperty, caller, ct);
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
        var body = new Dictionary<string, object?>
        {
            ["NumberBlocks"] = page.Select(FoneViews.Block).ToArray(),
            ["PageIndex"] = q.PageIndex,
            ["PageSize"] = q.PageSize,
        };
        if (total is not null) body["TotalCount"] = total;
        return Results.Json(body, FoneJson.Options);
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

    public static Task<IResult> Purchase(HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct) =>
        PurchaseAsync(http, db, clock, null, null, ct);

    public static Task<IResult> PurchaseIntoProperty(string PropertySid, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct) =>
        PurchaseAsync(http, db, clock, PropertySid, null, ct);

    public static Task<IResult> PurchaseIntoAccount(string AccountSid, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct) =>
        PurchaseAsync(http, db, clock, null, AccountSid, ct);

    /// <summary>
    /// Seed 004: numberBlockSid (query or body), at least one of AccountSid or PropertySid, AnswerPoint, and the optional
    /// settings. Parameters are checked first (every broken rule reported), then the ids: an unknown or other
    /// tenant's AccountSid, PropertySid or NumberBlockSid is *_NOT_FOUND, a sold block NUMBER_BLOCK_UNAVAILABLE.
    /// </summary>
    private static async Task<IResult> PurchaseAsync(HttpContext http, NumberBlocksDbContext db, TimeProvider clock, string? pathProperty, string? pathAccount,
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
        var address = await AddressAsync(db, caller, accountText, propertyText, ct);
        if (address.IsFailure) return FoneErrors.ToResult(address.Errors);
        if (!Guid.TryParse(blockSidText, out var blockSid)) return FoneErrors.ToResult(BlockNotFound(blockSidText!));

        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => CatalogueOperations.PurchaseAsync(db, blockSid, new Buyer(caller, address.Value), settings.Value, now, c), ct);
        if (result.IsFailure) return FoneErrors.ToResult(result.Errors);
        return Results.Json(new { ResponseStatus = FoneJson.Ok, NumberBlock = FoneViews.Block(result.Value) }, FoneJson.Options);
    }

    // ---- configure ----

    /// <summary>
    /// The provider's configure call: at least one of AccountSid or PropertySid; RoutingMethod endpoint (EndpointNumber),
    /// flow (Flow and EndpointNumber) or application (Application); Recording enabled|disabled; and seed 004's settings.
    /// Only the given settings change.
    /// </summary>
    public static async Task<IResult> Configure(string NumberBlockSid, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
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
        var address = await AddressAsync(db, caller, accountText, propertyText, ct);
        if (address.IsFailure) return FoneErrors.ToResult(address.Errors);
        if (!Guid.TryParse(NumberBlockSid, out var blockSid)) return FoneErrors.ToResult(BlockNotFound(NumberBlockSid));

        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => CatalogueOperations.ConfigureAsync(db, blockSid, caller, address.Value, settings.Value, now, c), ct);
        if (result.IsFailure) return FoneErrors.ToResult(result.Errors);
        return Results.Json(new { ResponseStatus = FoneJson.Ok, NumberBlock = FoneViews.Block(result.Value) }, FoneJson.Options);
    }

    // ---- addressing ----

    /// <summary>Checks AccountSid (must be the caller's) and PropertySid (must be one of the caller's properties); returns the property id.</summary>
    private static async Task<Result<Guid?>> AddressAsync(NumberBlocksDbContext db, Guid caller, string? accountText, string? propertyText, CancellationToken ct)
    {
        if (CheckAccount(accountText, caller, "AccountSid") is { } accountError) return accountError;
        if (propertyText is null) return Result<Guid?>.Ok(null);
        var property = await FindPropertyAsync(db, propertyText, caller, ct);
        return property.IsFailure ? Result<Guid?>.Fail(property.Errors) : Result<Guid?>.Ok(property.Value.Id);
    }

    /// <summary>Another tenant's AccountSid is reported exactly like one that does not exist.</summary>
    internal static DomainError? CheckAccount(string? accountText, Guid caller, string field) =>
        accountText is null || (Guid.TryParse(accountText, out var id) && id == caller)
            ? null
            : new DomainError(ErrorCodes.AccountNotFound, $"AccountSid {Shorten(accountText)}: no such account for these credentials.", "/" + field, ErrorKind.NotFound);

    internal static async Task<Result<Property>> FindPropertyAsync(NumberBlocksDbContext db, string? propertyText, Guid caller, CancellationToken ct)
    {
        var property = Guid.TryParse(propertyText, out var id)
            ? await db.Properties.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.AccountId == caller, ct)
            : null;
        return property is null
            ? new DomainError(ErrorCodes.PropertyNotFound, $"PropertySid {Shorten(propertyText ?? "")}: no such property on this account.", "/PropertySid", ErrorKind.NotFound)
            : property;
    }

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
        new(ErrorCodes.CatalogueBlockNotFound, $"numberBlockSid {Shorten(sid)}: no such number block.", CatalogueOperations.BlockSidPointer, ErrorKind.NotFound);

    private static string Shorten(string v) => v.Length <= 40 ? v : v[..40] + "…";
}
