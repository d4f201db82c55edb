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

    public static async Task StatusChangedAsync(NumberBlocksDbContext db, IReadOnlyList<NumberRequest> requests, DateTimeOffset now, CancellationToken ct)
    {
        // Ranges and e-mail addresses of all the requests at once: a fulfilment pass reports hundreds together.
        var ranges = await RangesOfAsync(db, requests, ct);
        var unaddressed = requests.Where(r => r.Email is null).Select(r => r.AccountId).Distinct().ToList();
        var accountEmails = unaddressed.Count == 0
            ? new Dictionary<Guid, string?>()
            : await db.AccountNotificationSettings.AsNoTracking().Where(s => unaddressed.Contains(s.AccountId)).ToDictionaryAsync(s => s.AccountId, s => s.Email, ct);
        foreach (var request in requests)
        {
            var own = ranges.TryGetValue(request.Id, out var found) ? found : [];
            var body = JsonSerializer.Serialize(CmNumberRequestRecord.Of(request, own), WireJson.Options);
            if (request.CallbackUrl is { } url) Outbox.EnqueueWebhook(db, request.AccountId, url, EventType, body, now);

            var to = request.Email ?? accountEmails.GetValueOrDefault(request.AccountId);
            var text = new StringBuilder()
                .AppendLine($"Your number request {request.Id} is now '{request.Status}'.")
                .AppendLine(request.StatusReason is null ? "" : $"Reason: {request.StatusReason}")
                .AppendLine($"Assigned: {request.AssignedCount} of {request.Quantity} numbers.")
                .AppendJoin(Environment.NewLine, own.Select(r => $"  {CmNumberRequestRecord.Number(r.RangeStart)} - {CmNumberRequestRecord.Number(r.RangeEnd)}"))
                .AppendLine().AppendLine().AppendLine("The whole request:").AppendLine(body)
                .ToString();
            Outbox.EnqueueEmail(db, request.AccountId, to, $"Number request {request.Id}: {request.Status}", text, EventType, now);
        }
    }

    /// <summary>
    /// The ranges of each request, ascending. Ranges this unit of work assigned are still tracked; a request whose
    /// tracked ranges hold all its assigned numbers needs no read (a request served at once, or in one pass).
    /// </summary>
    public static async Task<Dictionary<Guid, IReadOnlyList<NumberRequestRange>>> RangesOfAsync(NumberBlocksDbContext db, IReadOnlyList<NumberRequest> requests,
        CancellationToken ct)
    {
        var tracked = db.ChangeTracker.Entries<NumberRequestRange>().Select(e => e.Entity).ToLookup(r => r.NumberRequestId);
        var ranges = new Dictionary<Guid, IReadOnlyList<NumberRequestRange>>();
        var unread = new List<Guid>();
        foreach (var request in requests)
        {
            var own = tracked[request.Id].OrderBy(r => r.RangeStart).ToList();
            if (own.Sum(r => r.RangeEnd - r.RangeStart + 1) == request.AssignedCount) ranges[request.Id] = own;
            else unread.Add(request.Id);
        }
        if (unread.Count > 0)
            foreach (var group in (await db.NumberRequestRanges.AsNoTracking().Where(r => unread.Contains(r.NumberRequestId)).ToListAsync(ct))
                     .GroupBy(r => r.NumberRequestId))
                ranges[group.Key] = group.OrderBy(r => r.RangeStart).ToList();
        return ranges;
    }
}

