using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace NumberBlocks.Bench;

/// <summary>
/// Figure 4b: a stock import body of exactly 1 GiB (the documented maximum) streamed through POST
/// /admin/v1/stock/import, with the service's peak resident memory (VmHWM) before and after. The body is generated
/// while it is sent (nothing on disk): a header and CSV lines of exactly <see cref="LineBytes"/> bytes, each a range
/// of 10 Essen numbers padded by a column the import ignores ("note"), so that 1 GiB stays a few hundred thousand
/// ranges (about two minutes) rather than twenty million. What it shows is that the body is read as a stream: memory
/// does not grow with the body.
/// </summary>
public static class ImportGibFigure
{
    public const int LineBytes = 4096;
    public const long BodyBytes = 1L << 30;
    private const string Header = "start_at,end_at,number_type,area_code,city,note\n";

    public sealed record Result(TimeSpan Import, double PeakMb, double IdleMb, long Lines, long Ranges, long Numbers, long Refused, bool Balanced, long BodyBytes);

    public static long Ranges => (BodyBytes - Header.Length) / LineBytes;

    public static async Task<Result> RunAsync(string provider, string? pg)
    {
        var db = await BenchDatabase.CreateAsync(provider, pg);
        await db.MigrateAsync();
        await using var service = await ServiceProcess.StartAsync(provider, db.ConnectionString);
        using var op = new HttpClient { BaseAddress = new Uri(service.BaseUrl), Timeout = TimeSpan.FromMinutes(60) };
        op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceProcess.OperatorKey);
        (await op.GetAsync("/admin/v1/stock/audit")).EnsureSuccessStatusCode();
        var idle = service.PeakMemoryMb();

        var sw = Stopwatch.StartNew();
        using var content = new GeneratedCsv();
        var response = await op.PostAsync("/admin/v1/stock/import", content);
        var text = await response.Content.ReadAsStringAsync();
        var elapsed = sw.Elapsed;
        var peak = service.PeakMemoryMb();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Import failed: {(int)response.StatusCode} {text[..Math.Min(text.Length, 2000)]}");
        var data = JsonDocument.Parse(text).RootElement.GetProperty("data");
        var audit = JsonDocument.Parse(await op.GetStringAsync("/admin/v1/stock/audit")).RootElement.GetProperty("data");
        var numbers = data.GetProperty("loaded_numbers").GetInt64();
        var balanced = audit.GetProperty("balanced").GetBoolean() && audit.GetProperty("in_stock").GetInt64() == numbers;
        return new Result(elapsed, peak, idle, data.GetProperty("lines").GetInt64(), data.GetProperty("loaded_ranges").GetInt64(), numbers,
            data.GetProperty("refused_lines").GetInt64(), balanced, content.Written);
    }

    /// <summary>The body, written line by line as the request is sent; its length is announced up front.</summary>
    private sealed class GeneratedCsv : HttpContent
    {
        public long Written { get; private set; }

        public GeneratedCsv() => Headers.ContentType = new MediaTypeHeaderValue("text/csv");

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var buffer = new MemoryStream(256 * 1024);
            void Put(string s) { var b = Encoding.ASCII.GetBytes(s); buffer.Write(b); Written += b.Length; }
            Put(Header);
            var first = ImportFigure.FirstNumber;
            for (long i = 0; i < Ranges; i++)
            {
                var start = first + i * 10;
                var line = string.Create(CultureInfo.InvariantCulture, $"+{start},+{start + 9},local,201,Essen,");
                Put(line + new string('x', LineBytes - line.Length - 1) + "\n");
                if (buffer.Length >= 200 * 1024) { await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)); buffer.SetLength(0); }
            }
            // Pad the last bytes with blank lines (skipped by the import) so the body is exactly 1 GiB.
            var rest = BodyBytes - Written;
            Put(new string('\n', (int)rest));
            await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = BodyBytes;
            return true;
        }
    }
}
