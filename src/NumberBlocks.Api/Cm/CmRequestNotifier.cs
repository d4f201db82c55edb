using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Requests;

namespace NumberBlocks.Api.Cm;

/// <summary>
/// Seed 003: every status change of a request is reported by e-mail and, when callbackUrl is set, POSTed there with
/// the whole request as body — the same <see cref="CmNumberRequestRecord"/> the API answers with, in the same JSON.
/// Both go through the outbox in the transaction of the change.
/// </summary>
public static class CmRequestNotifier
{
    public const string EventType = "number_request.status_changed";

    public static async Task<IReadOnlyList<NumberRequestRange>> RangesAsync(NumberBlocksDbContext db, Guid requestId, CancellationToken ct) =>
        await db.NumberRequestRanges.AsNoTracking().Where(r => r.NumberRequestId == requestId).OrderBy(r => r.RangeStart).ToListAsync(ct);

    public static async Task StatusChangedAsync(NumberBlocksDbContext db, NumberRequest request, DateTimeOffset now, CancellationToken ct)
    {
        var ranges = await RangesAsync(db, request.Id, ct);
        var body = JsonSerializer.Serialize(CmNumberRequestRecord.Of(request, ranges), WireJson.Options);
        if (request.CallbackUrl is { } url) Outbox.EnqueueWebhook(db, request.AccountId, url, EventType, body, now);

        var to = request.Email ?? await db.AccountNotificationSettings.AsNoTracking()
            .Where(s => s.AccountId == request.AccountId).Select(s => s.Email).FirstOrDefaultAsync(ct);
        var text = new StringBuilder()
            .AppendLine($"Your number request {request.Id} is now '{request.Status}'.")
            .AppendLine(request.StatusReason is null ? "" : $"Reason: {request.StatusReason}")
            .AppendLine($"Assigned: {request.AssignedCount} of {request.Quantity} numbers.")
            .AppendJoin(Environment.NewLine, ranges.Select(r => $"  {CmNumberRequestRecord.Number(r.RangeStart)} - {CmNumberRequestRecord.Number(r.RangeEnd)}"))
            .AppendLine().AppendLine().AppendLine("The whole request:").AppendLine(body)
            .ToString();
        Outbox.EnqueueEmail(db, request.AccountId, to, $"Number request {request.Id}: {request.Status}", text, EventType, now);
    }
}

