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
/// The account's numbers, GET /v2/phone_numbers-style (issue 6): every number a ported order brought, active or not,
/// and activating an inactive one later. Derived from the ledger (whose the number is) and the porting rows (its setup).
/// </summary>
public static class PhoneNumbersApi
{
    /// <summary>Telnyx's phone number status is "active" for a working number; NumberBlocks adds "inactive" for one that ported but waits for activation.</summary>
    private static readonly string[] Statuses = ["active", "inactive"];

    public static RouteGroupBuilder MapPhoneNumbers(this RouteGroupBuilder v2)
    {
        var numbers = v2.MapGroup("/phone_numbers").WithTags("Phone Numbers");
        numbers.MapGet("", List).WithName("ListPhoneNumbers");
        numbers.MapGet("/{id}", Get).WithName("RetrievePhoneNumber");
        numbers.MapPost("/{id}/actions/activate", Activate).WithName("ActivatePhoneNumber");
        return v2;
    }

    /// <summary>Filters: filter[status]=active|inactive, filter[phone_number], filter[porting_order_id], filter[block_reference_id].</summary>
    public static async Task<IResult> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var page = TelnyxQuery.Page(q);
        var statuses = TelnyxQuery.EnumFilter(q, "status", Statuses);
        var orderIds = TelnyxQuery.UuidFilter(q, "porting_order_id");
        var blockIds = TelnyxQuery.UuidFilter(q, "block_reference_id");
        var failures = page.Errors.Concat(statuses.Errors).Concat(orderIds.Errors).Concat(blockIds.Errors).ToList();
        var parsedNumbers = new List<long>();
        var numbers = TelnyxQuery.Filter(q, "phone_number");
        foreach (var n in numbers ?? [])
        {
            var parsed = E164Number.Parse(n, "");
            if (parsed.IsFailure) { failures.Add(DomainError.InvalidParameter("filter[phone_number]", parsed.FirstError.Detail)); break; }
            parsedNumbers.Add(parsed.Value.Value);
        }
        if (failures.Count > 0) return TelnyxErrors.ToResult(failures);

        var query = PortingCompletionOperations.AccountNumbers(db, http.AccountId()).AsNoTracking();
        if (statuses.Value is { Count: 1 } s)
        {
            var active = PortingCompletion.Active;
            query = s[0] == "active" ? query.Where(n => n.ActivationStatus == active) : query.Where(n => n.ActivationStatus != active);
        }
        if (orderIds.Value is { } oids) query = query.Where(n => oids.Contains(n.PortingOrderId));
        if (blockIds.Value is { } bids) query = query.Where(n => n.BlockId != null && bids.Contains(n.BlockId.Value));
        if (numbers is not null) query = query.Where(n => parsedNumbers.Contains(n.PhoneNumber));

        // Numbers bought with Telnyx orders follow the ported ones (they are active and belong to no porting order or block).
        var bought = PurchasedNumbers.Query(db, http.AccountId(), statuses.Value, orderIds.Value, blockIds.Value, numbers is null ? null : parsedNumbers);
        var portedTotal = await query.LongCountAsync(ct);
        var total = portedTotal + await bought.LongCountAsync(ct);
        var rows = await query.OrderBy(n => n.PhoneNumber).ThenBy(n => n.Id).Skip(page.Value.Skip).Take(page.Value.Size)
            .Select(n => new { Number = n, n.Order }).ToListAsync(ct);
        var extensions = await ExtensionsOfAsync(db, rows.Select(r => r.Number.Id).ToList(), ct);
        var views = rows.Select(r => View(r.Number, r.Order!, extensions)).ToList();
        if (views.Count < page.Value.Size)
            views.AddRange(await PurchasedNumbers.PageAsync(bought, Math.Max(0, page.Value.Skip - portedTotal), page.Value.Size - views.Count, ct));
        return Results.Json(new { data = views.ToArray(), meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    public static async Task<IResult> Get(string id, HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var numberId)) return NumberNotFound();
        var row = await PortingCompletionOperations.AccountNumbers(db, http.AccountId()).AsNoTracking()
            .Where(n => n.Id == numberId).Select(n => new { Number = n, n.Order }).FirstOrDefaultAsync(ct);
        if (row is null)
            return await PurchasedNumbers.FindAsync(db, http.AccountId(), numberId, ct) is { } bought
                ? Results.Json(new { data = bought }, TelnyxJson.Options)
                : NumberNotFound();
        return Results.Json(new { data = View(row.Number, row.Order!, await ExtensionsOfAsync(db, [row.Number.Id], ct)) }, TelnyxJson.Options);
    }

    /// <summary>
    /// Activates a number that ported inactive (seed 001's numbers outside the activation ranges). No body activates
    /// the number; {"extension_range": {"start_at": 6, "end_at": 8}} activates those of its extensions instead (seed 002).
    /// </summary>
    public static async Task<IResult> Activate(string id, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var numberId)) return NumberNotFound();
        ExtensionRange? extensions = null;
        if (http.Request.ContentLength is > 0 || http.Request.HasJsonContentType())
        {
            var body = await JsonInput.ReadBodyAsync(http.Request, ct);
            if (body.IsFailure) return TelnyxErrors.ToResult(body.Errors);
            var input = new JsonInput();
            if (!input.RequireObject(body.Value, "")) return TelnyxErrors.ToResult(input.Errors);
            if (body.Value.TryGetProperty("extension_range", out _)
                && TelnyxInput.ExtensionRange(input, body.Value, "extension_range", "/extension_range") is { } raw && !input.HasErrors)
            {
                var parsed = ExtensionRange.Create(raw.StartAt, raw.EndAt, "/extension_range/start_at", "/extension_range/end_at");
                if (parsed.IsFailure) input.AddRange(parsed.Errors);
                else extensions = parsed.Value;
            }
            if (input.HasErrors) return TelnyxErrors.ToResult(input.Errors);
        }
        var accountId = http.AccountId();
        if (await PurchasedNumbers.FindAsync(db, accountId, numberId, ct) is not null)
            return TelnyxErrors.ToResult(new DomainError(ErrorCodes.NumberAlreadyActive, "This phone number is already active: bought numbers are active from the start.", null));
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortingCompletionOperations.ActivateNumberAsync(db, accountId, numberId, now, c, extensions), ct);
        if (result.IsFailure) return TelnyxErrors.ToResult(result.Errors);
        return await Get(id, http, db, ct);
    }

    private static async Task<ILookup<Guid, PortingExtension>> ExtensionsOfAsync(NumberBlocksDbContext db, List<Guid> numberIds, CancellationToken ct)
    {
        var rows = await db.PortingExtensions.AsNoTracking().Where(e => numberIds.Contains(e.PortingPhoneNumberId)).ToListAsync(ct);
        return rows.OrderBy(e => e.ExtensionStart).ToLookup(e => e.PortingPhoneNumberId);
    }

    /// <summary>
    /// Telnyx's phone number fields where they apply, plus what porting knows: activation_status, porting_order_id,
    /// block_reference_id, and each extension range split into the parts that are active and inactive (seed 002).
    /// </summary>
    public static object View(PortingPhoneNumber n, PortingOrder order, ILookup<Guid, PortingExtension> extensions) => new
    {
        id = n.Id,
        record_type = "phone_number",
        phone_number = E164Number.FromValue(n.PhoneNumber).ToString(),
        status = n.ActivationStatus == PortingCompletion.Active ? "active" : "inactive",
        activation_status = n.ActivationStatus,
        phone_number_type = n.PhoneNumberType,
        country_iso_alpha2 = n.CountryCode,
        source_type = "port_request",
        porting_order_id = n.PortingOrderId,
        block_reference_id = n.BlockId,
        customer_reference = order.CustomerReference,
        extensions = extensions[n.Id].Select(e =>
        {
            var parts = PortingCompletion.ExtensionParts(ExtensionRange.Of(e.ExtensionStart, e.ExtensionEnd),
                ActivationRangesJson.ReadExtensions(e.ActivationRangesJson));
            return new
            {
                id = e.Id,
                extension_range = new { start_at = e.ExtensionStart, end_at = e.ExtensionEnd },
                active_ranges = parts.Where(p => p.Active).Select(p => new { start_at = p.Range.Start, end_at = p.Range.End }).ToArray(),
                inactive_ranges = parts.Where(p => !p.Active).Select(p => new { start_at = p.Range.Start, end_at = p.Range.End }).ToArray(),
                active_count = parts.Where(p => p.Active).Sum(p => p.Range.Count),
                inactive_count = parts.Where(p => !p.Active).Sum(p => p.Range.Count),
            };
        }).ToArray(),
        created_at = TelnyxJson.Instant(order.UpdatedAt),
        updated_at = TelnyxJson.Instant(order.UpdatedAt),
    };

    private static IResult NumberNotFound() => TelnyxErrors.ToResult(DomainError.NotFound("Phone number"));
}
