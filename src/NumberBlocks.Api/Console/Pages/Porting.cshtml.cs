using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>What the carrier reported on an order in exception (Telnyx PortingOrdersExceptionType: a code and what is needed).</summary>
public sealed record PortingException(string Code, string? Description);

public sealed record PortingRow(PortingOrder Order, string AccountName)
{
    public IReadOnlyList<PortingException> Exceptions { get; } = PortingPipeline.ExceptionsOf(Order.StatusDetailsJson);
}

/// <summary>
/// The porting pipeline: orders per status (a chart and the counts), the orders of one status, those in exception with
/// what the carrier says they need, and the FOC calendar (orders whose firm order commitment date is still ahead).
/// An account's session sees its own orders only.
/// </summary>
public sealed class PortingModel(NumberBlocksDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;
    public const int CalendarSize = 50;

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<(PortingOrderStatus Status, long Count)> Counts { get; private set; } = [];
    public PortingOrderStatus Shown => PortingOrderStatuses.TryParseWire(Status, out var s) ? s : PortingOrderStatus.Exception;
    public IReadOnlyList<PortingRow> Orders { get; private set; } = [];
    public long Total { get; private set; }
    public IReadOnlyList<PortingRow> Calendar { get; private set; } = [];
    public string ChartJson { get; private set; } = "{}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        var visible = db.PortingOrders.AsNoTracking();
        if (User.AccountScope() is { } account) visible = visible.Where(o => o.AccountId == account);
        var counts = await visible.GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        Counts = [.. Enum.GetValues<PortingOrderStatus>().Select(s => (s, counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0))];
        ChartJson = JsonSerializer.Serialize(new { labels = Counts.Select(c => c.Status.ToWire()), counts = Counts.Select(c => c.Count) });

        var shown = Shown;
        var query = visible.Where(o => o.Status == shown);
        Total = Counts.First(c => c.Status == shown).Count;
        var orders = await query.OrderBy(o => o.UpdatedAt).ThenBy(o => o.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);

        // The FOC calendar: live orders whose confirmed (else requested) FOC is still ahead, soonest first.
        var now = clock.GetUtcNow();
        var calendar = (await visible
                .Where(o => o.Status != PortingOrderStatus.Ported && o.Status != PortingOrderStatus.Cancelled && o.Status != PortingOrderStatus.Draft
                    && (o.FocDatetimeActual != null || o.FocDatetimeRequested != null))
                .ToListAsync(ct))
            .Where(o => (o.FocDatetimeActual ?? o.FocDatetimeRequested) >= now)
            .OrderBy(o => o.FocDatetimeActual ?? o.FocDatetimeRequested).Take(CalendarSize).ToList();

        var accountIds = orders.Concat(calendar).Select(o => o.AccountId).Distinct().ToList();
        var names = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        Orders = [.. orders.Select(o => new PortingRow(o, names.GetValueOrDefault(o.AccountId, "?")))];
        Calendar = [.. calendar.Select(o => new PortingRow(o, names.GetValueOrDefault(o.AccountId, "?")))];
    }
}

public static class PortingPipeline
{
    public static IReadOnlyList<PortingException> ExceptionsOf(string statusDetailsJson)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(statusDetailsJson) ? "[]" : statusDetailsJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) return [];
        return [.. doc.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => new PortingException(
            e.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "?",
            e.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null))];
    }
}
