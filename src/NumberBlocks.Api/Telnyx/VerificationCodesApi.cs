using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx VerificationCodeSendParams.verification_method.</summary>
public enum TelnyxVerificationMethod
{
    [JsonStringEnumMemberName("sms")] Sms,
    [JsonStringEnumMemberName("call")] Call,
}

/// <summary>Telnyx VerificationCodeSendParams: the numbers to send codes for (all of the order's when left out).</summary>
public sealed record SendVerificationCodesRequest(IReadOnlyList<string?>? PhoneNumbers, TelnyxVerificationMethod? VerificationMethod);

/// <summary>Telnyx VerificationCodeVerifyParams.</summary>
public sealed record VerifyVerificationCodesRequest(IReadOnlyList<VerificationCodeInput?>? VerificationCodes);

public sealed record VerificationCodeInput(string? Code, string? PhoneNumber);

/// <summary>Telnyx PortingVerificationCode (the code itself is never shown; only its hash is kept).</summary>
public sealed record PortingVerificationCodeRecord(
    Guid Id,
    string RecordType,
    string PhoneNumber,
    Guid PortingOrderId,
    bool Verified,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Telnyx /v2/porting_orders/{id}/verification_codes, send and verify (rules in <see cref="PortingVerification"/>).</summary>
public static class VerificationCodesApi
{
    public static readonly TelnyxFilterSpec Filters = new(FilterField.Boolean("verified", "Filter verification codes that have been verified or not."));

    public static readonly string[] Sorts = ["-created_at", "created_at"];

    public static RouteGroupBuilder MapVerificationCodes(this RouteGroupBuilder v2)
    {
        var codes = v2.MapGroup("/porting_orders/{id}/verification_codes").WithTags("Telnyx: porting verification codes");
        codes.MapGet("", List).WithName("ListVerificationCodes")
            .WithSummary("List verification codes")
            .WithDescription("Returns the order's verification codes, one per number a code was sent for, newest first unless sort[value]=created_at; " +
                "filter[verified]=true|false. The codes themselves are never shown: only their salted SHA-256 is kept.")
            .WithTelnyxQuery(new TelnyxQueryDoc(Filters, Sorts, Paged: true));
        codes.MapPost("/send", Send).WithName("SendPortingVerificationCodes")
            .WithSummary("Send the verification codes")
            .WithDescription("Sends a new six-digit code for each of phone_numbers (every number of the order when left out), replacing any earlier " +
                $"code of the number. NumberBlocks has no SMS or voice channel: the codes go through the outbox as a signed webhook " +
                $"({VerificationCodeOperations.CodesSentEvent}) to the order's webhook_url (else the account's) and as an e-mail to the account's " +
                $"notification address. A code expires after {PortingVerification.Lifetime.TotalMinutes:0} minutes and takes " +
                $"{PortingVerification.MaxAttempts} wrong attempts. 204.")
            .WithRequestExample(new SendVerificationCodesRequest(["+13035550000"], TelnyxVerificationMethod.Sms));
        codes.MapPost("/verify", Verify).WithName("VerifyPortingVerificationCodes")
            .WithSummary("Verify the verification codes")
            .WithDescription("Checks each code against its number's. Right codes mark their numbers verified; a wrong code counts an attempt. When " +
                "any code is refused (wrong, expired, out of attempts, never sent) the answer is 422 naming each, and the right ones stay verified.")
            .WithRequestExample(new VerifyVerificationCodesRequest([new VerificationCodeInput("123456", "+13035550000")]));
        return v2;
    }

    public static async Task<Results<Ok<TelnyxList<PortingVerificationCodeRecord>>, TelnyxProblem>> List(string id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var sort = TelnyxPaging.Sort(q, Sorts, "-created_at");
        var filters = Filters.Read(q);
        var order = await PortingOrdersApi.FindAsync(db, http, id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var rows = db.PortingVerificationCodes.AsNoTracking().Where(c => c.PortingOrderId == order.Id);
        if (filters.Boolean("verified") is { } verified) rows = rows.Where(c => c.Verified == verified);
        var total = await rows.LongCountAsync(ct);
        var ordered = sort == "created_at" ? rows.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id) : rows.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
        var page = await ordered.Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<PortingVerificationCodeRecord>(page.Select(View).ToList(), paging.Meta(total)));
    }

    public static async Task<Results<NoContent, TelnyxProblem>> Send(string id, OptionalJsonBody<SendVerificationCodesRequest> body, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        // An order of another account is "not found" before anything about the request is told.
        if (await PortingOrdersApi.FindAsync(db, http, id, ct) is not { } found) return PortingOrdersApi.NotFound();
        var orderId = found.Id;
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var request = body.Result.Value;
        List<(E164Number Number, string Pointer)>? numbers = null;
        if (request?.PhoneNumbers is { } given)
        {
            if (given.Count == 0) return (TelnyxProblem)new DomainError(ErrorCodes.InvalidValue, "Give at least one number, or leave phone_numbers out for all.", "/phone_numbers");
            if (given.Count > PortingOrderDraft.MaxSingleNumbers)
                return (TelnyxProblem)new DomainError(ErrorCodes.InvalidValue, $"At most {PortingOrderDraft.MaxSingleNumbers} phone_numbers.", "/phone_numbers");
            var errors = new List<DomainError>();
            numbers = [];
            for (var i = 0; i < given.Count; i++)
            {
                var parsed = E164Number.Parse(given[i], $"/phone_numbers/{i}");
                if (parsed.IsFailure) errors.AddRange(parsed.Errors);
                else numbers.Add((parsed.Value, $"/phone_numbers/{i}"));
            }
            if (errors.Count > 0) return new TelnyxProblem(errors);
        }
        var method = TelnyxWire.Name(request?.VerificationMethod ?? TelnyxVerificationMethod.Sms);
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var sent = await db.RunAsync(c => VerificationCodeOperations.SendAsync(db, accountId, orderId, numbers, method, now, c), ct);
        PortingEventsApi.WakeDelivery(http, sent.IsSuccess);
        return sent.IsFailure ? new TelnyxProblem(sent.Errors) : TypedResults.NoContent();
    }

    public static async Task<Results<Ok<TelnyxData<IReadOnlyList<PortingVerificationCodeRecord>>>, TelnyxProblem>> Verify(string id,
        JsonBody<VerifyVerificationCodesRequest> body, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await PortingOrdersApi.FindAsync(db, http, id, ct) is not { } found) return PortingOrdersApi.NotFound();
        var orderId = found.Id;
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var given = body.Result.Value.VerificationCodes;
        if (given is null || given.Count == 0) return (TelnyxProblem)DomainError.Required("/verification_codes");
        if (given.Count > PortingOrderDraft.MaxSingleNumbers)
            return (TelnyxProblem)new DomainError(ErrorCodes.InvalidValue, $"At most {PortingOrderDraft.MaxSingleNumbers} verification_codes.", "/verification_codes");
        var errors = new List<DomainError>();
        var codes = new List<CodeToVerify>();
        for (var i = 0; i < given.Count; i++)
        {
            var pointer = $"/verification_codes/{i}";
            if (given[i] is not { } item) { errors.Add(DomainError.Required(pointer)); continue; }
            var number = E164Number.Parse(item.PhoneNumber, pointer + "/phone_number");
            if (number.IsFailure) errors.AddRange(number.Errors);
            if (item.Code is null) errors.Add(DomainError.Required(pointer + "/code"));
            else if (!PortingVerification.IsWellFormed(item.Code))
                errors.Add(new DomainError(ErrorCodes.InvalidValue, $"A verification code is {PortingVerification.CodeLength} digits.", pointer + "/code"));
            if (number.IsSuccess && item.Code is not null && PortingVerification.IsWellFormed(item.Code)) codes.Add(new CodeToVerify(number.Value, item.Code, pointer));
        }
        if (errors.Count > 0) return new TelnyxProblem(errors);

        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        // The attempts are committed whatever the answer, so that wrong codes count (PortingVerification.MaxAttempts).
        var outcome = await db.RunAsync(c => VerificationCodeOperations.VerifyAsync(db, accountId, orderId, codes, now, c), ct);
        if (outcome.IsFailure) return new TelnyxProblem(outcome.Errors);
        if (outcome.Value.Refusals.Count > 0) return new TelnyxProblem(outcome.Value.Refusals);
        IReadOnlyList<PortingVerificationCodeRecord> data = outcome.Value.Verified.Select(View).ToList();
        return TypedResults.Ok(new TelnyxData<IReadOnlyList<PortingVerificationCodeRecord>>(data));
    }

    private static PortingVerificationCodeRecord View(PortingVerificationCode c) =>
        new(c.Id, "porting_verification_code", E164Number.FromValue(c.PhoneNumber).ToString(), c.PortingOrderId, c.Verified, c.CreatedAt, c.UpdatedAt);
}
