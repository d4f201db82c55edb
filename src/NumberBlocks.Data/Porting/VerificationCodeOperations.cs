using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>One code to check, as the verify body gave it.</summary>
public sealed record CodeToVerify(E164Number PhoneNumber, string Code, string Pointer);

/// <summary>What verifying did: the codes now verified, and the refusals of the others (their attempts were counted).</summary>
public sealed record VerifyOutcome(IReadOnlyList<PortingVerificationCode> Verified, IReadOnlyList<DomainError> Refusals);

/// <summary>Porting verification codes (rules in <see cref="PortingVerification"/>), sent through the outbox.</summary>
public static class VerificationCodeOperations
{
    /// <summary>The webhook that carries the codes to the order's (else the account's) webhook_url.</summary>
    public const string CodesSentEvent = "porting_order.verification_codes_sent";

    /// <summary>
    /// Makes a new code for each of <paramref name="numbers"/> (all of the order's when null), replacing an earlier
    /// code of the number, and queues them in the same transaction: a signed webhook to the order's webhook_url (else
    /// the account's) and an e-mail to the account's notification address. Only the codes' hashes are stored.
    /// </summary>
    public static async Task<Result<List<PortingVerificationCode>>> SendAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId,
        IReadOnlyList<(E164Number Number, string Pointer)>? numbers, string method, DateTimeOffset now, CancellationToken ct)
    {
        await LockOrderAsync(db, accountId, orderId, ct);
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        if (order.Status.IsFinal() || order.Status == PortingOrderStatus.CancelPending)
            return new DomainError(ErrorCodes.OrderNotEditable,
                $"Verification codes are sent while the porting order is live; it is {order.Status.ToWire()}.", "/status/value");

        var orderNumbers = await db.PortingPhoneNumbers.Where(n => n.PortingOrderId == orderId).Select(n => n.PhoneNumber).ToListAsync(ct);
        var inOrder = orderNumbers.ToHashSet();
        List<long> wanted;
        if (numbers is null) wanted = orderNumbers.Order().ToList();
        else
        {
            var refused = numbers.Where(n => !inOrder.Contains(n.Number.Value))
                .Select(n => new DomainError(ErrorCodes.NumberNotInOrder, $"{n.Number} is not a phone number of this porting order.", n.Pointer)).ToList();
            if (refused.Count > 0) return Result<List<PortingVerificationCode>>.Fail(refused);
            wanted = numbers.Select(n => n.Number.Value).Distinct().ToList();
        }

        var existing = await db.PortingVerificationCodes.Where(c => c.PortingOrderId == orderId && wanted.Contains(c.PhoneNumber))
            .ToDictionaryAsync(c => c.PhoneNumber, ct);
        var sent = new List<(PortingVerificationCode Row, string Code)>();
        foreach (var number in wanted)
        {
            var (code, salt) = PortingVerification.NewCode();
            if (!existing.TryGetValue(number, out var row))
            {
                row = new PortingVerificationCode
                {
                    Id = Guid.CreateVersion7(now), PortingOrderId = orderId, AccountId = accountId, PhoneNumber = number,
                    VerificationMethod = method, CodeHash = "", CodeSalt = "", CreatedAt = now,
                };
                db.PortingVerificationCodes.Add(row);
            }
            row.VerificationMethod = method;
            row.CodeSalt = salt;
            row.CodeHash = PortingVerification.Hash(code, salt);
            row.Attempts = 0;
            row.Verified = false;
            row.VerifiedAt = null;
            row.ExpiresAt = now + PortingVerification.Lifetime;
            row.UpdatedAt = now;
            sent.Add((row, code));
        }
        await QueueAsync(db, order, method, sent, now, ct);
        return sent.Select(s => s.Row).ToList();
    }

    private static async Task QueueAsync(NumberBlocksDbContext db, PortingOrder order, string method,
        List<(PortingVerificationCode Row, string Code)> sent, DateTimeOffset now, CancellationToken ct)
    {
        if (sent.Count == 0) return;
        var expiresAt = Rfc3339.Format(sent[0].Row.ExpiresAt);
        var url = order.WebhookUrl ?? await db.Accounts.Where(a => a.Id == order.AccountId).Select(a => a.WebhookUrl).FirstOrDefaultAsync(ct);
        if (url is not null)
        {
            var codes = new JsonArray();
            foreach (var (row, code) in sent)
                codes.Add(new JsonObject { ["phone_number"] = E164Number.FromValue(row.PhoneNumber).ToString(), ["code"] = code });
            var body = new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["event_type"] = CodesSentEvent,
                    ["id"] = Guid.CreateVersion7(now).ToString(),
                    ["occurred_at"] = Rfc3339.Format(now),
                    ["payload"] = new JsonObject
                    {
                        ["porting_order_id"] = order.Id.ToString(),
                        ["verification_method"] = method,
                        ["expires_at"] = expiresAt,
                        ["verification_codes"] = codes,
                    },
                    ["record_type"] = "event",
                },
            };
            Outbox.Outbox.EnqueueWebhook(db, order.AccountId, url, CodesSentEvent, body.ToJsonString(), now);
        }
        var email = await db.AccountNotificationSettings.Where(s => s.AccountId == order.AccountId).Select(s => s.Email).FirstOrDefaultAsync(ct);
        var text = new StringBuilder()
            .AppendLine($"Verification codes for porting order {order.Id} (they expire at {expiresAt}):")
            .AppendLine();
        foreach (var (row, code) in sent) text.AppendLine($"{E164Number.FromValue(row.PhoneNumber)}: {code}");
        text.AppendLine().AppendLine("Enter them with POST /v2/porting_orders/{id}/verification_codes/verify.");
        Outbox.Outbox.EnqueueEmail(db, order.AccountId, email, $"Porting verification codes for order {order.Id}", text.ToString(), CodesSentEvent, now);
    }

    /// <summary>
    /// Checks each code; a right one marks its number verified, a wrong one counts an attempt. Both are kept whatever
    /// the others' outcome, so the caller commits and then answers the refusals, if any.
    /// </summary>
    public static async Task<Result<VerifyOutcome>> VerifyAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, IReadOnlyList<CodeToVerify> codes,
        DateTimeOffset now, CancellationToken ct)
    {
        await LockOrderAsync(db, accountId, orderId, ct);
        var order = await PortingOrderOperations.FindOrderAsync(db, accountId, orderId, ct);
        if (order is null) return DomainError.NotFound("Porting order");
        var numbers = codes.Select(c => c.PhoneNumber.Value).Distinct().ToList();
        var rows = await db.PortingVerificationCodes.Where(c => c.PortingOrderId == orderId && numbers.Contains(c.PhoneNumber))
            .ToDictionaryAsync(c => c.PhoneNumber, ct);
        var verified = new List<PortingVerificationCode>();
        var refusals = new List<DomainError>();
        foreach (var given in codes)
        {
            if (!rows.TryGetValue(given.PhoneNumber.Value, out var row))
            {
                refusals.Add(new DomainError(ErrorCodes.VerificationCodeNotSent,
                    $"No verification code was sent for {given.PhoneNumber} on this order; send one first (verification_codes/send).", given.Pointer + "/phone_number"));
                continue;
            }
            var outcome = PortingVerification.Check(new StoredVerificationCode(row.CodeHash, row.CodeSalt, row.Attempts, row.ExpiresAt, row.Verified), given.Code, now);
            if (outcome == VerificationOutcome.Wrong)
            {
                row.Attempts++;
                row.UpdatedAt = now;
            }
            else if (outcome == VerificationOutcome.Verified)
            {
                row.Verified = true;
                row.VerifiedAt = now;
                row.UpdatedAt = now;
            }
            if (outcome is VerificationOutcome.Verified or VerificationOutcome.AlreadyVerified) { if (!verified.Contains(row)) verified.Add(row); }
            else refusals.Add(PortingVerification.Refusal(outcome, given.PhoneNumber.ToString(), row.Attempts, given.Pointer + "/code")!);
        }
        if (verified.Count > 0) order.UpdatedAt = now;
        return new VerifyOutcome(verified, refusals);
    }

    /// <summary>
    /// Sends and verifies of one order queue on its row (an UPDATE that changes nothing, held to the commit): two
    /// concurrent wrong attempts cannot both read the same count and so pass the attempts limit, and two first sends
    /// cannot both insert a number's code. SQLite's BEGIN IMMEDIATE already runs writers one at a time.
    /// </summary>
    private static Task<int> LockOrderAsync(NumberBlocksDbContext db, Guid accountId, Guid orderId, CancellationToken ct) =>
        db.PortingOrders.Where(o => o.Id == orderId && o.AccountId == accountId).ExecuteUpdateAsync(s => s.SetProperty(o => o.UpdatedAt, o => o.UpdatedAt), ct);
}
