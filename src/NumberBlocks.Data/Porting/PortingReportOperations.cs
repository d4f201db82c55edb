using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>Telnyx ExportPortingOrdersCsvReport.filters, as read from the create body.</summary>
public sealed record PortingReportFilters(
    DateTimeOffset? CreatedAtGt,
    DateTimeOffset? CreatedAtLt,
    IReadOnlyList<string>? CustomerReferenceIn,
    IReadOnlyList<PortingOrderStatus>? StatusIn);

/// <summary>
/// Porting reports (Telnyx /v2/porting/reports): an export of the account's porting orders as CSV. Creating one
/// records it pending; the report worker (<see cref="CompleteNextAsync"/>) writes the CSV and completes it, as
/// Telnyx makes reports asynchronously. The CSV is kept with the report and downloaded through its document_id.
/// </summary>
public static class PortingReportOperations
{
    public const string ExportPortingOrdersCsv = "export_porting_orders_csv";
    public const string Pending = "pending";
    public const string Completed = "completed";

    /// <summary>Orders one report holds at most; the filters narrow a larger account.</summary>
    public const int MaxRows = 100_000;

    /// <summary>The CSV's columns: the order's fields in Telnyx's names, nested ones dotted (RFC 4180, CRLF).</summary>
    public static readonly string[] Columns =
    [
        "id", "status", "customer_reference", "customer_group_reference", "support_key", "country_code", "phone_number_type",
        "porting_phone_numbers_count", "activation_settings.foc_datetime_requested", "activation_settings.foc_datetime_actual",
        "end_user.admin.entity_name", "created_at", "updated_at",
    ];

    public static PortingReport Create(NumberBlocksDbContext db, Guid accountId, string paramsJson, DateTimeOffset now)
    {
        var report = new PortingReport
        {
            Id = Guid.CreateVersion7(now), AccountId = accountId, ReportType = ExportPortingOrdersCsv, Status = Pending, ParamsJson = paramsJson,
            CreatedAt = now, UpdatedAt = now,
        };
        db.PortingReports.Add(report);
        return report;
    }

    /// <summary>The oldest pending reports, read outside any transaction.</summary>
    public static Task<List<Guid>> PendingAsync(NumberBlocksDbContext db, int max, CancellationToken ct) =>
        db.PortingReports.AsNoTracking().Where(r => r.Status == Pending).OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(max).ToListAsync(ct);

    /// <summary>Writes one pending report's CSV and completes it; false when it was no longer pending.</summary>
    /// <remarks>
    /// The worker runs in every service process. The report's row is locked first by an UPDATE that changes nothing and
    /// holds only while the report is pending: a second worker waits there, then finds it completed and leaves, so a
    /// report is written once (as PortingCompletionOperations.RemoveExpiredDraftAsync does for drafts).
    /// </remarks>
    public static async Task<Domain.Errors.Result<bool>> CompleteAsync(NumberBlocksDbContext db, Guid reportId, DateTimeOffset now, CancellationToken ct)
    {
        var locked = await db.PortingReports.Where(r => r.Id == reportId && r.Status == Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.UpdatedAt, r => r.UpdatedAt), ct);
        if (locked == 0) return false;
        var report = await db.PortingReports.FirstOrDefaultAsync(r => r.Id == reportId && r.Status == Pending, ct);
        if (report is null) return false;
        var filters = ReadFilters(report.ParamsJson);
        var orders = db.PortingOrders.AsNoTracking().Where(o => o.AccountId == report.AccountId);
        if (filters.CreatedAtGt is { } gt) orders = orders.Where(o => o.CreatedAt > gt);
        if (filters.CreatedAtLt is { } lt) orders = orders.Where(o => o.CreatedAt < lt);
        if (filters.CustomerReferenceIn is { } refs) orders = orders.Where(o => o.CustomerReference != null && refs.Contains(o.CustomerReference));
        if (filters.StatusIn is { } statuses) orders = orders.Where(o => statuses.Contains(o.Status));
        var rows = await orders.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).Take(MaxRows).ToListAsync(ct);

        var csv = new StringBuilder();
        Line(csv, Columns);
        foreach (var o in rows)
            Line(csv,
            [
                o.Id.ToString(), StoredStates.OrderStatus.Name(o.Status), o.CustomerReference, o.CustomerGroupReference, o.SupportKey, o.CountryCode,
                Domain.Numbering.PhoneNumberTypes.TelnyxNameOf(o.PhoneNumberType), o.PhoneNumberCount.ToString(CultureInfo.InvariantCulture),
                Rfc3339.Format(o.FocDatetimeRequested), Rfc3339.Format(o.FocDatetimeActual), o.AdminEntityName, Rfc3339.Format(o.CreatedAt),
                Rfc3339.Format(o.UpdatedAt),
            ]);
        report.CsvContent = csv.ToString();
        report.DocumentId = Guid.CreateVersion7(now);
        report.Status = Completed;
        report.UpdatedAt = now;
        return true;
    }

    /// <summary>The CSV of the account's completed report whose document is <paramref name="documentId"/>, with its download name; null when there is none.</summary>
    public static async Task<(string Csv, string Filename)?> ReadCsvAsync(NumberBlocksDbContext db, Guid accountId, Guid documentId, CancellationToken ct)
    {
        var row = await db.PortingReports.AsNoTracking().Where(r => r.DocumentId == documentId && r.AccountId == accountId && r.CsvContent != null)
            .Select(r => new { r.Id, r.CsvContent }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.CsvContent!, $"porting-orders-{row.Id}.csv");
    }

    /// <summary>The stored params' filters (written by the Telnyx surface from a checked body, so they parse).</summary>
    public static PortingReportFilters ReadFilters(string paramsJson)
    {
        using var doc = JsonDocument.Parse(paramsJson);
        if (!doc.RootElement.TryGetProperty("filters", out var f) || f.ValueKind != JsonValueKind.Object) return new(null, null, null, null);
        DateTimeOffset? Instant(string name) => f.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(v.GetString()!, CultureInfo.InvariantCulture) : null;
        List<string>? Strings(string name) => f.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.GetString()!).ToList() : null;
        return new(Instant("created_at__gt"), Instant("created_at__lt"), Strings("customer_reference__in"),
            Strings("status__in")?.Select(StoredStates.OrderStatus.Parse).ToList());
    }

    private static void Line(StringBuilder text, IReadOnlyList<string?> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) text.Append(',');
            var cell = cells[i] ?? "";
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0) text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            else text.Append(cell);
        }
        text.Append("\r\n");
    }
}
