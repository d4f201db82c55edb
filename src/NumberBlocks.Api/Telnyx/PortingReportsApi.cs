using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Auth;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Telnyx PortingReport.report_type.</summary>
public enum TelnyxPortingReportType
{
    [JsonStringEnumMemberName(PortingReportOperations.ExportPortingOrdersCsv)] ExportPortingOrdersCsv,
}

/// <summary>Telnyx PortingReport.status.</summary>
public enum TelnyxPortingReportStatus
{
    [JsonStringEnumMemberName(PortingReportOperations.Pending)] Pending,
    [JsonStringEnumMemberName(PortingReportOperations.Completed)] Completed,
}

/// <summary>Telnyx ReportCreateParams.</summary>
public sealed record CreatePortingReportRequest(
    [property: Required] ExportPortingOrdersCsvReportInput? Params,
    [property: Required] TelnyxPortingReportType? ReportType);

/// <summary>Telnyx ExportPortingOrdersCsvReport.</summary>
public sealed record ExportPortingOrdersCsvReportInput([property: Required] PortingReportFiltersInput? Filters);

/// <summary>Telnyx ExportPortingOrdersCsvReport.Filters: the orders the report holds.</summary>
public sealed record PortingReportFiltersInput(
    [property: JsonPropertyName("created_at__gt")] DateTimeOffset? CreatedAtGt,
    [property: JsonPropertyName("created_at__lt")] DateTimeOffset? CreatedAtLt,
    [property: JsonPropertyName("customer_reference__in")] IReadOnlyList<string>? CustomerReferenceIn,
    [property: JsonPropertyName("status__in")] IReadOnlyList<TelnyxPortingOrderStatus>? StatusIn);

/// <summary>The params a report was made with, as Telnyx's ExportPortingOrdersCsvReport.</summary>
public sealed record ExportPortingOrdersCsvReportRecord(PortingReportFiltersRecord Filters);

public sealed record PortingReportFiltersRecord(
    [property: JsonPropertyName("created_at__gt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CreatedAtGt,
    [property: JsonPropertyName("created_at__lt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? CreatedAtLt,
    [property: JsonPropertyName("customer_reference__in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? CustomerReferenceIn,
    [property: JsonPropertyName("status__in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<TelnyxPortingOrderStatus>? StatusIn);

/// <summary>Telnyx PortingReport.</summary>
public sealed record PortingReportRecord(
    Guid Id,
    string RecordType,
    TelnyxPortingReportType ReportType,
    TelnyxPortingReportStatus Status,
    ExportPortingOrdersCsvReportRecord Params,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? DocumentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Telnyx PortingListUkCarriersResponse.Data.</summary>
public sealed record UkCarrierRecord(
    Guid Id,
    string RecordType,
    string Name,
    string Cupid,
    IReadOnlyList<string> AlternativeCupids,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Telnyx /v2/porting/reports (CSV exports of porting orders, made by a worker) and /v2/porting/uk_carriers.</summary>
public static class PortingReportsApi
{
    public static readonly TelnyxFilterSpec Filters = new(
        FilterField.Enum("report_type", "Filter by report type.", TelnyxWire.Names<TelnyxPortingReportType>()),
        FilterField.Enum("status", "Filter by report status.", TelnyxWire.Names<TelnyxPortingReportStatus>()));

    public static RouteGroupBuilder MapPortingReports(this RouteGroupBuilder v2)
    {
        var reports = v2.MapGroup("/porting/reports").WithTags("Telnyx: porting reports");
        reports.MapGet("", List).WithName("ListPortingReports")
            .WithSummary("List porting related reports")
            .WithDescription("The account's porting reports, newest first; filter[report_type], filter[status].")
            .WithTelnyxQuery(new TelnyxQueryDoc(Filters, Paged: true));
        reports.MapPost("", Create).WithName("CreatePortingReport")
            .WithSummary("Create a porting related report")
            .WithDescription("Asks for a CSV export of the account's porting orders (report_type export_porting_orders_csv), narrowed by " +
                "params.filters: created_at__gt, created_at__lt, customer_reference__in, status__in. The report is pending until the report " +
                "worker has written it (within seconds), then completed with a document_id. Columns: " + string.Join(",", PortingReportOperations.Columns) + ".")
            .WithRequestExample(new CreatePortingReportRequest(new ExportPortingOrdersCsvReportInput(new PortingReportFiltersInput(
                new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), null, ["Acct 123abc"], [TelnyxPortingOrderStatus.Ported])),
                TelnyxPortingReportType.ExportPortingOrdersCsv));
        reports.MapGet("/{id}", Get).WithName("GetPortingReport")
            .WithSummary("Retrieve a report")
            .WithDescription("One report. With 'Accept: text/csv' a completed report answers its CSV (RFC 4180, CRLF); a pending one is 422.")
            .WithTelnyxQuery(new TelnyxQueryDoc(Csv: "The report's CSV, one line per porting order: " + string.Join(",", PortingReportOperations.Columns)));

        v2.MapGet("/porting/uk_carriers", UkCarriersList).WithTags("Telnyx: porting").WithName("ListPortingUKCarriers")
            .WithSummary("List available carriers in the UK")
            .WithDescription("The UK carriers a UK order may name as losing carrier, with their CUPID codes: a static table shipped with the build " +
                "(NumberBlocks.Domain/Porting/UkCarriers.cs, docs/porting-family.md), not a live copy of Ofcom's register.");
        return v2;
    }

    public static async Task<Results<Ok<TelnyxList<PortingReportRecord>>, TelnyxProblem>> List(HttpContext http, [FromStandby] NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var f = Filters.Read(q);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var accountId = http.AccountId();
        var rows = db.PortingReports.AsNoTracking().Where(r => r.AccountId == accountId);
        rows = rows.WhereIn(r => r.ReportType, f.Values("report_type"));
        rows = rows.WhereIn(r => r.Status, f.Values("status"));
        var total = await rows.LongCountAsync(ct);
        // The CSV stays in the database: a list reads the report's columns only.
        var page = await rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip(paging.Skip).Take(paging.Size)
            .Select(r => new PortingReport
            {
                Id = r.Id, AccountId = r.AccountId, ReportType = r.ReportType, Status = r.Status, ParamsJson = r.ParamsJson, DocumentId = r.DocumentId,
                CreatedAt = r.CreatedAt, UpdatedAt = r.UpdatedAt,
            }).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<PortingReportRecord>(page.Select(View).ToList(), paging.Meta(total)));
    }

    public static async Task<Results<Created<TelnyxData<PortingReportRecord>>, TelnyxProblem>> Create(JsonBody<CreatePortingReportRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var request = body.Result.Value;
        var errors = new List<DomainError>();
        if (request.ReportType is null) errors.Add(DomainError.Required("/report_type"));
        if (request.Params is null) errors.Add(DomainError.Required("/params"));
        else if (request.Params.Filters is null) errors.Add(DomainError.Required("/params/filters"));
        var filters = request.Params?.Filters;
        if (filters is { CreatedAtGt: { } gt, CreatedAtLt: { } lt } && gt >= lt)
            errors.Add(new DomainError(ErrorCodes.InvalidValue, "created_at__gt must be before created_at__lt.", "/params/filters/created_at__lt"));
        for (var i = 0; filters?.CustomerReferenceIn is { } refs && i < refs.Count; i++)
            if (FreeText.Check(refs[i], $"/params/filters/customer_reference__in/{i}") is { } bad) errors.Add(bad);
        if (errors.Count > 0) return new TelnyxProblem(errors);

        var stored = new JsonObject
        {
            ["filters"] = new JsonObject
            {
                ["created_at__gt"] = Rfc3339.Format(filters!.CreatedAtGt),
                ["created_at__lt"] = Rfc3339.Format(filters.CreatedAtLt),
                ["customer_reference__in"] = filters.CustomerReferenceIn is { } r ? new JsonArray(r.Select(x => (JsonNode?)x).ToArray()) : null,
                ["status__in"] = filters.StatusIn is { } s ? new JsonArray(s.Select(x => (JsonNode?)TelnyxWire.Name(x)).ToArray()) : null,
            },
        };
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var report = await db.RunAsync(_ => Task.FromResult(Result<PortingReport>.Ok(PortingReportOperations.Create(db, accountId, stored.ToJsonString(), now))), ct);
        if (report.IsFailure) return new TelnyxProblem(report.Errors);
        return TypedResults.Created($"/v2/porting/reports/{report.Value.Id}", new TelnyxData<PortingReportRecord>(View(report.Value)));
    }

    public static async Task<Results<Ok<TelnyxData<PortingReportRecord>>, ContentHttpResult, TelnyxProblem>> Get(string id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        var accountId = http.AccountId();
        var report = Guid.TryParseExact(id, "D", out var reportId)
            ? await db.PortingReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId && r.AccountId == accountId, ct)
            : null;
        if (report is null) return (TelnyxProblem)DomainError.NotFound("Porting report");
        if (!TelnyxCsv.IsWanted(http.Request)) return TypedResults.Ok(new TelnyxData<PortingReportRecord>(View(report)));
        if (report.CsvContent is null)
            return (TelnyxProblem)new DomainError(ErrorCodes.InvalidValue, "The report is still pending; its CSV is ready when status is completed.", "/status");
        return TypedResults.Text(report.CsvContent, TelnyxCsv.MediaType, System.Text.Encoding.UTF8);
    }

    public static Results<Ok<TelnyxData<IReadOnlyList<UkCarrierRecord>>>, TelnyxProblem> UkCarriersList(HttpContext http)
    {
        if (new QueryReader(http.Request.Query).Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);
        IReadOnlyList<UkCarrierRecord> data = UkCarriers.All
            .Select(c => new UkCarrierRecord(c.Id, "porting_uk_carrier", c.Name, c.Cupid, c.AlternativeCupids, UkCarriers.TableDate, UkCarriers.TableDate)).ToList();
        return TypedResults.Ok(new TelnyxData<IReadOnlyList<UkCarrierRecord>>(data));
    }

    private static PortingReportRecord View(PortingReport r)
    {
        var f = PortingReportOperations.ReadFilters(r.ParamsJson);
        var filters = new PortingReportFiltersRecord(f.CreatedAtGt, f.CreatedAtLt, f.CustomerReferenceIn,
            f.StatusIn?.Select(s => s.ToTelnyx()).ToList());
        TelnyxWire.TryParse<TelnyxPortingReportType>(r.ReportType, out var type);
        TelnyxWire.TryParse<TelnyxPortingReportStatus>(r.Status, out var status);
        return new PortingReportRecord(r.Id, "porting_report", type, status, new ExportPortingOrdersCsvReportRecord(filters), r.DocumentId, r.CreatedAt, r.UpdatedAt);
    }
}
