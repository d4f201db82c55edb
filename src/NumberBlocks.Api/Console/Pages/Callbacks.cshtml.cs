using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Data;
using NumberBlocks.Data.Outbox;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>
/// The outbox (webhooks and e-mails) by status, failed first: a failed delivery can be sent again with
/// <see cref="OutboxRedelivery.RedeliverAsync"/>, keeping its webhook-id so the receiver can deduplicate. An account's
/// session sees and redelivers its own messages only; another account's message is 404 to it.
/// </summary>
public sealed class CallbacksModel(NumberBlocksDbContext db, OutboxSignal outbox, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;
    public static readonly string[] Statuses = [OutboxStatuses.Failed, OutboxStatuses.Pending, OutboxStatuses.Delivered, OutboxStatuses.Recorded];

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "redelivered")]
    public Guid? Redelivered { get; set; }

    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];
    public IReadOnlyDictionary<string, long> Counts { get; private set; } = new Dictionary<string, long>();
    public long Total { get; private set; }
    public string? Refusal { get; private set; }

    /// <summary>The status shown: failed unless another (or "all") is chosen.</summary>
    public string Shown => Status is "all" ? "all" : Statuses.Contains(Status) ? Status! : OutboxStatuses.Failed;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRedeliverAsync(Guid id, CancellationToken ct)
    {
        if (User.AccountScope() is { } account && !await db.OutboxMessages.AsNoTracking().AnyAsync(m => m.Id == id && m.AccountId == account, ct))
            return NotFound();
        var result = await OutboxRedelivery.RedeliverAsync(db, id, clock.GetUtcNow(), ct);
        if (result.IsFailure)
        {
            if (result.Errors.Any(e => e.Kind == Domain.Errors.ErrorKind.NotFound)) return NotFound();
            Refusal = result.FirstError.Detail;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadAsync(ct);
            return Page();
        }
        outbox.Notify();
        return RedirectToPage("/Callbacks", new { status = Status, redelivered = id });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var visible = db.OutboxMessages.AsNoTracking();
        if (User.AccountScope() is { } account) visible = visible.Where(m => m.AccountId == account);
        Counts = await visible.GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var query = visible;
        if (Shown != "all") query = query.Where(m => m.Status == Shown);
        // The tab's total is its count above: one pass over the outbox's status index, not two.
        Total = Shown == "all" ? Counts.Values.Sum() : Counts.GetValueOrDefault(Shown);
        // Newest first. The operator's list orders by id: outbox ids are version-7 GUIDs of the instant the message was
        // queued (Outbox.cs), so their order is the creation order, and the page's ids come from the status index alone
        // (ix_outbox_due holds id) without reading the rows it skips. An account's list walks its own index
        // (ix_outbox_account: account_id, created_at) in order. Only the page's rows are then read, without their payloads
        // (a webhook body can be kilobytes, fifty a page, and the list does not show it).
        var ordered = User.AccountScope() is null
            ? query.OrderByDescending(m => m.Id)
            : query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id);
        var ids = await ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize).Select(m => m.Id).ToListAsync(ct);
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => ids.Contains(m.Id))
            .Select(m => new OutboxMessage
            {
                Id = m.Id, AccountId = m.AccountId, Channel = m.Channel, EventType = m.EventType, Destination = m.Destination, Payload = "",
                Status = m.Status, Attempts = m.Attempts, LastError = m.LastError, LastStatusCode = m.LastStatusCode, CreatedAt = m.CreatedAt,
            })
            .ToDictionaryAsync(m => m.Id, ct);
        Messages = [.. ids.Where(rows.ContainsKey).Select(id => rows[id])];
    }
}
