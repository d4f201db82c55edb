using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>GET /v2/porting_phone_numbers: every number on the account's porting orders, with block_reference_id (seed 001).</summary>
public static class PortingPhoneNumbersApi
{
    private static readonly string[] ActivationStatuses =
        ["New", "Pending", "Conflict", "Cancel Pending", "Failed", "Concurred", "Activate RDY", "Disconnect Pending", "Concurrence Sent", "Old", "Sending", "Active", "Cancelled"];
    private static readonly string[] PortabilityStatuses = ["pending", "confirmed", "provisional"];
    private static readonly string[] RequirementsStatuses = ["requirement-info-pending", "requirement-info-under-review", "requirement-info-exception", "approved"];

    public static RouteGroupBuilder MapPortingPhoneNumbers(this RouteGroupBuilder v2)
    {
        v2.MapGet("/porting_phone_numbers", List).WithName("ListPortingPhoneNumbers").WithTags("Porting Orders");
        return v2;
    }

    public static async Task<IResult> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var page = TelnyxQuery.Page(q);
        if (page.IsFailure) return TelnyxErrors.ToResult(page.Errors);
        var orderIds = TelnyxQuery.UuidFilter(q, "porting_order_id");
        var blockIds = TelnyxQuery.UuidFilter(q, "block_reference_id");
        var orderStatuses = TelnyxQuery.EnumFilter(q, "porting_order_status", PortingOrderStatuses.WireNames.ToArray());
        var types = TelnyxQuery.EnumFilter(q, "phone_number_type", PhoneNumberTypes.WireNames.ToArray());
        var activationStatuses = TelnyxQuery.EnumFilter(q, "activation_status", ActivationStatuses);
        var portability = TelnyxQuery.EnumFilter(q, "portability_status", PortabilityStatuses);
        var requirements = TelnyxQuery.EnumFilter(q, "requirements_status", RequirementsStatuses);
        var activate = TelnyxQuery.EnumFilter(q, "activate", ["true", "false"]);
        var numbers = TelnyxQuery.Filter(q, "phone_number");
        var failures = new[] { orderIds.Errors, blockIds.Errors, orderStatuses.Errors, types.Errors, activationStatuses.Errors, portability.Errors, requirements.Errors, activate.Errors }
            .SelectMany(e => e).ToList();
        var parsedNumbers = new List<long>();
        foreach (var n in numbers ?? [])
        {
            var parsed = E164Number.Parse(n, "");
            if (parsed.IsFailure) { failures.Add(DomainError.InvalidParameter("filter[phone_number]", parsed.FirstError.Detail)); break; }
            parsedNumbers.Add(parsed.Value.Value);
        }
        if (failures.Count > 0) return TelnyxErrors.ToResult(failures);

        var accountId = http.AccountId();
        var query = db.PortingPhoneNumbers.AsNoTracking().Where(n => n.AccountId == accountId);
        if (orderIds.Value is { } oids) query = query.Where(n => oids.Contains(n.PortingOrderId));
        if (blockIds.Value is { } bids) query = query.Where(n => n.BlockId != null && bids.Contains(n.BlockId.Value));
        if (orderStatuses.Value is { } os) query = query.Where(n => os.Contains(n.Order!.Status));
        if (types.Value is { } ts) query = query.Where(n => ts.Contains(n.PhoneNumberType));
        if (activationStatuses.Value is { } @as) query = query.Where(n => n.ActivationStatus != null && @as.Contains(n.ActivationStatus));
        if (portability.Value is { } ps) query = query.Where(n => ps.Contains(n.PortabilityStatus));
        if (requirements.Value is { } rs) query = query.Where(n => rs.Contains(n.RequirementsStatus));
        if (activate.Value is { Count: 1 } a) { var want = a[0] == "true"; query = query.Where(n => n.Activate == want); }
        if (numbers is not null) query = query.Where(n => parsedNumbers.Contains(n.PhoneNumber));

        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderBy(n => n.PhoneNumber).ThenBy(n => n.Id).Skip(page.Value.Skip).Take(page.Value.Size)
            .Select(n => new { Number = n, n.Order }).ToListAsync(ct);
        return Results.Json(new { data = rows.Select(r => TelnyxViews.PhoneNumber(r.Number, r.Order!)).ToArray(), meta = page.Value.Meta(total) },
            TelnyxJson.Options);
    }
}
