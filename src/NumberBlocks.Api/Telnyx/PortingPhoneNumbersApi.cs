using NumberBlocks.Api.Auth;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>GET /v2/porting_phone_numbers: every number on the account's porting orders, with block_reference_id (seed 001).</summary>
public static class PortingPhoneNumbersApi
{
    /// <summary>The spec's filter[porting_order_status], and the porting phone number's other fields (the guide filters by porting_order_id and activate).</summary>
    public static readonly TelnyxFilterSpec Filters = new(
        FilterField.Enum("porting_order_status", "Filter by porting order status.", TelnyxWire.Names<TelnyxPortingOrderStatus>()),
        FilterField.Uuid("porting_order_id", "Numbers of these porting orders."),
        FilterField.Uuid("block_reference_id", "Numbers of these phone number blocks."),
        FilterField.Phone("phone_number", "These numbers.", FilterOp.Contains),
        FilterField.Enum("phone_number_type", "Filter by phone number type.", TelnyxWire.Names<TelnyxPhoneNumberType>()),
        FilterField.Enum("activation_status", "Filter by activation status.", TelnyxWire.Names<TelnyxActivationStatus>()),
        FilterField.Enum("portability_status", "Filter by portability status.", TelnyxWire.Names<TelnyxPortabilityStatus>()),
        FilterField.Enum("requirements_status", "Filter by requirements status.", TelnyxWire.Names<TelnyxRequirementsStatus>()),
        FilterField.Boolean("activate", "Numbers that are (true) or are not (false) in an activation range of their block (seed 001)."),
        FilterField.Text("support_key", "Numbers of the order with this support key."));

    /// <summary>telnyx-porting-core.yml, ListPortingPhoneNumbers text/csv: "phone_number,phone_number_type,porting_order_id,support_key,porting_order_status".</summary>
    public static readonly string[] CsvColumns = ["phone_number", "phone_number_type", "porting_order_id", "support_key", "porting_order_status"];

    public static RouteGroupBuilder MapPortingPhoneNumbers(this RouteGroupBuilder v2)
    {
        v2.MapGet("/porting_phone_numbers", List).WithName("ListPortingPhoneNumbers").WithTags("Telnyx: porting phone numbers")
            .WithSummary("List all porting phone numbers")
            .WithDescription("Returns the numbers on your porting orders in number order, each with the block it belongs to (block_reference_id) " +
                "and whether it is active on completion (activate). With 'Accept: text/csv' the same page is CSV with Telnyx's columns " +
                string.Join(",", CsvColumns) + ".")
            .WithTelnyxQuery(new TelnyxQueryDoc(Filters, Paged: true, Csv: "Telnyx's columns: " + string.Join(",", CsvColumns)));
        return v2;
    }

    public static async Task<Results<Ok<TelnyxList<PortingPhoneNumberRecord>>, ContentHttpResult, TelnyxProblem>> List(HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var f = Filters.Read(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var accountId = http.AccountId();
        var query = db.PortingPhoneNumbers.AsNoTracking().Where(n => n.AccountId == accountId);
        query = query.WhereIn(n => n.Order!.Status, f.Enums<PortingOrderStatus, TelnyxPortingOrderStatus>("porting_order_status"));
        query = query.WhereIn(n => n.PortingOrderId, f.Guids("porting_order_id"));
        query = query.WhereIn(n => n.BlockId, f.Guids("block_reference_id"));
        query = query.WhereIn(n => n.PhoneNumber, f.PhoneNumbers("phone_number"));
        if (f.Contains("phone_number") is { } digits)
        {
            var part = digits.TrimStart('+');
            query = query.Where(n => n.PhoneNumber.ToString().Contains(part));
        }
        // Rows keep NumberBlocks' type names; Telnyx's "national" covers premium-rate, VoIP, personal and UAN too.
        query = query.WhereIn(n => n.PhoneNumberType, TelnyxWire.StoredPhoneNumberTypes(f.Values("phone_number_type")));
        query = query.WhereIn(n => n.ActivationStatus, f.Enums<ActivationStatus, TelnyxActivationStatus>("activation_status"));
        query = query.WhereIn(n => n.PortabilityStatus, f.Enums<PortabilityStatus, TelnyxPortabilityStatus>("portability_status"));
        query = query.WhereIn(n => n.RequirementsStatus, f.Enums<RequirementsStatus, TelnyxRequirementsStatus>("requirements_status"));
        if (f.Boolean("activate") is { } activate) query = query.Where(n => n.Activate == activate);
        query = query.WhereIn(n => n.Order!.SupportKey, f.Values("support_key"));

        // The count and the page on one connection, taken from the pool once.
        var (total, rows) = await db.OnOneConnectionAsync(async c => (await query.LongCountAsync(c),
            await query.OrderBy(n => n.PhoneNumber).ThenBy(n => n.Id).Skip(paging.Skip).Take(paging.Size)
                .Select(n => new { Number = n, n.Order }).ToListAsync(c)), ct);
        var records = rows.Select(r => TelnyxViews.PhoneNumber(r.Number, r.Order!)).ToList();
        if (TelnyxCsv.IsWanted(http.Request))
            return TelnyxCsv.Write(CsvColumns, records.Select(n => (IReadOnlyList<string?>)
                [n.PhoneNumber, TelnyxWire.Name(n.PhoneNumberType), n.PortingOrderId.ToString(), n.SupportKey, TelnyxWire.Name(n.PortingOrderStatus)]));
        return TypedResults.Ok(new TelnyxList<PortingPhoneNumberRecord>(records, paging.Meta(total)));
    }
}
