using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NumberBlocks.Api.Http;

namespace NumberBlocks.Cli;

/// <summary>A file of stock ranges: CSV with a header line, or JSON lines.</summary>
public enum StockFileFormat { Csv, JsonLines }

/// <summary>
/// One request's worth of a stock file: up to <see cref="StockImportPlan.ChunkLines"/> ranges (fewer when the bytes would
/// pass <see cref="StockImportPlan.MaxChunkBytes"/>), sent as its own import request.
/// </summary>
/// <param name="FileLines">The file's line number of each range sent, to report refusals where the operator can find them.</param>
/// <param name="Numbers">How many numbers the chunk's ranges hold, as far as the CLI can tell (the service decides).</param>
/// <param name="BodyLines">The body's line number where each range starts (the service reports refusals by body line; a
/// quoted line break makes a range span lines).</param>
public sealed record StockChunk(int Index, string Body, long[] FileLines, long[] BodyLines, long Numbers);

/// <summary>
/// How a stock file is cut into chunks. The cut depends only on the file's bytes and <see cref="ChunkLines"/>, so an
/// interrupted import cuts the same chunks again and each chunk keeps its Idempotency-Key.
/// </summary>
public sealed class StockImportPlan
{
    /// <summary>Below the service's 1 MiB body limit with room for the header.</summary>
    public const int MaxChunkBytes = 900 * 1024;

    public required string Path { get; init; }
    public required StockFileFormat Format { get; init; }
    public required int ChunkLines { get; init; }
    public required string Sha256 { get; init; }
    public required int Chunks { get; init; }
    public required long Ranges { get; init; }
    public required long Numbers { get; init; }

    /// <summary>The same chunk index always gets the same key; a different file (other SHA-256) or chunk size gets other keys.</summary>
    public string IdempotencyKey(int chunk) => $"nb-import-{Sha256}-{ChunkLines}-{chunk}";

    public string ContentType => Format == StockFileFormat.Csv ? "text/csv" : "application/x-ndjson";

    public static StockFileFormat FormatOf(string path, string? given) => (given?.ToLowerInvariant(), System.IO.Path.GetExtension(path).ToLowerInvariant()) switch
    {
        ("csv", _) => StockFileFormat.Csv,
        ("jsonl" or "ndjson", _) => StockFileFormat.JsonLines,
        (null, ".csv") => StockFileFormat.Csv,
        (null, ".jsonl" or ".ndjson") => StockFileFormat.JsonLines,
        (null, _) => throw new UsageError($"Cannot tell the format of '{path}' from its name; add --format csv or --format jsonl."),
        _ => throw new UsageError("--format must be csv or jsonl."),
    };

    /// <summary>Reads the file once: its SHA-256 and how many chunks, ranges and numbers it holds.</summary>
    public static async Task<StockImportPlan> ReadAsync(string path, StockFileFormat format, int chunkLines, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new UsageError($"No such file: {path}");
        byte[] hash;
        await using (var stream = File.OpenRead(path)) hash = await SHA256.HashDataAsync(stream, ct);
        int chunks = 0;
        long ranges = 0, numbers = 0;
        await foreach (var chunk in ChunksAsync(path, format, chunkLines, ct))
        {
            chunks++;
            ranges += chunk.FileLines.Length;
            numbers += chunk.Numbers;
        }
        if (chunks == 0) throw new UsageError($"{path} holds no ranges.");
        return new StockImportPlan
        {
            Path = path, Format = format, ChunkLines = chunkLines, Sha256 = Convert.ToHexStringLower(hash),
            Chunks = chunks, Ranges = ranges, Numbers = numbers,
        };
    }

    public IAsyncEnumerable<StockChunk> ChunksAsync(CancellationToken ct) => ChunksAsync(Path, Format, ChunkLines, ct);

    private static async IAsyncEnumerable<StockChunk> ChunksAsync(string path, StockFileFormat format, int chunkLines,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 64 * 1024 });
        string? header = null;
        int startColumn = -1, endColumn = -1;
        var body = new StringBuilder();
        var lines = new List<long>();
        var bodyLines = new List<long>();
        long numbers = 0, bytes = 0, bodyLine = 1;
        var index = 0;

        StockChunk Cut()
        {
            var chunk = new StockChunk(index++, body.ToString(), lines.ToArray(), bodyLines.ToArray(), numbers);
            body.Clear();
            lines.Clear();
            bodyLines.Clear();
            numbers = 0;
            bytes = 0;
            bodyLine = 1;
            if (header is not null) { body.Append(header).Append('\n'); bytes = Encoding.UTF8.GetByteCount(header) + 1; bodyLine += header.Count('\n') + 1; }
            return chunk;
        }

        // CSV is cut on record boundaries (a quoted field may hold a line break), each record sent as it is in the file.
        var records = format == StockFileFormat.Csv ? CsvRecords.ReadAsync(reader, ct) : JsonLinesAsync(reader, ct);
        await using var e = records.GetAsyncEnumerator(ct);
        {
            while (await NextAsync(e, path))
            {
                var record = e.Current;
                if (format == StockFileFormat.Csv && header is null)
                {
                    header = record.Raw;
                    var names = record.Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
                    startColumn = names.IndexOf("start_at");
                    endColumn = names.IndexOf("end_at");
                    body.Append(header).Append('\n');
                    bytes = Encoding.UTF8.GetByteCount(header) + 1;
                    bodyLine += header.Count('\n') + 1;
                    continue;
                }
                var lineBytes = Encoding.UTF8.GetByteCount(record.Raw) + 1;
                if (lines.Count > 0 && (lines.Count >= chunkLines || bytes + lineBytes > MaxChunkBytes)) yield return Cut();
                body.Append(record.Raw).Append('\n');
                bytes += lineBytes;
                lines.Add(record.Line);
                bodyLines.Add(bodyLine);
                bodyLine += record.Raw.Count('\n') + 1;
                numbers += format == StockFileFormat.Csv ? CountCsv(record.Fields, startColumn, endColumn) : CountJson(record.Raw);
            }
        }
        if (lines.Count > 0) yield return Cut();
    }

    /// <summary>The next record, or a usage error naming the line where the file stops being CSV.</summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<CsvRecord> records, string path)
    {
        try
        {
            return await records.MoveNextAsync();
        }
        catch (CsvUnreadable ex)
        {
            throw new UsageError($"{path}, {ex.Message}; fix the file and run the command again.");
        }
    }

    /// <summary>JSON lines as records of one field: the line itself, numbered as in the file.</summary>
    private static async IAsyncEnumerable<CsvRecord> JsonLinesAsync(TextReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        long lineNumber = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (!string.IsNullOrWhiteSpace(line)) yield return new CsvRecord(lineNumber, [line], line);
        }
    }

    private static long CountCsv(string[] cells, int startColumn, int endColumn) =>
        startColumn < 0 || endColumn < 0 || startColumn >= cells.Length || endColumn >= cells.Length ? 0 : Count(cells[startColumn], cells[endColumn]);

    private static long CountJson(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("start_at", out var s) && root.TryGetProperty("end_at", out var e)
                && s.ValueKind == JsonValueKind.String && e.ValueKind == JsonValueKind.String
                ? Count(s.GetString()!, e.GetString()!)
                : 0;
        }
        catch (JsonException)
        {
            return 0; // the service refuses the line and names it
        }
    }

    /// <summary>The numbers from start to end inclusive, for the progress bar only: a range the service refuses counts too.</summary>
    private static long Count(string start, string end)
    {
        static long? Digits(string e164) =>
            e164.Trim() is { Length: > 1 and <= 16 } t && t[0] == '+' && t[1..].All(char.IsAsciiDigit) ? long.Parse(t[1..], System.Globalization.CultureInfo.InvariantCulture) : null;
        return Digits(start) is { } s && Digits(end) is { } e && e >= s ? e - s + 1 : 0;
    }
}

/// <summary>A range the service refused, at its line in the file.</summary>
public sealed record RefusedLine(
    [property: JsonPropertyName("line")] long Line,
    [property: JsonPropertyName("field")] string? Field,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("detail")] string? Detail);

/// <summary>
/// What an import has done so far, kept next to the input as "&lt;file&gt;.numberblocks-import" after every chunk the
/// service acknowledged. Chunks go in order, so "acknowledged" is a count: a restart skips that many chunks and sends
/// the next with its old Idempotency-Key, which the service answers by replay if it had committed it before the
/// interruption.
/// </summary>
public sealed class ImportState
{
    public const int MaxKeptErrors = 100;

    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    [JsonPropertyName("chunk_lines")] public required int ChunkLines { get; init; }
    [JsonPropertyName("chunks")] public required int Chunks { get; init; }
    [JsonPropertyName("acknowledged_chunks")] public int AcknowledgedChunks { get; set; }
    [JsonPropertyName("lines")] public long Lines { get; set; }
    [JsonPropertyName("loaded_ranges")] public long LoadedRanges { get; set; }
    [JsonPropertyName("loaded_numbers")] public long LoadedNumbers { get; set; }
    [JsonPropertyName("refused_lines")] public long RefusedLines { get; set; }
    [JsonPropertyName("replayed_chunks")] public int ReplayedChunks { get; set; }
    [JsonPropertyName("completed")] public bool Completed { get; set; }
    [JsonPropertyName("errors")] public List<RefusedLine> Errors { get; init; } = [];

    public static string PathFor(string input) => input + ".numberblocks-import";

    public static ImportState? Load(string statePath)
    {
        if (!System.IO.File.Exists(statePath)) return null;
        try
        {
            return JsonSerializer.Deserialize<ImportState>(System.IO.File.ReadAllText(statePath));
        }
        catch (JsonException ex)
        {
            throw new UsageError($"{statePath} is not an import state file ({ex.Message}); delete it to start the import over.");
        }
    }

    /// <summary>Written to a temporary file and renamed over the old one, so an interruption never leaves half a state.</summary>
    public void Save(string statePath)
    {
        var temporary = statePath + ".tmp";
        try
        {
            System.IO.File.WriteAllText(temporary, JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true }));
            System.IO.File.Move(temporary, statePath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageError($"Cannot record the import's progress in {statePath}: {ex.Message}");
        }
    }
}

/// <summary>Sends a planned import chunk by chunk, recording each acknowledgement before the next chunk goes.</summary>
public sealed class StockImporter(ServiceClient service, StockImportPlan plan, ImportState state, string statePath)
{
    /// <summary>Runs the chunks not yet acknowledged; <paramref name="progress"/> gets the numbers of each acknowledged chunk.</summary>
    public async Task RunAsync(Action<StockChunk> progress, CancellationToken ct)
    {
        await foreach (var chunk in plan.ChunksAsync(ct))
        {
            if (chunk.Index < state.AcknowledgedChunks) continue;
            var answer = await SendAsync(chunk, ct);
            Record(chunk, answer);
            state.AcknowledgedChunks = chunk.Index + 1;
            state.Completed = state.AcknowledgedChunks == plan.Chunks;
            state.Save(statePath);
            progress(chunk);
        }
    }

    /// <summary>
    /// One chunk, with its Idempotency-Key: busy answers (409 in flight, 429, 503, …) and lost connections are retried
    /// by the client's retry handler (<see cref="CliRetries"/>), honouring Retry-After, so a chunk the service committed
    /// is answered by replay.
    /// </summary>
    private async Task<ServiceAnswer> SendAsync(StockChunk chunk, CancellationToken ct)
    {
        ServiceAnswer answer;
        try
        {
            using var content = new StringContent(chunk.Body, Encoding.UTF8, plan.ContentType);
            answer = await service.SendRawAsync(HttpMethod.Post, "admin/v1/stock/import", content, plan.IdempotencyKey(chunk.Index), ct);
        }
        catch (ServiceUnreachable ex)
        {
            throw new ServiceUnreachable($"{ex.Message} (import stopped before chunk {chunk.Index + 1} of {plan.Chunks}; run the same command again to resume)");
        }
        if (IsAcknowledgement(answer)) return answer;
        throw new ServiceRejected(answer.Status,
            $"{ServiceClient.DescribeError((HttpStatusCode)answer.Status, answer.Text)} (chunk {chunk.Index + 1} of {plan.Chunks}, file lines {chunk.FileLines[0]}-{chunk.FileLines[^1]})");
    }

    /// <summary>200, or 422 with a report (every line of the chunk refused): either way the chunk is done and not resent.</summary>
    private static bool IsAcknowledgement(ServiceAnswer answer) =>
        answer.Status == 200 || (answer.Status == 422 && answer.Json.ValueKind == JsonValueKind.Object && answer.Json.TryGetProperty("data", out _));

    private void Record(StockChunk chunk, ServiceAnswer answer)
    {
        var report = answer.Json.GetProperty("data");
        state.Lines += report.GetProperty("lines").GetInt64();
        state.LoadedRanges += report.GetProperty("loaded_ranges").GetInt64();
        state.LoadedNumbers += report.GetProperty("loaded_numbers").GetInt64();
        state.RefusedLines += report.GetProperty("refused_lines").GetInt64();
        if (answer.Replayed) state.ReplayedChunks++;
        // The service numbers the lines of the body it received; each range's body line maps to its file line.
        foreach (var error in report.GetProperty("errors").EnumerateArray())
        {
            if (state.Errors.Count >= ImportState.MaxKeptErrors) break;
            var bodyLine = error.GetProperty("line").GetInt64();
            var i = Array.IndexOf(chunk.BodyLines, bodyLine);
            var fileLine = i >= 0 ? chunk.FileLines[i] : bodyLine;
            state.Errors.Add(new RefusedLine(fileLine, CliContext.Str(error, "field"), CliContext.Str(error, "code"), CliContext.Str(error, "detail")));
        }
    }
}

/// <summary>The command line itself was wrong (a missing file, an unknown format): exit 2.</summary>
public sealed class UsageError(string message) : Exception(message);
