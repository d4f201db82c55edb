using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Api.Console.Pages;

/// <summary>
/// Stock import from a file: the upload is queued with <see cref="StockImports"/> and the page follows its progress
/// (htmx polls the progress fragment; without JavaScript the page refreshes itself while the import runs).
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = StockImports.MaxFileBytes)]
public sealed class ImportModel(StockImports imports) : PageModel
{
    [BindProperty]
    public IFormFile? StockFile { get; set; }

    public ImportProgress? Current { get; private set; }
    public IReadOnlyList<ImportProgress> Recent { get; private set; } = [];
    public string? Refusal { get; private set; }

    public IActionResult OnGet(Guid? id)
    {
        if (id is { } importId && (Current = imports.Find(importId)) is null) return NotFound();
        // The import on show has its own live panel; the list holds the others.
        Recent = [.. imports.Recent().Where(i => i.Id != id)];
        return Page();
    }

    /// <summary>The progress fragment alone, for the poll.</summary>
    public IActionResult OnGetProgress(Guid id) =>
        imports.Find(id) is { } progress ? Partial("_ImportProgress", progress) : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Recent = imports.Recent();
        if (StockFile is null || StockFile.Length == 0)
            return Refuse("Choose a stock file to import: CSV with the header start_at,end_at,number_type,area_code,city,region, or JSON lines.");
        var csv = StockRangeFile.IsCsvByName(StockFile.FileName) ?? FormatByMediaType(StockFile.ContentType);
        if (csv is null)
            return Refuse($"'{StockFile.FileName}' is neither CSV (.csv) nor JSON lines (.jsonl, .ndjson).");
        var id = await imports.StartAsync(StockFile, csv.Value, ct);
        return RedirectToPage("/Import", new { id });
    }

    private static bool? FormatByMediaType(string? contentType)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (StockRangeFile.CsvMediaTypes.Contains(mediaType)) return true;
        if (StockRangeFile.JsonLinesMediaTypes.Contains(mediaType)) return false;
        return null;
    }

    private PageResult Refuse(string refusal)
    {
        Refusal = refusal;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
