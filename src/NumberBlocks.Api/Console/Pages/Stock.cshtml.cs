using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data;
using NumberBlocks.Domain.Ordering;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>Numbers of one country, number type and area code: in stock, held by accounts, and reserved (held numbers of a live reservation).</summary>
public sealed record HoldingRow(string CountryCode, string NumberType, string? AreaCode, long StockRanges, long Stock, long Held, long Reserved)
{
    public long Total => Stock + Held + Reserved;
    public string Label => $"{CountryCode} {NumberType} {AreaCode ?? "–"}";
}

/// <summary>
/// Stock and holdings by country, type and area code. Stock is the operator's stock rows; held and reserved are what the
/// one allocation operation took out of stock (its log, stock_allocations), reserved being the numbers a Telnyx
/// reservation still holds. NumberBlocks has no quarantine (numbers given up go straight back to stock), so there is no
/// such column. Stock is ranges, so each figure is a sum over a few thousand rows.
/// </summary>
public sealed class StockModel(NumberBlocksDbContext db) : PageModel
{
    /// <summary>Bars on the chart; the table lists every group.</summary>
    public const int ChartGroups = 30;

    [BindProperty(SupportsGet = true, Name = "country")]
    public string? Country { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? NumberType { get; set; }

    [BindProperty(SupportsGet = true, Name = "area")]
    public string? AreaCode { get; set; }

    public IReadOnlyList<HoldingRow> Rows { get; private set; } = [];
    public IReadOnlyList<string> Countries { get; private set; } = [];
    public IReadOnlyList<string> NumberTypes { get; private set; } = [];
    public string ChartJson { get; private set; } = "{}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Country = Blank(Country)?.ToUpperInvariant();
        NumberType = Blank(NumberType);
        AreaCode = Blank(AreaCode);
        Rows = await HoldingsAsync(db, Country, NumberType, AreaCode, ct);
        Countries = await db.StockRanges.Select(r => r.CountryCode).Union(db.StockAllocations.Select(a => a.CountryCode)).Distinct().OrderBy(c => c).ToListAsync(ct);
        NumberTypes = await db.StockRanges.Select(r => r.NumberType).Union(db.StockAllocations.Select(a => a.NumberType)).Distinct().OrderBy(t => t).ToListAsync(ct);
        var charted = Rows.OrderByDescending(r => r.Total).ThenBy(r => r.Label, StringComparer.Ordinal).Take(ChartGroups).ToList();
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = charted.Select(r => r.Label),
            stock = charted.Select(r => r.Stock),
            held = charted.Select(r => r.Held),
            reserved = charted.Select(r => r.Reserved),
        });
    }

    public static async Task<IReadOnlyList<HoldingRow>> HoldingsAsync(NumberBlocksDbContext db, string? country, string? type, string? area, CancellationToken ct)
    {
        var stockRows = db.StockRanges.AsNoTracking();
        var allocations = db.StockAllocations.AsNoTracking();
        if (country is not null) { stockRows = stockRows.Where(r => r.CountryCode == country); allocations = allocations.Where(a => a.CountryCode == country); }
        if (type is not null) { stockRows = stockRows.Where(r => r.NumberType == type); allocations = allocations.Where(a => a.NumberType == type); }
        if (area is not null) { stockRows = stockRows.Where(r => r.AreaCode == area); allocations = allocations.Where(a => a.AreaCode == area); }

        var stock = await stockRows.GroupBy(r => new { r.CountryCode, r.NumberType, r.AreaCode })
            .Select(g => new { g.Key.CountryCode, g.Key.NumberType, g.Key.AreaCode, Ranges = g.LongCount(), Numbers = g.Sum(r => r.RangeEnd - r.RangeStart + 1) })
            .ToListAsync(ct);
        var allocated = await allocations.GroupBy(a => new { a.CountryCode, a.NumberType, a.AreaCode })
            .Select(g => new { g.Key.CountryCode, g.Key.NumberType, g.Key.AreaCode, Numbers = g.Sum(a => a.RangeEnd - a.RangeStart + 1) })
            .ToListAsync(ct);
        var held = ReservedNumberState.Held.ToStored();
        var reserved = await (
                from n in db.ReservedPhoneNumbers.AsNoTracking()
                where n.State == held
                from a in allocations
                where a.RangeStart <= n.PhoneNumber && a.RangeEnd >= n.PhoneNumber
                group a by new { a.CountryCode, a.NumberType, a.AreaCode } into g
                select new { g.Key.CountryCode, g.Key.NumberType, g.Key.AreaCode, Numbers = g.LongCount() })
            .ToListAsync(ct);

        var rows = new Dictionary<(string, string, string?), HoldingRow>();
        HoldingRow Row(string c, string t, string? a) =>
            rows.TryGetValue((c, t, a), out var row) ? row : rows[(c, t, a)] = new HoldingRow(c, t, a, 0, 0, 0, 0);
        foreach (var s in stock) rows[(s.CountryCode, s.NumberType, s.AreaCode)] = Row(s.CountryCode, s.NumberType, s.AreaCode) with { StockRanges = s.Ranges, Stock = s.Numbers };
        foreach (var a in allocated) rows[(a.CountryCode, a.NumberType, a.AreaCode)] = Row(a.CountryCode, a.NumberType, a.AreaCode) with { Held = a.Numbers };
        foreach (var r in reserved)
        {
            var row = Row(r.CountryCode, r.NumberType, r.AreaCode);
            rows[(r.CountryCode, r.NumberType, r.AreaCode)] = row with { Held = row.Held - r.Numbers, Reserved = r.Numbers };
        }
        return [.. rows.Values.OrderBy(r => r.CountryCode, StringComparer.Ordinal).ThenBy(r => r.NumberType, StringComparer.Ordinal)
            .ThenBy(r => r.AreaCode ?? "", StringComparer.Ordinal)];
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
