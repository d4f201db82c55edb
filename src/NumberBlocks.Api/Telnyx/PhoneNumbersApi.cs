using NumberBlocks.Api.Auth;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>
/// The account's numbers, GET /v2/phone_numbers-style: every number a ported order brought, active or not, and
/// activating an inactive one later. Derived from the ledger (whose the number is) and the porting rows (its setup).
/// </summary>
public static class PhoneNumbersApi
{
    /// <summary>Telnyx's phone number status is "active" for a working number; NumberBlocks adds "inactive" for one that ported but waits for activation.</summary>
    public static readonly TelnyxFilterSpec Filters = new(
        FilterField.Enum("status", "active, or inactive (ported, waiting for activation).", ["active", "inactive"]),
        FilterField.Phone("phone_number", "These numbers.", FilterOp.Contains),
        FilterField.Uuid("porting_order_id", "Numbers that came with these porting orders."),
        FilterField.Uuid("block_reference_id", "Numbers of these phone number blocks."));

    public static RouteGroupBuilder MapPhoneNumbers(this RouteGroupBuilder v2)
    {
        var numbers = v2.MapGroup("/phone_numbers").WithTags("Telnyx: phone numbers");
        numbers.MapGet("", List).WithName("ListPhoneNumbers")
            .WithSummary("List the account's numbers")
            .WithDescription("Every number a ported order brought to the account, in number order: active, or inactive until activated (seed 001).")
            .WithTelnyxQuery(new TelnyxQueryDoc(Filters, Paged: true));
        numbers.MapGet("/{id}", Get).WithName("RetrievePhoneNumber")
            .WithSummary("Retrieve one of the account's numbers")
            .WithDescription("One number, with each of its extension ranges split into its active and inactive parts (seed 002).");
        numbers.MapDelete("/{id}", Delete).WithName("DeletePhoneNumber")
            .WithSummary("Delete a phone number")
            .WithDescription("Deletes one of the account's numbers that belongs to no block, answering it as it was. A number of a block is " +
                "refused with 422 naming the block and POST /v2/phone_number_blocks/jobs/delete_phone_number_block, which deletes the whole " +
                "block (seed 001). A ported number returns to the carrier holding its range; a bought one ages in quarantine (NumberBlocks:Aging:" +
                "Quarantine, 90 days by default), then returns to stock (docs/lifecycle.md).");
        numbers.MapPost("/{id}/actions/activate", Activate).WithName("ActivatePhoneNumber")
            .WithSummary("Activate a ported number")
            .WithDescription("Activates a number that ported inactive (outside its block's activation ranges, seed 001). With a body " +
                "{\"extension_range\": {\"start_at\": 6, \"end_at\": 8}} those extensions of the number are activated instead (seed 002).")
            .WithRequestExample(new ActivatePhoneNumberRequest(new ExtensionRangeInput(6, 8)));
        return v2;
    }

    public static async Task<Results<Ok<TelnyxList<PhoneNumberRecord>>, TelnyxProblem>> List(HttpContext http, [FromStandby] NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var f = Filters.Read(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var query = PortingCompletionOperations.AccountNumbers(db, http.AccountId()).AsNoTracking();
        if (f.Values("status") is { } statuses && !(statuses.Contains("active") && statuses.Contains("inactive")))
            query = statuses.Contains("active")
                ? query.Where(n => n.ActivationStatus == ActivationStatus.Active)
                : query.Where(n => n.ActivationStatus != ActivationStatus.Active);
        query = query.WhereIn(n => n.PhoneNumber, f.PhoneNumbers("phone_number"));
        if (f.Contains("phone_number") is { } digits)
        {
            var part = digits.TrimStart('+');
            query = query.Where(n => n.PhoneNumber.ToString().Contains(part));
        }
        query = query.WhereIn(n => n.PortingOrderId, f.Guids("porting_order_id"));
        query = query.WhereIn(n => n.BlockId, f.Guids("block_reference_id"));

        // Numbers bought with Telnyx orders follow the ported ones (they are active and belong to no porting order or block).
        var bought = PurchasedNumbers.Query(db, http.AccountId(), f.Values("status"), f.Guids("porting_order_id"), f.Guids("block_reference_id"),
            f.PhoneNumbers("phone_number")?.ToList(), f.Contains("phone_number"));
        var portedTotal = await query.LongCountAsync(ct);
        var total = portedTotal + await bought.LongCountAsync(ct);
        var rows = await query.OrderBy(n => n.PhoneNumber).ThenBy(n => n.Id).Skip(paging.Skip).Take(paging.Size)
            .Select(n => new { Number = n, n.Order }).ToListAsync(ct);
        var extensions = await ExtensionsOfAsync(db, rows.Select(r => r.Number.Id).ToList(), ct);
        var views = rows.Select(r => View(r.Number, r.Order!, extensions)).ToList();
        if (views.Count < paging.Size)
            views.AddRange(await PurchasedNumbers.PageAsync(bought, Math.Max(0, paging.Skip - portedTotal), paging.Size - views.Count, ct));
        return TypedResults.Ok(new TelnyxList<PhoneNumberRecord>(views, paging.Meta(total)));
    }

    public static async Task<Results<Ok<TelnyxData<PhoneNumberRecord>>, TelnyxProblem>> Get(string id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var numberId)) return NumberNotFound();
        var row = await PortingCompletionOperations.AccountNumbers(db, http.AccountId()).AsNoTracking()
            .Where(n => n.Id == numberId).Select(n => new { Number = n, n.Order }).FirstOrDefaultAsync(ct);
        if (row is null)
            return await PurchasedNumbers.FindAsync(db, http.AccountId(), numberId, ct) is { } bought
                ? TypedResults.Ok(new TelnyxData<PhoneNumberRecord>(bought))
                : NumberNotFound();
        return TypedResults.Ok(new TelnyxData<PhoneNumberRecord>(View(row.Number, row.Order!, await ExtensionsOfAsync(db, [row.Number.Id], ct))));
    }

    public static async Task<Results<Ok<TelnyxData<PhoneNumberRecord>>, TelnyxProblem>> Delete(string id, HttpContext http, NumberBlocksDbContext db,
        TimeProvider clock, Microsoft.Extensions.Options.IOptions<Data.Lifecycle.AgingOptions> aging, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var numberId)) return NumberNotFound();
        // The answer is the number as it was: once deleted it is no longer the account's to read.
        var before = await Get(id, http, db, ct);
        if (before.Result is not Ok<TelnyxData<PhoneNumberRecord>> found) return before;
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var deleted = await db.RunAsync(c => Data.Lifecycle.NumberLifecycle.DeleteSingleAsync(db, accountId, numberId, now, aging.Value.Quarantine, c), ct);
        return deleted.IsFailure ? new TelnyxProblem(deleted.Errors) : found;
    }

    public static async Task<Results<Ok<TelnyxData<PhoneNumberRecord>>, TelnyxProblem>> Activate(string id, OptionalJsonBody<ActivatePhoneNumberRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var numberId)) return NumberNotFound();
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        ExtensionRange? extensions = null;
        if (body.Result.Value?.ExtensionRange is { } raw)
        {
            var parsed = ExtensionRange.Create(raw.StartAt, raw.EndAt, "/extension_range/start_at", "/extension_range/end_at");
            if (parsed.IsFailure) return new TelnyxProblem(parsed.Errors);
            extensions = parsed.Value;
        }
        var accountId = http.AccountId();
        if (await PurchasedNumbers.FindAsync(db, accountId, numberId, ct) is not null)
            return TelnyxErrors.ToResult(new DomainError(ErrorCodes.NumberAlreadyActive, "This phone number is already active: bought numbers are active from the start.", null));
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortingCompletionOperations.ActivateNumberAsync(db, accountId, numberId, now, c, extensions), ct);
        if (result.IsFailure) return new TelnyxProblem(result.Errors);
        return await Get(id, http, db, ct);
    }

    private static async Task<ILookup<Guid, PortingExtension>> ExtensionsOfAsync(NumberBlocksDbContext db, List<Guid> numberIds, CancellationToken ct)
    {
        var rows = await db.PortingExtensions.AsNoTracking().Where(e => numberIds.Contains(e.PortingPhoneNumberId)).ToListAsync(ct);
        return rows.OrderBy(e => e.ExtensionStart).ToLookup(e => e.PortingPhoneNumberId);
    }

    private static PhoneNumberRecord View(PortingPhoneNumber n, PortingOrder order, ILookup<Guid, PortingExtension> extensions) => new(
        n.Id,
        "phone_number",
        E164Number.FromValue(n.PhoneNumber).ToString(),
        n.ActivationStatus == ActivationStatus.Active ? "active" : "inactive",
        (n.ActivationStatus ?? ActivationStatus.ActivateReady).ToTelnyx(),
        TelnyxWire.PhoneNumberType(n.PhoneNumberType),
        n.CountryCode,
        "port_request",
        n.PortingOrderId,
        n.BlockId,
        order.CustomerReference,
        extensions[n.Id].Select(e =>
        {
            var parts = PortingCompletion.ExtensionParts(ExtensionRange.Of(e.ExtensionStart, e.ExtensionEnd),
                ActivationRangesJson.ReadExtensions(e.ActivationRangesJson));
            ExtensionRangeRecord Range(ExtensionRange r) => new(r.Start, r.End);
            return new PhoneNumberExtensionRecord(e.Id, new ExtensionRangeRecord(e.ExtensionStart, e.ExtensionEnd),
                parts.Where(p => p.Active).Select(p => Range(p.Range)).ToList(), parts.Where(p => !p.Active).Select(p => Range(p.Range)).ToList(),
                parts.Where(p => p.Active).Sum(p => p.Range.Count), parts.Where(p => !p.Active).Sum(p => p.Range.Count));
        }).ToList(),
        order.UpdatedAt,
        // Activating a number later changes the number itself, not its order.
        n.UpdatedAt is { } changed && changed > order.UpdatedAt ? changed : order.UpdatedAt,
        UserBundleId: n.UserBundleId);

    private static TelnyxProblem NumberNotFound() => DomainError.NotFound("Phone number");
}
