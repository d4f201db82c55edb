using System.Runtime.CompilerServices;
using Sylvan.Data.Csv;

namespace NumberBlocks.Api.Http;

/// <summary>One CSV record: where it starts in the text, its fields, and its raw text (without the line ending).</summary>
public sealed record CsvRecord(long Line, string[] Fields, string Raw);

/// <summary>
/// The one CSV parser of the service and the CLI (this file is compiled into both): RFC 4180 records read with
/// Sylvan.Data.Csv, so a quoted field may hold commas, doubled quotes and line breaks. Comma-delimited, no comment
/// lines, blank lines skipped, a UTF-8 byte-order mark ignored. Memory stays bounded: one record at a time, and a
/// record longer than <see cref="MaxRecordChars"/> (an unterminated quote swallows the rest of the file into one
/// record) ends the reading with a <see cref="CsvUnreadable"/> naming its line.
/// </summary>
public static class CsvRecords
{
    public const int MaxRecordChars = 64 * 1024;

    public static async IAsyncEnumerable<CsvRecord> ReadAsync(TextReader text, [EnumeratorCancellation] CancellationToken ct)
    {
        var options = new CsvDataReaderOptions
        {
            HasHeaders = false, // the caller reads the header as the first record, so its line is counted like any other
            Delimiter = ',',
            Comment = '\0',
            CsvStyle = CsvStyle.Standard,
            ResultSetMode = ResultSetMode.SingleResult,
            BufferSize = 16 * 1024,
            MaxBufferSize = MaxRecordChars,
            OwnsReader = false,
        };
        await using var reader = await CsvDataReader.CreateAsync(text, options, ct);
        long line = 1;
        while (true)
        {
            CsvRecord record;
            try
            {
                if (!await reader.ReadAsync(ct)) yield break;
                var raw = reader.GetRawRecordSpan();
                var fields = new string[reader.RowFieldCount];
                for (var i = 0; i < fields.Length; i++) fields[i] = reader.GetString(i);
                record = new CsvRecord(line, fields, raw.TrimEnd("\r\n").ToString());
                line += raw.Count('\n');
            }
            catch (Exception ex) when (ex is CsvFormatException or CsvRecordTooLargeException)
            {
                throw new CsvUnreadable(line, ex is CsvRecordTooLargeException
                    ? $"line {line}: a record is longer than {MaxRecordChars} characters (an unterminated quote?)"
                    : $"line {line}: the CSV quoting is broken ({ex.Message})");
            }
            if (record.Fields.Length <= 1 && string.IsNullOrWhiteSpace(record.Raw)) continue;
            yield return record;
        }
    }
}

/// <summary>The CSV cannot be read past <see cref="Line"/>.</summary>
public sealed class CsvUnreadable(long line, string message) : Exception(message)
{
    public long Line { get; } = line;
}
