using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Console.Pages;

public sealed record HistoryPeriod(NumberLedger.HistoryRow Row, string? AccountName);

/// <summary>
/// A number's history: who held it when, from the ledger's history (<see cref="NumberLedger.HistoryAsync"/>: every change
/// to a claim keeps the period it ended), oldest first, optionally only the periods overlapping one day ("who held it on
/// D"). The operator sees every holder; an account's session sees only the periods it held the number itself, and a
/// number it never held reads as unknown to it (404), so no account learns another's holdings.
/// </summary>
public sealed class NumberHistoryModel(NumberBlocksDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "number")]
    public string? Number { get; set; }

    /// <summary>A day (yyyy-MM-dd, UTC): only the periods that overlap it.</summary>
    [BindProperty(SupportsGet = true, Name = "on")]
    public string? On { get; set; }

    public E164Number? Parsed { get; private set; }
    public DateOnly? Day { get; private set; }
    public IReadOnlyList<HistoryPeriod> Periods { get; private set; } = [];
    public string? Refusal { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Number = Number?.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(Number)) return Page();
        if (!Number.StartsWith('+')) Number = "+" + Number;
        var parsed = E164Number.Parse(Number, "/number");
        if (parsed.IsFailure) return Refuse(parsed.FirstError.Detail);
        if (!string.IsNullOrWhiteSpace(On))
        {
            if (!DateOnly.TryParseExact(On.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                return Refuse($"'{On}' is not a day: give it as yyyy-MM-dd.");
            Day = day;
        }
        Parsed = parsed.Value;

        var rows = await NumberLedger.HistoryAsync(db, parsed.Value.Value, null, ct);
        if (User.AccountScope() is { } account)
        {
            rows = [.. rows.Where(r => r.AccountId == account)];
            if (rows.Count == 0) return NotFound();
        }
        if (Day is { } d)
        {
            var from = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var to = from.AddDays(1);
            rows = [.. rows.Where(r => r.From < to && (r.To is null || r.To > from))];
        }
        var accountIds = rows.Where(r => r.AccountId is not null).Select(r => r.AccountId!.Value).Distinct().ToList();
        var names = await db.Accounts.AsNoTracking().Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        Periods = [.. rows.Select(r => new HistoryPeriod(r, r.AccountId is { } id ? names.GetValueOrDefault(id, "?") : null))];
        return Page();
    }

    private PageResult Refuse(string detail)
    {
        Refusal = detail;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>What kind of holding a period was, as the operator reads it.</summary>
    public static string KindLabel(HolderKind kind) => kind switch
    {
        HolderKind.Account => "held by the account",
        HolderKind.PortingOrder => "porting in",
        HolderKind.NumberOrder => "ordered, not yet complete",
        HolderKind.Reservation => "reserved",
        HolderKind.Stock => "the operator's stock",
        HolderKind.CatalogueBlock => "for sale (catalogue block)",
        _ => kind.ToString(),
    };

    /// <summary>Why a period ended (<see cref="LedgerEndReasons"/>).</summary>
    public static string EndLabel(string? reason) => reason switch
    {
        null => "still held",
        LedgerEndReasons.Released => "released",
        LedgerEndReasons.Transferred => "moved to the next holder",
        LedgerEndReasons.PortedOut => "ported out",
        LedgerEndReasons.Quarantined => "quarantined",
        LedgerEndReasons.ReturnedToRangeHolder => "returned to the range holder",
        _ => reason,
    };
}
