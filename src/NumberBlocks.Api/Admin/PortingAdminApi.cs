using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Admin;

/// <summary>The carrier side of porting, for the operator: every account's orders, and the status the losing carrier reports.</summary>
public static class PortingAdminApi
{
    /// <summary>Telnyx's porting exception codes (PortingOrdersExceptionType.code), the reasons a carrier gives for an exception.</summary>
    public static readonly IReadOnlyList<string> ExceptionCodes = PortingExceptionTypes.Codes;

    public const int MaxDetails = 50;
    public const int MaxDescriptionLength = 1000;

    public static RouteGroupBuilder MapPortingAdmin(this RouteGroupBuilder admin)
    {
        var orders = admin.MapGroup("/porting_orders").WithTags(AdminSurface.PortingTag);
        orders.MapGet("", List).WithName("AdminListPortingOrders")
            .WithSummary("List porting orders")
            .WithDescription("Porting orders of every account, newest first: filter[status] (draft, in-process, submitted, exception, " +
                "foc-date-confirmed, ported, cancel-pending, cancelled), filter[account_id], page[number], page[size].");
        orders.MapGet("/{id}", Get).WithName("AdminGetPortingOrder")
            .WithSummary("Get a porting order with its blocks and numbers")
            .WithDescription("The order, every block with its activation ranges, and every number with the block it belongs to " +
                "(block_reference_id) and whether it is active once ported: what the CLI draws as the block map.");
        orders.MapPost("/{id}/status", SetStatus).WithName("AdminSetPortingOrderStatus")
            .WithSummary("Report the carrier's status of a porting order")
            .WithDescription("Moves the order to the status the losing carrier reports, through the same transition table as customer " +
                "actions (an illegal move is 422 naming /status). An exception needs details, each with a Telnyx exception code and a " +
                "description for the customer; foc-date-confirmed needs foc_datetime_actual. The customer's webhook is told.")
            .WithRequestExample(new SetPortingOrderStatusRequest("exception",
                [new CarrierExceptionInput("ENTITY_NAME_MISMATCH", "The entity name does not match the losing carrier's records.")], null));
        orders.MapPost("/{id}/comments", Comment).WithName("AdminCommentPortingOrder")
            .WithSummary("Comment on a porting order as the carrier side")
            .WithDescription("Adds a comment with user_type admin (the losing carrier's or the porting desk's question or answer). The " +
                "customer sees it in GET /v2/porting_orders/{id}/comments and gets a porting_order.new_comment webhook through the outbox.")
            .WithRequestExample(new AdminCommentRequest("Please upload a bill no older than 30 days."));
        return admin;
    }

    public static async Task<Results<Created<AdminData<AdminPortingCommentRecord>>, AdminProblem>> Comment(string id, JsonBody<AdminCommentRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return OrderNotFound();
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var now = clock.GetUtcNow();
        var created = await db.RunAsync<PortingOrderComment>(async c =>
        {
            var order = await db.PortingOrders.FirstOrDefaultAsync(o => o.Id == orderId, c);
            if (order is null) return DomainError.NotFound("Porting order");
            return await PortingFamilyOperations.AddCommentAsync(db, order, body.Result.Value.Body, "admin", now, c);
        }, ct);
        if (created.IsFailure) return new AdminProblem(created.Errors);
        outbox.Notify();
        var v = created.Value;
        return TypedResults.Created($"/admin/v1/porting_orders/{orderId}/comments/{v.Id}",
            new AdminData<AdminPortingCommentRecord>(new AdminPortingCommentRecord(v.Id, v.PortingOrderId, v.AccountId, v.Body, v.UserType, v.CreatedAt)));
    }

    public static async Task<Results<Ok<AdminList<AdminPortingOrderRecord>>, AdminProblem>> List(HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = AdminQuery.Page(q);
        var statuses = AdminQuery.EnumFilter(q, "status", PortingOrderStatuses.WireNames.ToArray());
        var accounts = AdminQuery.UuidFilter(q, "account_id");
        if (AdminQuery.Refusals(q) is { } refused) return refused;
        var query = db.PortingOrders.AsNoTracking();
        if (statuses is not null)
        {
            var wanted = statuses.Select(v => PortingOrderStatuses.TryParseWire(v, out var status) ? status : default).ToList();
            query = query.Where(o => wanted.Contains(o.Status));
        }
        if (accounts is not null) query = query.Where(o => accounts.Contains(o.AccountId));
        var total = await query.LongCountAsync(ct);
        var orders = await query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        return TypedResults.Ok(new AdminList<AdminPortingOrderRecord>(orders.Select(View).ToList(), AdminPageMeta.Of(page, total)));
    }

    public static async Task<Results<Ok<AdminPortingOrderDetail>, AdminProblem>> Get(string id, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return OrderNotFound();
        var order = await db.PortingOrders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null) return OrderNotFound();
        var blocks = await db.PortingBlocks.AsNoTracking().Where(b => b.PortingOrderId == orderId).OrderBy(b => b.RangeStart).ToListAsync(ct);
        var numbers = await db.PortingPhoneNumbers.AsNoTracking().Where(n => n.PortingOrderId == orderId).OrderBy(n => n.PhoneNumber).ToListAsync(ct);
        return TypedResults.Ok(new AdminPortingOrderDetail(View(order), blocks.Select(BlockView).ToList(), numbers.Select(NumberView).ToList()));
    }

    public static async Task<Results<Ok<AdminData<AdminPortingOrderRecord>>, AdminProblem>> SetStatus(string id, JsonBody<SetPortingOrderStatusRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var orderId)) return OrderNotFound();
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var request = body.Result.Value;
        var fields = new AdminFields();
        var statusText = fields.Text(request.Status, "/status", 64, required: true);
        var reported = new List<(string? Code, string? Description)>();
        var details = request.Details ?? [];
        if (details.Count > MaxDetails)
            fields.Add(new DomainError(ErrorCodes.InvalidValue, $"'details' holds more than {MaxDetails} items.", "/details"));
        else
            for (var i = 0; i < details.Count; i++)
            {
                if (details[i] is not { } detail)
                {
                    fields.Add(new DomainError(ErrorCodes.InvalidType, "Each exception detail must be an object.", $"/details/{i}"));
                    continue;
                }
                var code = fields.Text(detail.Code, $"/details/{i}/code", 64, required: true);
                var description = fields.Text(detail.Description, $"/details/{i}/description", MaxDescriptionLength);
                if (code is not null && !ExceptionCodes.Contains(code, StringComparer.Ordinal))
                    fields.Add(new DomainError(ErrorCodes.InvalidValue, $"'{code}' is not a Telnyx porting exception code.", $"/details/{i}/code"));
                reported.Add((code, description));
            }
        PortingOrderStatus target = default;
        if (statusText is not null && !PortingOrderStatuses.TryParseWire(statusText, out target))
            fields.Add(new DomainError(ErrorCodes.InvalidValue, $"status must be one of: {string.Join(", ", PortingOrderStatuses.WireNames)}.", "/status"));
        if (statusText is not null && !fields.HasErrors) fields.AddRange(PortingCompletion.CheckCarrierReport(target, reported, request.FocDatetimeActual));
        if (fields.HasErrors) return new AdminProblem(fields.Errors);

        var detailsJson = JsonSerializer.Serialize(reported.Select(r => new StoredDetail(r.Code, r.Description)));
        var now = clock.GetUtcNow();
        var result = await db.RunAsync<PortingOrder>(async c =>
        {
            var order = await db.PortingOrders.FirstOrDefaultAsync(o => o.Id == orderId, c);
            if (order is null) return DomainError.NotFound("Porting order");
            return await PortingOrderOperations.MoveStatusAsync(db, order, target, now, c,
                statusDetailsJson: detailsJson, focDatetimeActual: request.FocDatetimeActual);
        }, ct);
        if (result.IsFailure) return new AdminProblem(result.Errors);
        // The move queued the customer's porting webhook in its transaction: deliver now rather than at the next poll.
        outbox.Notify();
        return TypedResults.Ok(new AdminData<AdminPortingOrderRecord>(View(result.Value)));
    }

    private static AdminProblem OrderNotFound() => DomainError.NotFound("Porting order");

    public static AdminPortingOrderRecord View(PortingOrder o) => new(
        o.Id,
        o.AccountId,
        new AdminPortingOrderStatusRecord(ToWire(o.Status), StatusDetails(o.StatusDetailsJson)),
        $"{o.CountryCode} {o.PhoneNumberType} port",
        o.CountryCode,
        o.PhoneNumberType,
        o.PhoneNumberCount,
        o.CustomerReference,
        o.SupportKey,
        o.WebhookUrl,
        o.FocDatetimeRequested,
        o.FocDatetimeActual,
        o.CreatedAt,
        o.UpdatedAt);

    private static AdminPortingBlockRecord BlockView(PortingBlock b) => new(
        b.Id,
        b.PortingOrderId,
        b.CountryCode,
        b.PhoneNumberType,
        new AdminNumberRangeRecord(Number(b.RangeStart), Number(b.RangeEnd)),
        ActivationRangesJson.ReadNumbers(b.ActivationRangesJson).Select(r => new AdminNumberRangeRecord(r.Start.ToString(), r.End.ToString())).ToList(),
        b.CreatedAt,
        b.UpdatedAt);

    private static AdminPortingNumberRecord NumberView(PortingPhoneNumber n) =>
        new(n.Id, n.PortingOrderId, Number(n.PhoneNumber), n.Activate, n.BlockId, n.CountryCode, n.PhoneNumberType);

    /// <summary>The operator's wire member for a domain status: the members share their names.</summary>
    public static AdminPortingOrderStatus ToWire(PortingOrderStatus status) => WireEnums.To<PortingOrderStatus, AdminPortingOrderStatus>(status);

    private static IReadOnlyList<CarrierExceptionRecord> StatusDetails(string json) =>
        (JsonSerializer.Deserialize<StoredDetail[]>(json) ?? []).Select(d => new CarrierExceptionRecord(d.Code ?? "OTHER", d.Description)).ToList();

    private static string Number(long value) => E164Number.FromValue(value).ToString();

    /// <summary>An exception detail as the order row keeps it (status_details_json), which every surface reads.</summary>
    private sealed record StoredDetail(
        [property: JsonPropertyName("code")] string? Code,
        [property: JsonPropertyName("description")] string? Description);
}
