using System.Text;
namespace NumberBlocks.Api.Telnyx;

/// <summary>
/// Telnyx list answers as CSV when the client asks for it (Accept: text/csv; telnyx-porting-core.yml documents it for
/// GET /porting_phone_numbers): a header line, one line per record of the same page the JSON answer would hold,
/// CRLF line ends and RFC 4180 quoting.
/// </summary>
public static class TelnyxCsv
{
    public const string MediaType = "text/csv";

    /// <summary>Does the request prefer CSV? Only when Accept names text/csv with a higher quality than JSON.</summary>
    public static bool IsWanted(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double csv = 0, json = 0;
        foreach (var m in accept)
        {
            var q = m.Quality ?? 1;
            if (m.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase)) csv = Math.Max(csv, q);
            else if (m.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)) json = Math.Max(json, q);
        }
        return csv > 0 && csv >= json;
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ContentHttpResult Write(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var text = new StringBuilder();
        Line(text, columns);
        foreach (var row in rows) Line(text, row);
        return TypedResults.Text(text.ToString(), MediaType, Encoding.UTF8);
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
