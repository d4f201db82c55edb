using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Requests;
using NumberBlocks.Data;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Console.Pages;

public sealed record RequestRow(NumberRequest Request, string AccountName);

/// <summary>
/// Number requests by status: the pending queue (oldest first, the order they are served in), the fulfilled and the
/// rejected with their reasons. A pending request can be accepted or rejected with a reason (seed 003: CM.com always
/// gives one), through the same transition table and status reports as the operator API. An account's session sees its
/// own requests only and cannot decide them (the decision is the operator's: 403).
/// </summary>
public sealed class RequestsModel(NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox, FulfilmentSignal fulfilment,
    NumberRequestNotifiers notifiers) : PageModel
{
    public const int PageSize = 50;

    /// <summary>The tabs: each a status, with the name the operator knows it by.</summary>
    public static readonly (NumberRequestStatus Status, string Label)[] Tabs =
    [
        (NumberRequestStatus.Pending, "Pending"), (NumberRequestStatus.Accepted, "Accepted"), (NumberRequestStatus.Completed, "Fulfilled"),
        (NumberRequestStatus.Rejected, "Rejected"), (NumberRequestStatus.Cancelled, "Cancelled"),
    ];

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public string? Reason { get; set; }

    public NumberRequestStatus Shown => NumberRequestStatuses.TryParseWire(Status, out var s) ? s : NumberRequestStatus.Pending;
    public IReadOnlyList<RequestRow> Rows { get; private set; } = [];
    public IReadOnlyDictionary<string, long> Counts { get; private set; } = new Dictionary<string, long>();
    public long Total { get; private set; }
    public string? Notice { get; private set; }
    public string? Refusal { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAcceptAsync(Guid id, CancellationToken ct) => MoveAsync(id, NumberRequestStatus.Accepted, ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct) => MoveAsync(id, NumberRequestStatus.Rejected, ct);

    private async Task<IActionResult> MoveAsync(Guid id, NumberRequestStatus target, CancellationToken ct)
    {
        if (!User.IsOperator()) return Forbid();
        var reason = Reason?.Trim();
        Result<NumberRequest> result;
        if (string.IsNullOrEmpty(reason)) result = DomainError.Required("/reason") with { Detail = "Give a reason: the customer is told it." };
        else
        {
            var now = clock.GetUtcNow();
            result = await db.RunAsync<NumberRequest>(async c =>
            {
                var request = await db.NumberRequests.FirstOrDefaultAsync(r => r.Id == id, c);
                if (request is null) return DomainError.NotFound("Number request");
                return await NumberRequestOperations.MoveAsync(db, request, target, reason, now, notifiers.For(request), c);
            }, ct);
        }
        if (result.IsFailure)
        {
            if (result.Errors.Any(e => e.Kind == ErrorKind.NotFound)) return NotFound();
            Refusal = string.Join(" ", result.Errors.Select(e => e.Detail));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            outbox.Notify();
            if (target == NumberRequestStatus.Accepted) fulfilment.Notify();
            Notice = $"Request {id} is {target.ToWire()}.";
            Reason = null;
        }
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var scope = User.AccountScope();
        var visible = db.NumberRequests.AsNoTracking();
        if (scope is { } account) visible = visible.Where(r => r.AccountId == account);
        Counts = await visible.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var status = Shown.ToWire();
        var query = visible.Where(r => r.Status == status);
        Total = Counts.GetValueOrDefault(status);
        // The queue is served oldest first; finished requests are read newest first.
        var ordered = Shown is NumberRequestStatus.Pending or NumberRequestStatus.Accepted
            ? query.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id)
            : query.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id);
        var rows = await ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var accountIds = rows.Select(r => r.AccountId).Distinct().ToList();
        var names = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        Rows = [.. rows.Select(r => new RequestRow(r, names.GetValueOrDefault(r.AccountId, "?")))];
    }
}
