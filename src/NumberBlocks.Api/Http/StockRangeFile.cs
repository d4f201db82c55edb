using System.Runtime.CompilerServices;
using System.Text.Json;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Requests;

namespace NumberBlocks.Api.Http;

/// <summary>
/// The operator's stock file, as README.md describes it: CSV whose first line is a header naming at least start_at,
/// end_at and number_type (and optionally area_code, city, region), or JSON lines (one range object a line). Each range
/// is read into a <see cref="StockRangeSpec"/> or the refusal of that line; nothing is held beyond the current line.
/// </summary>
public static class StockRangeFile
{
    /// <summary>The media types of JSON lines that imports accept.</summary>
    public static readonly string[] JsonLinesMediaTypes = ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/x-jsonlines"];

    /// <summary>The media types of CSV that imports accept.</summary>
    public static readonly string[] CsvMediaTypes = ["text/csv", "application/csv"];

    /// <summary>
    /// The ranges of <paramref name="reader"/>, each with its line number. Throws <see cref="StockFileHeaderMissing"/>
    /// when a CSV file does not start with the header, and <see cref="CsvUnreadable"/> where a CSV record cannot be read.
    /// </summary>
    /// <param name="jsonLine">How a surface reads one JSON line (its own typed record); by default, the members of README.md's format.</param>
    public static IAsyncEnumerable<(long Line, Result<StockRangeSpec> Spec)> ReadAsync(TextReader reader, bool csv, CancellationToken ct,
        Func<string, Result<StockRangeSpec>>? jsonLine = null) =>
        csv ? CsvRangesAsync(reader, ct) : JsonLineRangesAsync(reader, jsonLine ?? ParseJsonLine, ct);

    /// <summary>CSV for a .csv name, JSON lines for .jsonl/.ndjson; null when the name says neither.</summary>
    public static bool? IsCsvByName(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" => true,
        ".jsonl" or ".ndjson" => false,
        _ => null,
    };

    private static async IAsyncEnumerable<(long Line, Result<StockRangeSpec> Spec)> CsvRangesAsync(TextReader reader,
        [EnumeratorCancellation] CancellationToken ct)
    {
        string[]? header = null;
        await foreach (var record in CsvRecords.ReadAsync(reader, ct))
        {
            if (header is null)
            {
                header = record.Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
                if (!header.Contains("start_at") || !header.Contains("end_at") || !header.Contains("number_type"))
                    throw new StockFileHeaderMissing(record.Line, new DomainError(ErrorCodes.InvalidValue,
                        "The first CSV line must be a header naming at least start_at, end_at and number_type.", "/line/" + record.Line));
                continue;
            }
            yield return (record.Line, RangeOf(header, record.Fields));
        }
    }

    private static async IAsyncEnumerable<(long Line, Result<StockRangeSpec> Spec)> JsonLineRangesAsync(TextReader reader,
        Func<string, Result<StockRangeSpec>> parse, [EnumeratorCancellation] CancellationToken ct)
    {
        long lineNumber = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return (lineNumber, parse(line));
        }
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
        var spec = StockRangeSpec.Create(new StockRangeInput(
            input.String(element, "start_at", "/start_at", required: true, maxLength: 20),
            input.String(element, "end_at", "/end_at", required: true, maxLength: 20),
            input.String(element, "number_type", "/number_type", required: true, maxLength: 50),
            input.String(element, "area_code", "/area_code", maxLength: 20),
            input.String(element, "city", "/city", maxLength: 200),
            input.String(element, "region", "/region", maxLength: 200)));
        return input.HasErrors ? Result<StockRangeSpec>.Fail(input.Errors) : spec;
    }
}

/// <summary>A CSV stock file without its header line (at <see cref="Line"/>): nothing of it can be read.</summary>
public sealed class StockFileHeaderMissing(long line, DomainError error) : Exception(error.Detail)
{
    public long Line { get; } = line;
    public DomainError Error { get; } = error;
}
