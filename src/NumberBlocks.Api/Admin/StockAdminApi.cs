using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Requests;
using NumberBlocks.Data;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Admin;

/// <summary>
/// The operator's stock: load one range, import many (streaming CSV or JSON lines), list, audit; and the request
/// restrictions per country and number type.
/// </summary>
public static class StockAdminApi
{
    /// <summary>Ranges per write transaction during an import: memory and lock time stay bounded whatever the file size.</summary>
    public const int ImportBatch = 500;
    public const int MaxReportedErrors = 100;
    /// <summary>Imports may be far larger than the 1 MiB body limit of the rest of the API.</summary>
    public const long MaxImportBytes = 1L << 30;


    public static RouteGroupBuilder MapStockAdmin(this RouteGroupBuilder admin)
    {
        var stock = admin.MapGroup("/stock").WithTags(AdminSurface.StockTag);
        stock.MapPost("", Load).WithName("AdminLoadStock")
            .WithSummary("Load a range into stock")
            .WithDescription("Puts start_at..end_at into stock for number requests to be served from. The country comes from the numbers; " +
                "number_type must agree with the numbering plan; NANPA ranges take city and region from the geocoding data when left out. " +
                "The ledger refuses a range that overlaps any live holder (422 naming /start_at). 201.")
            .WithRequestExample(new LoadStockRequest("+4920123456000", "+4920123456999", "local", "201", "Essen", "NRW"));
        stock.MapPost("/import", Import).WithName("AdminImportStock").WithMetadata(new BodyLimit(MaxImportBytes))
            .WithMetadata(new AdminTextBody(new Dictionary<string, string>
            {
                ["text/csv"] = "start_at,end_at,number_type,area_code,city,region\n+4920123457000,+4920123457999,local,201,Essen,NRW\n",
                ["application/x-ndjson"] = """{"start_at": "+4920123457000", "end_at": "+4920123457999", "number_type": "local", "area_code": "201"}""" + "\n",
            }))
            .WithSummary("Import stock from CSV or JSON lines")
            .WithDescription("Streams ranges from the body, up to 1 GiB: CSV (text/csv; a header naming start_at, end_at, number_type and " +
                "optionally area_code, city, region) or JSON lines (application/x-ndjson; one range object a line). Lines load in " +
                "transactions of 500; a refused line is reported with its line number and field and the rest still load. 200 with the " +
                "report; 422 (a problem with the report in data) when every line was refused.");
        stock.MapGet("", List).WithName("AdminListStock")
            .WithSummary("List stock")
            .WithDescription("The ranges in stock, by number: filter[country_code], filter[number_type], filter[area_code], page[number], page[size].");
        stock.MapGet("/audit", Audit).WithName("AdminStockAudit")
            .WithSummary("Audit stock against the ledger")
            .WithDescription("Counts what was loaded, what is in stock and what is assigned, checks every stock row against its ledger claim " +
                "and that no two live claims overlap: balanced is true when stock + assigned = loaded and nothing is out of place.");

        var restrictions = admin.MapGroup("/request_restrictions").WithTags(AdminSurface.StockTag);
        restrictions.MapGet("", ListRestrictions).WithName("AdminListRequestRestrictions")
            .WithSummary("List request restrictions")
            .WithDescription("What may be requested per country and number type (quantities, whether ranges and which sizes), with the " +
                "defaults that hold for every pair not listed in meta.defaults.");
        restrictions.MapPut("/{countryCode}/{numberType}", PutRestriction).WithName("AdminPutRequestRestriction")
            .WithSummary("Set a request restriction")
            .WithDescription("Sets what number requests of one country (ISO 3166-1 alpha-2) and number type may ask for; a member left out " +
                "takes the default (1 to 1000 numbers; ranges of 10, 100 or 1000).")
            .WithRequestExample(new PutRequestRestrictionRequest(1, 100, true, [10, 100]));
        restrictions.MapDelete("/{countryCode}/{numberType}", DeleteRestriction).WithName("AdminDeleteRequestRestriction")
            .WithSummary("Remove a request restriction")
            .WithDescription("Removes the restriction of one country and number type: the defaults hold for it again. 204.");
        return admin;
    }

    public static async Task<Results<Created<AdminData<StockRangeRecord>>, AdminProblem>> Load(JsonBody<LoadStockRequest> body, NumberBlocksDbContext db,
        TimeProvider clock, FulfilmentSignal fulfilment, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var spec = ReadRange(body.Result.Value);
        if (spec.IsFailure) return new AdminProblem(spec.Errors);
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => StockOperations.LoadAsync(db, spec.Value, now, c), ct);
        if (result.IsFailure) return new AdminProblem(result.Errors);
        fulfilment.Notify();
        return TypedResults.Created((string?)null, new AdminData<StockRangeRecord>(View(result.Value)));
    }

    /// <summary>The members' bounds first (each refusal with its pointer), then the domain's rules of a stock range.</summary>
    private static Result<StockRangeSpec> ReadRange(LoadStockRequest r)
    {
        var fields = new AdminFields();
        var input = new StockRangeInput(
            fields.Text(r.StartAt, "/start_at", 20, required: true),
            fields.Text(r.EndAt, "/end_at", 20, required: true),
            fields.Text(r.NumberType, "/number_type", 50, required: true),
            fields.Text(r.AreaCode, "/area_code", 20),
            fields.Text(r.City, "/city", 200),
            fields.Text(r.Region, "/region", 200));
        return fields.HasErrors ? Result<StockRangeSpec>.Fail(fields.Errors) : StockRangeSpec.Create(input);
    }

    /// <summary>
    /// Streams ranges from the body: CSV (Content-Type text/csv; a header line naming start_at,end_at,number_type and
    /// optionally area_code,city,region) or JSON lines (application/x-ndjson or application/jsonl; one range object a
    /// line). Lines are loaded in transactions of <see cref="ImportBatch"/>; a refused line is reported with its number
    /// and field and the rest still load. Nothing of the file is held beyond one batch.
    /// </summary>
    public static async Task<Results<Ok<AdminData<StockImportReport>>, StockImportRefusal>> Import(HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, FulfilmentSignal fulfilment, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken ct)
    {
        var mediaType = (http.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var csv = StockRangeFile.CsvMediaTypes.Contains(mediaType);
        if (!csv && !StockRangeFile.JsonLinesMediaTypes.Contains(mediaType))
            return StockImportRefusal.Of(new DomainError(ErrorCodes.InvalidValue,
                "Send the import as text/csv (header start_at,end_at,number_type,area_code,city,region) or application/x-ndjson (one JSON object a line).", null, ErrorKind.Malformed)
                { Parameter = "Content-Type" });

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        var report = new ImportReport();
        var batch = new List<(long Line, Result<StockRangeSpec> Spec)>(ImportBatch);
        try
        {
            await foreach (var (line, spec) in StockRangeFile.ReadAsync(reader, csv, ct, line => ParseJsonLine(line, json.Value.SerializerOptions)))
            {
                report.Lines++;
                batch.Add((line, spec));
                if (batch.Count >= ImportBatch)
                {
                    await LoadBatchAsync(db, batch, clock, report, ct);
                    batch.Clear();
                }
            }
        }
        catch (StockFileHeaderMissing missing)
        {
            return StockImportRefusal.Of(missing.Error);
        }
        catch (CsvUnreadable unreadable)
        {
            // What was read before the broken record still loads; the report names the line where reading stopped.
            report.Stopped(unreadable.Line, new DomainError(ErrorCodes.InvalidValue, unreadable.Message + "; nothing after it was read.", ""));
        }
        if (batch.Count > 0) await LoadBatchAsync(db, batch, clock, report, ct);
        if (report.LoadedRanges > 0) fulfilment.Notify();
        if (report.Lines == 0 && report.RefusedLines == 0)
            return StockImportRefusal.Of(new DomainError(ErrorCodes.Required, "The import holds no ranges.", ""));
        var answer = new StockImportReport(report.Lines, report.LoadedRanges, report.LoadedNumbers, report.RefusedLines, report.Errors);
        return report.LoadedRanges > 0 || report.RefusedLines == 0
            ? TypedResults.Ok(new AdminData<StockImportReport>(answer))
            : StockImportRefusal.EveryLine(answer);
    }

    private sealed class ImportReport
    {
        public long Lines, LoadedRanges, LoadedNumbers, RefusedLines;
        public List<StockImportLineError> Errors { get; } = [];

        /// <summary>Reading stopped at <paramref name="line"/>: reported like a refused line, so the operator sees where.</summary>
        public void Stopped(long line, DomainError e) => Refuse(line, e);

        public void Refuse(long line, DomainError e)
        {
            RefusedLines++;
            if (Errors.Count < MaxReportedErrors)
                Errors.Add(new StockImportLineError(line, e.Pointer is { Length: > 0 } pointer ? pointer.TrimStart('/') : null, e.Code, e.Detail));
        }
    }

    private static async Task LoadBatchAsync(NumberBlocksDbContext db, List<(long Line, Result<StockRangeSpec> Spec)> batch, TimeProvider clock, ImportReport report, CancellationToken ct)
    {
        var outcome = await StockOperations.LoadLinesAsync(db, batch, clock.GetUtcNow(), ct);
        report.LoadedRanges += outcome.Loaded.Count;
        report.LoadedNumbers += outcome.Loaded.Sum(l => l.Count);
        foreach (var (line, error) in outcome.Refused) report.Refuse(line, error);
    }

    /// <summary>One JSON line read into the same record as POST /stock's body, refused with the member's pointer.</summary>
    private static Result<StockRangeSpec> ParseJsonLine(string line, JsonSerializerOptions options)
    {
        try
        {
            using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 4 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                return new DomainError(ErrorCodes.InvalidType, "The line must be a JSON object.", "");
        }
        catch (JsonException)
        {
            return new DomainError(ErrorCodes.MalformedJson, "The line is not a JSON object.", "");
        }
        LoadStockRequest? range;
        try
        {
            range = JsonSerializer.Deserialize<LoadStockRequest>(line, options);
        }
        catch (JsonException ex)
        {
            return BodyErrors.FromJsonException(ex, typeof(LoadStockRequest), options);
        }
        return ReadRange(range!);
    }

    public static async Task<Results<Ok<AdminList<StockRangeRecord>>, AdminProblem>> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = AdminQuery.Page(q);
        var countries = AdminQuery.Filter(q, "country_code");
        var types = AdminQuery.Filter(q, "number_type");
        var areas = AdminQuery.Filter(q, "area_code");
        if (AdminQuery.Refusals(q) is { } refused) return refused;
        var stock = db.StockRanges.AsNoTracking();
        if (countries is not null) stock = stock.Where(r => countries.Contains(r.CountryCode));
        if (types is not null) stock = stock.Where(r => types.Contains(r.NumberType));
        if (areas is not null) stock = stock.Where(r => r.AreaCode != null && areas.Contains(r.AreaCode));
        var total = await stock.LongCountAsync(ct);
        var rows = await stock.OrderBy(r => r.RangeStart).Skip(page.Skip).Take(page.Size).ToListAsync(ct);
        return TypedResults.Ok(new AdminList<StockRangeRecord>(rows.Select(View).ToList(), AdminPageMeta.Of(page, total)));
    }

    public static async Task<Results<Ok<AdminData<StockAuditRecord>>, AdminProblem>> Audit(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (AdminQuery.Refusals(new QueryReader(http.Request.Query)) is { } refused) return refused;
        var a = await StockOperations.AuditAsync(db, ct);
        return TypedResults.Ok(new AdminData<StockAuditRecord>(new StockAuditRecord(a.Loaded, a.InStock, a.Assigned, a.LedgerStock,
            a.StockRowsWithoutClaim, a.OverlappingClaims, a.Balanced)));
    }

    public static async Task<Results<Ok<RequestRestrictionList>, AdminProblem>> ListRestrictions(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        if (AdminQuery.Refusals(new QueryReader(http.Request.Query)) is { } refused) return refused;
        var rows = await db.RequestRestrictions.AsNoTracking().OrderBy(r => r.CountryCode).ThenBy(r => r.NumberType).ToListAsync(ct);
        return TypedResults.Ok(new RequestRestrictionList(
            rows.Select(r => RestrictionView(r.CountryCode, r.NumberType, StockOperations.ToDomain(r))).ToList(),
            new RequestRestrictionDefaults(RestrictionView("*", "*", RequestRestrictions.Default))));
    }

    public static async Task<Results<Ok<AdminData<RequestRestrictionRecord>>, AdminProblem>> PutRestriction(string countryCode, string numberType,
        JsonBody<PutRequestRestrictionRequest> body, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var country = countryCode.ToUpperInvariant();
        if (!NumberRequestSpec.IsCountryCode(country))
            return (AdminProblem)DomainError.InvalidParameter("countryCode", "countryCode must be an ISO 3166-1 alpha-2 code such as DE.");
        if (!PhoneNumberTypes.TryParseWire(numberType, out _))
            return (AdminProblem)DomainError.InvalidParameter("numberType", $"numberType must be one of: {string.Join(", ", PhoneNumberTypes.WireNames)}.");
        if (body.Result.IsFailure) return new AdminProblem(body.Result.Errors);
        var b = body.Result.Value;
        var d = RequestRestrictions.Default;
        var supported = b.RangesSupported ?? d.RangesSupported;
        var sizes = b.RangeSizes?.ToList() ?? (supported ? [.. d.RangeSizes] : []);
        if (sizes.Count > 20) return (AdminProblem)new DomainError(ErrorCodes.InvalidValue, "'range_sizes' holds more than 20 items.", "/range_sizes");
        var restrictions = new RequestRestrictions(Clamp(b.MinQuantity ?? d.MinQuantity), Clamp(b.MaxQuantity ?? d.MaxQuantity), supported, sizes);
        if (restrictions.Problem() is { } problem)
            return (AdminProblem)new DomainError(ErrorCodes.InvalidValue, problem.Detail, "/" + problem.Field);

        var now = clock.GetUtcNow();
        await db.RunAsync<RequestRestriction>(async c =>
        {
            var row = await db.RequestRestrictions.FirstOrDefaultAsync(r => r.CountryCode == country && r.NumberType == numberType, c);
            if (row is null) db.RequestRestrictions.Add(row = new RequestRestriction { CountryCode = country, NumberType = numberType, RangeSizesJson = "[]" });
            row.MinQuantity = restrictions.MinQuantity;
            row.MaxQuantity = restrictions.MaxQuantity;
            row.RangesSupported = restrictions.RangesSupported;
            row.RangeSizesJson = JsonSerializer.Serialize(restrictions.RangeSizes);
            row.UpdatedAt = now;
            return row;
        }, ct);
        return TypedResults.Ok(new AdminData<RequestRestrictionRecord>(RestrictionView(country, numberType, restrictions)));
    }

    /// <summary>A quantity as the restrictions hold it; out of int's range it stays out of every allowed range, so Problem() names it.</summary>
    private static int Clamp(long value) => (int)Math.Clamp(value, -1, int.MaxValue);

    public static async Task<Results<NoContent, AdminProblem>> DeleteRestriction(string countryCode, string numberType, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var country = countryCode.ToUpperInvariant();
        var result = await db.RunAsync<RequestRestriction>(async c =>
        {
            var row = await db.RequestRestrictions.FirstOrDefaultAsync(r => r.CountryCode == country && r.NumberType == numberType, c);
            if (row is null) return DomainError.NotFound("Request restriction");
            db.RequestRestrictions.Remove(row);
            return row;
        }, ct);
        return result.IsFailure ? new AdminProblem(result.Errors) : TypedResults.NoContent();
    }

    private static RequestRestrictionRecord RestrictionView(string country, string type, RequestRestrictions r) =>
        new(country, type, r.MinQuantity, r.MaxQuantity, r.RangesSupported, r.RangeSizes);

    public static StockRangeRecord View(StockRange r) => new(
        r.Id,
        E164Number.FromValue(r.RangeStart).ToString(),
        E164Number.FromValue(r.RangeEnd).ToString(),
        r.RangeEnd - r.RangeStart + 1,
        r.CountryCode,
        r.NumberType,
        r.AreaCode,
        r.City,
        r.Region,
        r.CreatedAt);
}
