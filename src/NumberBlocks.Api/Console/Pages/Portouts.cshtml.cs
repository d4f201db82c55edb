using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Data;
using NumberBlocks.Data.Portouts;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Console.Pages;

public sealed record PortoutRow(Portout Portout, string AccountName)
{
    public IReadOnlyList<string> PhoneNumbers { get; } = JsonSerializer.Deserialize<List<string>>(Portout.PhoneNumbersJson) ?? [];
}

/// <summary>
/// Port-outs: another carrier's requests to take an account's numbers, those awaiting the account's decision first (oldest
/// FOC date first). The decision is the account's (Telnyx PATCH /v2/portouts/{id}/authorized or /rejected-pending), so
/// an account's session authorizes or rejects its own port-outs here, through the same data operation and transition
/// table as the API; the operator's session sees every account's port-outs without deciding for them. Another account's
/// port-out is 404 to an account's session.
/// </summary>
public sealed class PortoutsModel(NumberBlocksDbContext db, TimeProvider clock, OutboxSignal outbox) : PageModel
{
    public const int PageSize = 50;

    public static readonly (PortoutStatus Status, string Label)[] Tabs =
    [
        (PortoutStatus.Pending, "Awaiting decision"), (PortoutStatus.Authorized, "Authorized"), (PortoutStatus.RejectedPending, "Rejected by the account"),
        (PortoutStatus.Ported, "Ported out"), (PortoutStatus.Rejected, "Rejected by a rule"), (PortoutStatus.Canceled, "Canceled"),
    ];

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public string? Reason { get; set; }

    public PortoutStatus Shown => PortoutStatuses.TryParseWire(Status, out var s) ? s : PortoutStatus.Pending;
    public IReadOnlyList<PortoutRow> Rows { get; private set; } = [];
    public IReadOnlyDictionary<PortoutStatus, long> Counts { get; private set; } = new Dictionary<PortoutStatus, long>();
    public long Total { get; private set; }
    public string? Notice { get; private set; }
    public string? Refusal { get; private set; }

    /// <summary>Whether this session decides: only an account, and only on its port-outs awaiting decision.</summary>
    public bool Decides => !User.IsOperator() && Shown == PortoutStatus.Pending;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostAuthorizeAsync(Guid id, CancellationToken ct) => DecideAsync(id, PortoutStatus.Authorized, ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct) => DecideAsync(id, PortoutStatus.RejectedPending, ct);

    private async Task<IActionResult> DecideAsync(Guid id, PortoutStatus target, CancellationToken ct)
    {
        if (User.AccountScope() is not { } account) return Forbid();
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => PortoutOperations.DecideAsync(db, account, id, target, reason, null, now, c), ct);
        if (result.IsFailure)
        {
            if (result.Errors.Any(e => e.Kind == ErrorKind.NotFound)) return NotFound();
            Refusal = string.Join(" ", result.Errors.Select(e => e.Detail));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            outbox.Notify();
            Notice = $"Port-out {id} is {target.ToWire()}.";
            Reason = null;
        }
        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var visible = db.Portouts.AsNoTracking();
        if (User.AccountScope() is { } account) visible = visible.Where(p => p.AccountId == account);
        Counts = await visible.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var shown = Shown;
        var query = visible.Where(p => p.Status == shown);
        Total = Counts.GetValueOrDefault(shown);
        // Awaiting a decision: the soonest FOC date first, since that is when the numbers would leave.
        var ordered = shown is PortoutStatus.Pending or PortoutStatus.Authorized
            ? query.OrderBy(p => p.FocDate).ThenBy(p => p.Id)
            : query.OrderByDescending(p => p.UpdatedAt).ThenByDescending(p => p.Id);
        var rows = await ordered.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var accountIds = rows.Where(r => r.AccountId is not null).Select(r => r.AccountId!.Value).Distinct().ToList();
        var names = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        Rows = [.. rows.Select(r => new PortoutRow(r, r.AccountId is { } id ? names.GetValueOrDefault(id, "?") : "no single account"))];
    }
}
