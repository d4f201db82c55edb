using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Portouts;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Admin;

/// <summary>
/// The gaining carrier's side of port-outs, for the operator: recording a request (the rules that refuse it at once
/// run here), listing every account's, and the carrier's completion or cancellation; and the accounts' port-out PINs.
/// </summary>
public static class PortoutsAdminApi
{
    public const string Tag = "Operator: port-outs";
    public const int MaxTextLength = 200;

    public static RouteGroupBuilder MapPortoutsAdmin(this RouteGroupBuilder admin)
    {
        var portouts = admin.MapGroup("/portouts").WithTags(Tag);
        portouts.MapPost("", Record).WithName("AdminRecordPortout")
            .WithSummary("Record a carrier's port-out request")
            .WithDescription("Records another carrier's request to take numbers away. 201 with the port-out: pending, or rejected with " +
                "rejection_code and reason when a rule refuses it at once: 1002 the numbers are not all held by one account; 1003 it names " +
                "part (not all) of a phone number block held as a block (seed 001); 1001 the PIN does not match the port-out PIN of the " +
                "numbers or their account. A number already on an open port-out is refused (422, portout.number_open).")
            .WithRequestExample(new RecordPortoutRequest(["+4920123456000"], "Other Carrier GmbH", "D123", DateTimeOffset.Parse("2026-12-15T08:00:00Z",
                System.Globalization.CultureInfo.InvariantCulture), "Acme GmbH", "Hauptstr. 1, 45127 Essen", "1234"));
        portouts.MapGet("", List).WithName("AdminListPortouts")
            .WithSummary("List port-outs")
            .WithDescription("Port-outs of every account, newest first: filter[status] (pending, authorized, ported, rejected, rejected-pending, " +
                "canceled), filter[account_id], page[number], page[size].");
        portouts.MapPost("/{id}/status", SetStatus).WithName("AdminSetPortoutStatus")
            .WithSummary("Report the gaining carrier's status of a port-out")
            .WithDescription("ported (the numbers leave now: the account's claim ends, they no longer list as its numbers) or canceled, " +
                "through the port-out transition table (an illegal move is 422 naming /status). An authorized port-out also completes " +
                "by itself when its FOC date passes.")
            .WithRequestExample(new SetPortoutStatusRequest("ported"));
        admin.MapPut("/accounts/{id}/portout_pin", SetPin).WithTags(Tag).WithName("AdminSetPortoutPin")
            .WithSummary("Set an account's port-out PIN, or one number's")
            .WithDescription("Sets the PIN a port-out request must give for the account's numbers (4 to 16 letters or digits), stored only as a " +
                "salted hash. With phone_number, the PIN of that number alone, which wins over the account's. A number with neither needs no PIN.")
            .WithRequestExample(new SetPortoutPinRequest("4711", null));
        return admin;
    }

    public static async Task<Results<Created<AdminData<AdminPortoutRecord>>, AdminProblem>> Record(JsonBody<RecordPortoutRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var r = body.Result.Value;
        var fields = new AdminFields();
        var numbers = new List<long>();
        if (r.PhoneNumbers is null) fields.Add(DomainError.Required("/phone_numbers"));
        else if (r.PhoneNumbers.Count == 0 || r.PhoneNumbers.Count > PortoutRules.MaxNumbers)
            fields.Add(new DomainError(ErrorCodes.InvalidValue, $"phone_numbers holds 1 to {PortoutRules.MaxNumbers} numbers.", "/phone_numbers"));
        else
            for (var i = 0; i < r.PhoneNumbers.Count; i++)
            {
                var parsed = E164Number.Parse(r.PhoneNumbers[i], $"/phone_numbers/{i}");
                if (parsed.IsFailure) fields.AddRange(parsed.Errors);
                else numbers.Add(parsed.Value.Value);
            }
        var carrier = fields.NotBlank(r.CarrierName, "/carrier_name", MaxTextLength);
        var spid = fields.NotBlank(r.Spid, "/spid", MaxTextLength);
        var endUser = fields.NotBlank(r.EndUserName, "/end_user_name", MaxTextLength);
        var address = fields.NotBlank(r.ServiceAddress, "/service_address", 500);
        if (r.RequestedFocDate is null) fields.Add(DomainError.Required("/requested_foc_date"));
        var pin = fields.Text(r.Pin, "/pin", 64);
        if (fields.HasErrors) return new AdminProblem(fields.Errors);

        var input = new PortoutRequestInput(numbers, carrier!, spid!, r.RequestedFocDate!.Value.ToUniversalTime(), endUser!, address!, pin);
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortoutOperations.RecordAsync(db, input, now, c), ct);
        if (result.IsFailure) return new AdminProblem(result.Errors);
        outbox.Notify();
        return TypedResults.Created($"/admin/v1/portouts/{result.Value.Id}", new AdminData<AdminPortoutRecord>(View(result.Value)));
    }

    public static async Task<Results<Ok<AdminList<AdminPortoutRecord>>, AdminProblem>> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = AdminQuery.Page(q);
        var statuses = AdminQuery.EnumFilter(q, "status", PortoutStatuses.WireNames.ToArray());
        var accounts = AdminQuery.UuidFilter(q, "account_id");
        if (AdminQuery.Refusals(q) is { } refused) return refused;
        var query = db.Portouts.AsNoTracking();
        if (statuses is not null)
        {
            var wanted = statuses.Select(v => PortoutStatuses.TryParseWire(v, out var s) ? s : default).ToList();
            query = query.Where(p => wanted.Contains(p.Status));
        }
        if (accounts is not null) query = query.Where(p => p.AccountId != null && accounts.Contains(p.AccountId.Value));
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        return TypedResults.Ok(new AdminList<AdminPortoutRecord>(rows.Select(View).ToList(), AdminPageMeta.Of(page, total)));
    }

    public static async Task<Results<Ok<AdminData<AdminPortoutRecord>>, AdminProblem>> SetStatus(string id, JsonBody<SetPortoutStatusRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var portoutId)) return PortoutNotFound();
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var fields = new AdminFields();
        var text = fields.Text(body.Result.Value.Status, "/status", 64, required: true);
        var target = PortoutStatus.Pending;
        if (text is not null && (!PortoutStatuses.TryParseWire(text, out target) || target is not (PortoutStatus.Ported or PortoutStatus.Canceled)))
            fields.Add(new DomainError(ErrorCodes.InvalidValue, "status must be ported or canceled.", "/status"));
        if (fields.HasErrors) return new AdminProblem(fields.Errors);
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortoutOperations.CarrierReportsAsync(db, portoutId, target, now, c), ct);
        if (result.IsFailure) return new AdminProblem(result.Errors);
        outbox.Notify();
        return TypedResults.Ok(new AdminData<AdminPortoutRecord>(View(result.Value)));
    }

    public static async Task<Results<Ok<AdminData<PortoutPinRecord>>, AdminProblem>> SetPin(string id, JsonBody<SetPortoutPinRequest> body,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(id, "D", out var accountId)) return AccountsAdminApi.AccountNotFound();
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var fields = new AdminFields();
        if (PortoutPin.Check(body.Result.Value.Pin, "/pin") is { } bad) fields.Add(bad);
        long? number = null;
        if (body.Result.Value.PhoneNumber is { } text)
        {
            var parsed = E164Number.Parse(text, "/phone_number");
            if (parsed.IsFailure) fields.AddRange(parsed.Errors);
            else number = parsed.Value.Value;
        }
        if (fields.HasErrors) return new AdminProblem(fields.Errors);
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortoutOperations.SetPinAsync(db, accountId, number, body.Result.Value.Pin!, now, c), ct);
        if (result.IsFailure) return new AdminProblem(result.Errors);
        return TypedResults.Ok(new AdminData<PortoutPinRecord>(new PortoutPinRecord(accountId,
            number is { } n ? E164Number.FromValue(n).ToString() : null, result.Value.UpdatedAt)));
    }

    private static AdminProblem PortoutNotFound() => DomainError.NotFound("Portout");

    public static AdminPortoutRecord View(Portout p) => new(
        p.Id,
        "portout",
        WireEnums.To<PortoutStatus, AdminPortoutStatus>(p.Status),
        JsonSerializer.Deserialize<string[]>(p.PhoneNumbersJson)!,
        p.CarrierName,
        p.Spid,
        p.EndUserName,
        p.ServiceAddress,
        p.RequestedFocDate,
        p.FocDate,
        p.SupportKey,
        p.Reason,
        p.RejectionCode,
        p.HostMessaging,
        p.Status == PortoutStatus.Ported,
        p.AccountId,
        JsonSerializer.Deserialize<PortoutBlockSnapshot[]>(p.BlocksJson)!.Select(b => new AdminPortoutBlockRecord(b.Id,
            new AdminNumberRangeRecord(E164Number.FromValue(b.Start).ToString(), E164Number.FromValue(b.End).ToString()),
            b.ActivationRanges.Select(a => new AdminNumberRangeRecord(E164Number.FromValue(a[0]).ToString(), E164Number.FromValue(a[1]).ToString())).ToList())).ToList(),
        p.PortedOutAt,
        p.CreatedAt,
        p.CreatedAt,
        p.UpdatedAt);
}

/// <summary>A port-out's status as the operator reads it (Telnyx PortoutDetails.status).</summary>
public enum AdminPortoutStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("authorized")] Authorized,
    [JsonStringEnumMemberName("ported")] Ported,
    [JsonStringEnumMemberName("rejected")] Rejected,
    [JsonStringEnumMemberName("rejected-pending")] RejectedPending,
    [JsonStringEnumMemberName("canceled")] Canceled,
}

/// <summary>Body of POST /admin/v1/portouts: the gaining carrier's request as it was given.</summary>
public sealed record RecordPortoutRequest(
    [property: Required] IReadOnlyList<string>? PhoneNumbers,
    [property: Required] string? CarrierName,
    [property: Required] string? Spid,
    [property: Required] DateTimeOffset? RequestedFocDate,
    [property: Required] string? EndUserName,
    [property: Required] string? ServiceAddress,
    string? Pin);

/// <summary>Body of POST /admin/v1/portouts/{id}/status: ported or canceled.</summary>
public sealed record SetPortoutStatusRequest([property: Required] string? Status);

/// <summary>Body of PUT /admin/v1/accounts/{id}/portout_pin: the PIN, and the number it is for (absent: the account's PIN).</summary>
public sealed record SetPortoutPinRequest([property: Required] string? Pin, string? PhoneNumber);

/// <summary>A port-out PIN that was set (never the PIN itself): phone_number null for the account's PIN.</summary>
public sealed record PortoutPinRecord(Guid AccountId, string? PhoneNumber, DateTimeOffset UpdatedAt);

/// <summary>
/// A port-out as the operator sees it: the SDK's PortoutDetails fields (user_id is the account; left out when no single
/// account holds the numbers), plus the whole blocks it takes with their activation ranges and when it ported out.
/// </summary>
public sealed record AdminPortoutRecord(
    Guid Id,
    string RecordType,
    AdminPortoutStatus Status,
    IReadOnlyList<string> PhoneNumbers,
    string CarrierName,
    string Spid,
    string EndUserName,
    string ServiceAddress,
    DateTimeOffset RequestedFocDate,
    DateTimeOffset FocDate,
    string SupportKey,
    string? Reason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RejectionCode,
    bool HostMessaging,
    bool AlreadyPorted,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? UserId,
    IReadOnlyList<AdminPortoutBlockRecord> PhoneNumberBlocks,
    DateTimeOffset? PortedOutAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset InsertedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A whole block a port-out takes: its id for life, range and activation ranges.</summary>
public sealed record AdminPortoutBlockRecord(Guid Id, AdminNumberRangeRecord PhoneNumberRange, IReadOnlyList<AdminNumberRangeRecord> ActivationRanges);
