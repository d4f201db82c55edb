using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Http;
using NumberBlocks.Api.Requests;
using NumberBlocks.Api.Telnyx;
using NumberBlocks.Data;
using NumberBlocks.Data.Requests;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Numbering;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Admin;

/// <summary>
/// The operator's stock (issue 4): load one range, import many (streaming CSV or JSON lines), list, audit; and the
/// request restrictions per country and number type. Errors in the operator API's {"errors": [...]} shape.
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
        var stock = admin.MapGroup("/stock").WithTags("Operator: stock");
        stock.MapPost("", Load).WithName("AdminLoadStock");
        stock.MapPost("/import", Import).WithName("AdminImportStock").WithMetadata(new BodyLimit(MaxImportBytes));
        stock.MapGet("", List).WithName("AdminListStock");
        stock.MapGet("/audit", Audit).WithName("AdminStockAudit");

        var restrictions = admin.MapGroup("/request_restrictions").WithTags("Operator: stock");
        restrictions.MapGet("", ListRestrictions).WithName("AdminListRequestRestrictions");
        restrictions.MapPut("/{countryCode}/{numberType}", PutRestriction).WithName("AdminPutRequestRestriction");
        restrictions.MapDelete("/{countryCode}/{numberType}", DeleteRestriction).WithName("AdminDeleteRequestRestriction");
        return admin;
    }

    /// <summary>Body: {"start_at", "end_at", "number_type", "area_code", "city", "region"}; the country comes from the numbers.</summary>
    public static async Task<IResult> Load(HttpContext http, NumberBlocksDbContext db, TimeProvider clock, FulfilmentSignal fulfilment, CancellationToken ct)
    {
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return AdminErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return AdminErrors.ToResult(input.Errors);
        var spec = ReadRange(input, body.Value);
        if (input.HasErrors) return AdminErrors.ToResult(input.Errors);
        if (spec.IsFailure) return AdminErrors.ToResult(spec.Errors);
        var now = clock.GetUtcNow();
        var result = await db.RunAsync(c => StockOperations.LoadAsync(db, spec.Value, now, c), ct);
        if (result.IsFailure) return AdminErrors.ToResult(result.Errors);
        fulfilment.Notify();
        return Results.Json(new { data = View(result.Value) }, TelnyxJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static Result<StockRangeSpec> ReadRange(JsonInput input, JsonElement o) =>
        StockRangeSpec.Create(new StockRangeInput(
            input.String(o, "start_at", "/start_at", required: true, maxLength: 20),
            input.String(o, "end_at", "/end_at", required: true, maxLength: 20),
            input.String(o, "number_type", "/number_type", required: true, maxLength: 50),
            input.String(o, "area_code", "/area_code", maxLength: 20),
            input.String(o, "city", "/city", maxLength: 200),
            input.String(o, "region", "/region", maxLength: 200)));

    /// <summary>
    /// Streams ranges from the body: CSV (Content-Type text/csv; a header line naming start_at,end_at,number_type and
    /// optionally area_code,city,region) or JSON lines (application/x-ndjson or application/jsonl; one range object a
    /// line). Lines are loaded in transactions of <see cref="ImportBatch"/>; a refused line is reported with its number
    /// and field and the rest still load. Nothing of the file is held beyond one batch.
    /// </summary>
    public static async Task<IResult> Import(HttpContext http, NumberBlocksDbContext db, TimeProvider clock, FulfilmentSignal fulfilment, CancellationToken ct)
    {
        var mediaType = (http.Request.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var csv = mediaType is "text/csv" or "application/csv";
        if (!csv && mediaType is not ("application/x-ndjson" or "application/jsonl" or "application/json-lines" or "application/x-jsonlines"))
            return AdminErrors.ToResult(new DomainError(ErrorCodes.InvalidValue,
                "Send the import as text/csv (header start_at,end_at,number_type,area_code,city,region) or application/x-ndjson (one JSON object a line).", null, ErrorKind.Malformed)
                { Parameter = "Content-Type" });

        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        var report = new ImportReport();
        var batch = new List<(long Line, Result<StockRangeSpec> Spec)>(ImportBatch);
        try
        {
            await foreach (var (line, spec) in csv ? CsvRangesAsync(reader, ct) : JsonLineRangesAsync(reader, ct))
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
        catch (CsvHeaderMissing missing)
        {
            return AdminErrors.ToResult(missing.Error);
        }
        catch (CsvUnreadable unreadable)
        {
            // What was read before the broken record still loads; the report names the line where reading stopped.
            report.Stopped(unreadable.Line, new DomainError(ErrorCodes.InvalidValue, unreadable.Message + "; nothing after it was read.", ""));
        }
        if (batch.Count > 0) await LoadBatchAsync(db, batch, clock, report, ct);
        if (report.LoadedRanges > 0) fulfilment.Notify();
        if (report.Lines == 0 && report.RefusedLines == 0)
            return AdminErrors.ToResult(new DomainError(ErrorCodes.Required, "The import holds no ranges.", ""));
        return Results.Json(new
        {
            data = new
            {
                lines = report.Lines,
                loaded_ranges = report.LoadedRanges,
                loaded_numbers = report.LoadedNumbers,
                refused_lines = report.RefusedLines,
                errors = report.Errors,
            },
        }, TelnyxJson.Options, statusCode: report.LoadedRanges > 0 || report.RefusedLines == 0 ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    /// <summary>The first CSV record is the header naming the columns; every later record is a range.</summary>
    private static async IAsyncEnumerable<(long Line, Result<StockRangeSpec> Spec)> CsvRangesAsync(TextReader reader,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string[]? header = null;
        await foreach (var record in CsvRecords.ReadAsync(reader, ct))
        {
            if (header is null)
            {
                header = record.Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
                if (!header.Contains("start_at") || !header.Contains("end_at") || !header.Contains("number_type"))
                    throw new CsvHeaderMissing(new DomainError(ErrorCodes.InvalidValue,
                        "The first CSV line must be a header naming at least start_at, end_at and number_type.", "/line/" + record.Line));
                continue;
            }
            yield return (record.Line, RangeOf(header, record.Fields));
        }
    }

    private static async IAsyncEnumerable<(long Line, Result<StockRangeSpec> Spec)> JsonLineRangesAsync(TextReader reader,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        long lineNumber = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return (lineNumber, ParseJsonLine(line));
        }
    }

    private sealed class CsvHeaderMissing(DomainError error) : Exception(error.Detail)
    {
        public DomainError Error { get; } = error;
    }

    private sealed class ImportReport
    {
        public long Lines, LoadedRanges, LoadedNumbers, RefusedLines;
        public List<object> Errors { get; } = [];

        /// <summary>Reading stopped at <paramref name="line"/>: reported like a refused line, so the operator sees where.</summary>
        public void Stopped(long line, DomainError e) => Refuse(line, e);

        public void Refuse(long line, DomainError e)
        {
            RefusedLines++;
            if (Errors.Count < MaxReportedErrors)
                Errors.Add(new { line, field = e.Pointer?.TrimStart('/'), code = e.Code, detail = e.Detail });
        }
    }

    private static async Task LoadBatchAsync(NumberBlocksDbContext db, List<(long Line, Result<StockRangeSpec> Spec)> batch, TimeProvider clock, ImportReport report, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var loaded = new List<(long Line, long Count)>();
        var refused = new List<(long Line, DomainError Error)>();
        await db.RunAsync<int>(async c =>
        {
            loaded.Clear();
            refused.Clear();
            var valid = new List<(long Line, StockRangeSpec Spec)>(batch.Count);
            foreach (var (line, spec) in batch)
                if (spec.IsFailure) refused.Add((line, spec.FirstError));
                else valid.Add((line, spec.Value));
            // One ledger call claims the whole batch (a round trip per range made imports network-bound).
            var results = await StockOperations.LoadManyAsync(db, valid.Select(v => v.Spec).ToArray(), now, c);
            for (var i = 0; i < valid.Count; i++)
                if (results[i].IsFailure) refused.Add((valid[i].Line, results[i].FirstError));
                else loaded.Add((valid[i].Line, valid[i].Spec.Range.Count));
            return loaded.Count;
        }, ct);
        report.LoadedRanges += loaded.Count;
        report.LoadedNumbers += loaded.Sum(l => l.Count);
        foreach (var (line, error) in refused.OrderBy(r => r.Line)) report.Refuse(line, error);
    }

    private static Result<StockRangeSpec> RangeOf(string[] header, string[] cells)
    {
        string? Cell(string name)
        {
            var i = Array.IndexOf(header, name);
            return i >= 0 && i < cells.Length && cells[i].Trim() is { Length: > 0 } cell ? cell : null;
        }
        return StockRangeSpec.Create(new StockRangeInput(Cell("start_at"), Cell("end_at"), Cell("number_type"), Cell("area_code"), Cell("city"), Cell("region")));
    }

    private static Result<StockRangeSpec> ParseJsonLine(string line)
    {
        JsonElement element;
        try
        {
            using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 4 });
            element = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return new DomainError(ErrorCodes.MalformedJson, "The line is not a JSON object.", "");
        }
        var input = new JsonInput();
        if (!input.RequireObject(element, "")) return Result<StockRangeSpec>.Fail(input.Errors);
        var spec = ReadRange(input, element);
        return input.HasErrors ? Result<StockRangeSpec>.Fail(input.Errors) : spec;
    }

    /// <summary>Query: filter[country_code], filter[number_type], filter[area_code], page[number], page[size]; by number.</summary>
    public static async Task<IResult> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = http.Request.Query;
        var page = TelnyxQuery.Page(q);
        if (page.IsFailure) return AdminErrors.ToResult(page.Errors);
        var stock = db.StockRanges.AsNoTracking();
        if (TelnyxQuery.Filter(q, "country_code") is { } countries) stock = stock.Where(r => countries.Contains(r.CountryCode));
        if (TelnyxQuery.Filter(q, "number_type") is { } types) stock = stock.Where(r => types.Contains(r.NumberType));
        if (TelnyxQuery.Filter(q, "area_code") is { } areas) stock = stock.Where(r => r.AreaCode != null && areas.Contains(r.AreaCode));
        var total = await stock.LongCountAsync(ct);
        var rows = await stock.OrderBy(r => r.RangeStart).Skip(page.Value.Skip).Take(page.Value.Size).ToListAsync(ct);
        return Results.Json(new { data = rows.Select(View).ToArray(), meta = page.Value.Meta(total) }, TelnyxJson.Options);
    }

    /// <summary>stock + assigned = loaded, stock rows match their ledger claims, no claims overlap.</summary>
    public static async Task<IResult> Audit(NumberBlocksDbContext db, CancellationToken ct)
    {
        var a = await StockOperations.AuditAsync(db, ct);
        return Results.Json(new
        {
            data = new
            {
                loaded = a.Loaded, in_stock = a.InStock, assigned = a.Assigned, ledger_stock = a.LedgerStock,
                stock_rows_without_claim = a.StockRowsWithoutClaim, overlapping_claims = a.OverlappingClaims, balanced = a.Balanced,
            },
        }, TelnyxJson.Options);
    }

    public static async Task<IResult> ListRestrictions(NumberBlocksDbContext db, CancellationToken ct)
    {
        var rows = await db.RequestRestrictions.AsNoTracking().OrderBy(r => r.CountryCode).ThenBy(r => r.NumberType).ToListAsync(ct);
        var d = RequestRestrictions.Default;
        return Results.Json(new
        {
            data = rows.Select(r => RestrictionView(r.CountryCode, r.NumberType, StockOperations.ToDomain(r))).ToArray(),
            meta = new { defaults = RestrictionView("*", "*", d) },
        }, TelnyxJson.Options);
    }

    /// <summary>Body: {"min_quantity": 1, "max_quantity": 1000, "ranges_supported": true, "range_sizes": [10, 100]}.</summary>
    public static async Task<IResult> PutRestriction(string countryCode, string numberType, HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var country = countryCode.ToUpperInvariant();
        if (!NumberRequestSpec.IsCountryCode(country))
            return AdminErrors.ToResult(DomainError.InvalidParameter("countryCode", "countryCode must be an ISO 3166-1 alpha-2 code such as DE."));
        if (!PhoneNumberTypes.TryParseWire(numberType, out _))
            return AdminErrors.ToResult(DomainError.InvalidParameter("numberType", $"numberType must be one of: {string.Join(", ", PhoneNumberTypes.WireNames)}."));
        var body = await JsonInput.ReadBodyAsync(http.Request, ct);
        if (body.IsFailure) return AdminErrors.ToResult(body.Errors);
        var input = new JsonInput();
        if (!input.RequireObject(body.Value, "")) return AdminErrors.ToResult(input.Errors);
        var d = RequestRestrictions.Default;
        var min = input.Integer(body.Value, "min_quantity", "/min_quantity") ?? d.MinQuantity;
        var max = input.Integer(body.Value, "max_quantity", "/max_quantity") ?? d.MaxQuantity;
        var supported = input.Boolean(body.Value, "ranges_supported", "/ranges_supported") ?? d.RangesSupported;
        var sizes = new List<int>();
        if (input.Array(body.Value, "range_sizes", "/range_sizes", maxItems: 20) is { } items)
        {
            for (var i = 0; i < items.Count; i++)
                if (items[i].ValueKind == JsonValueKind.Number && items[i].TryGetInt32(out var n)) sizes.Add(n);
                else input.Add(new DomainError(ErrorCodes.InvalidType, "range_sizes must hold integers.", $"/range_sizes/{i}"));
        }
        else if (supported) sizes.AddRange(d.RangeSizes);
        if (input.HasErrors) return AdminErrors.ToResult(input.Errors);
        var restrictions = new RequestRestrictions((int)Math.Clamp(min, -1, int.MaxValue), (int)Math.Clamp(max, -1, int.MaxValue), supported, sizes);
        if (restrictions.Problem() is { } problem)
            return AdminErrors.ToResult(new DomainError(ErrorCodes.InvalidValue, problem.Detail, "/" + problem.Field));

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
        return Results.Json(new { data = RestrictionView(country, numberType, restrictions) }, TelnyxJson.Options);
    }

    public static async Task<IResult> DeleteRestriction(string countryCode, string numberType, NumberBlocksDbContext db, CancellationToken ct)
    {
        var country = countryCode.ToUpperInvariant();
        var result = await db.RunAsync<RequestRestriction>(async c =>
        {
            var row = await db.RequestRestrictions.FirstOrDefaultAsync(r => r.CountryCode == country && r.NumberType == numberType, c);
            if (row is null) return DomainError.NotFound("Request restriction");
            db.RequestRestrictions.Remove(row);
            return row;
        }, ct);
        return result.IsFailure ? AdminErrors.ToResult(result.Errors) : Results.NoContent();
    }

    private static object RestrictionView(string country, string type, RequestRestrictions r) => new
    {
        country_code = country, number_type = type, min_quantity = r.MinQuantity, max_quantity = r.MaxQuantity,
        ranges_supported = r.RangesSupported, range_sizes = r.RangeSizes,
    };

    public static object View(StockRange r) => new
    {
        id = r.Id,
        start_at = E164Number.FromValue(r.RangeStart).ToString(),
        end_at = E164Number.FromValue(r.RangeEnd).ToString(),
        count = r.RangeEnd - r.RangeStart + 1,
        country_code = r.CountryCode,
        number_type = r.NumberType,
        area_code = r.AreaCode,
        city = r.City,
        region = r.Region,
        created_at = TelnyxJson.Instant(r.CreatedAt),
    };
}
