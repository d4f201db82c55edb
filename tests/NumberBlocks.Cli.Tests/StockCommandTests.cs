using System.Text;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Cli.Tests;

/// <summary>stock add | list | audit | import, and the import resuming after being killed without loading a number twice.</summary>
public sealed class StockCommandTests : CliHarness
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nb-cli-stock-").FullName;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A CSV of <paramref name="ranges"/> ranges of <paramref name="size"/> numbers each, from +49201400000000 up.</summary>
    private string StockCsv(int ranges, int size = 100, long first = 4920140000000, string name = "stock.csv")
    {
        var path = Path.Combine(_dir, name);
        var text = new StringBuilder("start_at,end_at,number_type,area_code,city,region\n");
        for (var i = 0; i < ranges; i++)
        {
            var start = first + (long)i * size;
            text.Append($"+{start},+{start + size - 1},local,201,Essen,NRW\n");
        }
        File.WriteAllText(path, text.ToString());
        return path;
    }

    [Fact]
    public async Task StockAdd_ListAndAudit_Json()
    {
        var added = await JsonAsync("stock", "add", "+4930123450000", "+4930123450999", "--type", "local", "--area-code", "30", "--city", "Berlin");
        Assert.Equal(1000, added.GetProperty("count").GetInt64());
        Assert.Equal("DE", added.GetProperty("country_code").GetString());

        var list = await JsonAsync("stock", "list", "--area-code", "30");
        Assert.Equal("+4930123450000", list[0].GetProperty("start_at").GetString());

        var audit = await JsonAsync("stock", "audit");
        Assert.Equal(1000, audit.GetProperty("loaded").GetInt64());
        Assert.True(audit.GetProperty("balanced").GetBoolean());

        var table = await RunAsync("stock", "audit");
        Assert.Equal(CliApp.Ok, table.Exit);
        Assert.Contains("balanced", table.Out);
    }

    [Fact]
    public async Task StockAdd_Refused_Exits1NamingTheField()
    {
        var run = await RunAsync("stock", "add", "+4930123450000", "+49301234509", "--type", "local");
        Assert.Equal(CliApp.Rejected, run.Exit);
        Assert.Contains("/end_at", run.Err);
        Assert.Single(run.Err.Trim().Split('\n'));

        var missing = await RunAsync("stock", "add", "+4930123450000", "+4930123450999");
        Assert.Equal(CliApp.Usage, missing.Exit); // --type is required
    }

    [Fact]
    public async Task StockImport_Csv_LoadsEveryNumberInChunksAndRecordsTheImport()
    {
        var file = StockCsv(ranges: 1000);
        var report = await JsonAsync("stock", "import", file, "--chunk-lines", "100");
        Assert.Equal(10, report.GetProperty("chunks").GetInt32());
        Assert.Equal(1000, report.GetProperty("loaded_ranges").GetInt64());
        Assert.Equal(100_000, report.GetProperty("loaded_numbers").GetInt64());
        Assert.Equal(0, report.GetProperty("refused_lines").GetInt64());
        Assert.True(report.GetProperty("completed").GetBoolean());
        Assert.Equal(100_000, (await AuditAsync()).GetProperty("loaded").GetInt64());

        // Run again: the state file says it is done; nothing is sent, nothing loaded twice.
        var again = await RunAsync("stock", "import", file, "--chunk-lines", "100");
        Assert.Equal(CliApp.Ok, again.Exit);
        Assert.Contains("imported already", again.Err);
        Assert.Equal(100_000, (await AuditAsync()).GetProperty("loaded").GetInt64());
    }

    [Fact]
    public async Task StockImport_CsvWithQuotedCommasQuotesAndLineBreaks_ReadAsTheServiceReadsIt()
    {
        var file = Path.Combine(_dir, "quoted.csv");
        File.WriteAllText(file,
            "start_at,end_at,number_type,area_code,city,region\r\n" +
            "+4920155000000,+4920155000099,local,201,\"Essen, Altstadt\",\"Nordrhein-\nWestfalen\"\r\n" +
            "+4920155000100,+4920155000199,local,201,\"Essen \"\"Mitte\"\"\",NRW\r\n" +
            "+4920155000200,+4920155000299,spaceship,201,Essen,NRW\r\n" +
            "+4920155000300,+4920155000399,local,201,\"Kray\nund\nLeithe\",NRW\r\n");
        var run = await RunAsync("stock", "import", file, "--chunk-lines", "2", "--json");
        Assert.Equal(CliApp.Rejected, run.Exit); // one line refused
        var report = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(3, report.GetProperty("loaded_ranges").GetInt64());
        Assert.Equal(300, report.GetProperty("loaded_numbers").GetInt64());
        var error = Assert.Single(report.GetProperty("errors").EnumerateArray());
        Assert.Equal(5, error.GetProperty("line").GetInt64()); // the file's line: the range on line 2 spans two lines
        Assert.Equal("number_type", error.GetProperty("field").GetString());

        using var op = Service.Operator();
        var rows = (await (await op.GetAsync("/admin/v1/stock?page[size]=10")).ExpectAsync(System.Net.HttpStatusCode.OK)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["Essen, Altstadt", "Essen \"Mitte\"", "Kray\nund\nLeithe"], rows.Select(r => r.GetProperty("city").GetString()));
        Assert.Equal("Nordrhein-\nWestfalen", rows[0].GetProperty("region").GetString());
    }

    [Fact]
    public async Task StockImport_UnterminatedQuote_Exits2NamingTheLineBeforeSendingAnything()
    {
        var file = Path.Combine(_dir, "broken.csv");
        File.WriteAllText(file, "start_at,end_at,number_type\n+4920156000000,+4920156000099,local\n+4920156000100,\"+4920156000199,local\n" + new string('x', 70_000));
        var run = await RunAsync("stock", "import", file);
        Assert.Equal(CliApp.Usage, run.Exit);
        Assert.Contains("line 3", run.Err);
        Assert.Equal(0, (await AuditAsync()).GetProperty("loaded").GetInt64());
    }

    [Fact]
    public async Task StockImport_JsonLinesWithABadLine_LoadsTheRestAndNamesTheFileLineAndField()
    {
        var file = Path.Combine(_dir, "stock.jsonl");
        File.WriteAllLines(file,
        [
            """{"start_at": "+4920150000000", "end_at": "+4920150000099", "number_type": "local", "area_code": "201"}""",
            "",
            """{"start_at": "+4920150000100", "end_at": "+4920150000199", "number_type": "spaceship"}""",
            """{"start_at": "+4920150000200", "end_at": "+4920150000299", "number_type": "local"}""",
        ]);
        var run = await RunAsync("stock", "import", file, "--chunk-lines", "2", "--json");
        Assert.Equal(CliApp.Rejected, run.Exit);
        var report = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(2, report.GetProperty("loaded_ranges").GetInt64());
        Assert.Equal(1, report.GetProperty("refused_lines").GetInt64());
        var error = report.GetProperty("errors")[0];
        Assert.Equal(3, error.GetProperty("line").GetInt64()); // the file's line, not the chunk's
        Assert.Equal("number_type", error.GetProperty("field").GetString());
        Assert.Contains("line 3: number_type:", run.Err);
    }

    [Fact]
    public async Task StockImport_MissingFileOrUnknownFormat_Exits2()
    {
        Assert.Equal(CliApp.Usage, (await RunAsync("stock", "import", Path.Combine(_dir, "nope.csv"))).Exit);
        var odd = Path.Combine(_dir, "stock.txt");
        File.WriteAllText(odd, "x\n");
        var run = await RunAsync("stock", "import", odd);
        Assert.Equal(CliApp.Usage, run.Exit);
        Assert.Contains("--format", run.Err);
    }

    [Fact]
    public async Task StockImport_ProgressCannotBeRecorded_Exits2BeforeLoadingAnything()
    {
        var file = StockCsv(ranges: 10);
        Directory.CreateDirectory(file + ".numberblocks-import"); // the record's place is taken by a directory
        var run = await RunAsync("stock", "import", file);
        Assert.Equal(CliApp.Usage, run.Exit);
        Assert.Contains("Cannot record the import's progress", run.Err);
        Assert.Equal(0, (await AuditAsync()).GetProperty("loaded").GetInt64());
    }

    [Fact]
    public async Task StockImport_KilledAfterTheServiceCommittedAChunk_ResumesAndLoadsEveryNumberOnce()
    {
        var file = StockCsv(ranges: 2000, size: 10);
        // The 4th chunk reaches the service and commits, then the CLI dies before it hears the answer: the hardest moment.
        using var kill = new CancellationTokenSource();
        var dying = new DieAfterImportRequest(Service.Server.CreateHandler(), dieAfter: 4, kill);
        var first = await RunAsync(["stock", "import", file, "--chunk-lines", "100"], dying, kill.Token);
        Assert.Equal(CliApp.Interrupted, first.Exit);
        Assert.Equal(4, dying.ImportRequests);
        var state = JsonDocument.Parse(File.ReadAllText(file + ".numberblocks-import")).RootElement;
        Assert.Equal(3, state.GetProperty("acknowledged_chunks").GetInt32());
        Assert.Equal(4 * 100 * 10, (await AuditAsync()).GetProperty("loaded").GetInt64()); // chunk 4 is in, unacknowledged

        var resumed = await RunAsync("stock", "import", file, "--chunk-lines", "100", "--json");
        Assert.True(resumed.Exit == CliApp.Ok, resumed.Err);
        Assert.Contains("Resuming", resumed.Err);
        var report = JsonDocument.Parse(resumed.Out).RootElement;
        Assert.Equal(1, report.GetProperty("replayed_chunks").GetInt32()); // chunk 4 answered from the service's record
        Assert.Equal(0, report.GetProperty("refused_lines").GetInt64());
        Assert.Equal(20_000, report.GetProperty("loaded_numbers").GetInt64());

        var audit = await AuditAsync();
        Assert.Equal(20_000, audit.GetProperty("loaded").GetInt64());
        Assert.Equal(0, audit.GetProperty("overlapping_claims").GetInt64());
        Assert.True(audit.GetProperty("balanced").GetBoolean());
        using var op = Service.Operator();
        var ranges = await (await op.GetAsync("/admin/v1/stock?page[size]=1")).ExpectAsync(System.Net.HttpStatusCode.OK);
        Assert.Equal(2000, ranges.GetProperty("meta").GetProperty("total_results").GetInt64()); // every line once
    }

    [Fact]
    public async Task StockImport_InterruptedWhileAChunkIsInFlight_ResumesAndLoadsEveryNumberOnce()
    {
        var file = StockCsv(ranges: 600, size: 10);
        using var kill = new CancellationTokenSource();
        var dying = new DieDuringImportRequest(Service.Server.CreateHandler(), dieDuring: 3, kill);
        var first = await RunAsync(["stock", "import", file, "--chunk-lines", "100"], dying, kill.Token);
        Assert.Equal(CliApp.Interrupted, first.Exit);

        var resumed = await RunAsync("stock", "import", file, "--chunk-lines", "100", "--json");
        Assert.True(resumed.Exit == CliApp.Ok, resumed.Err);
        var audit = await AuditAsync();
        Assert.Equal(6000, audit.GetProperty("loaded").GetInt64());
        Assert.True(audit.GetProperty("balanced").GetBoolean());
    }

    /// <summary>Lets the n-th import request through to the service, then "kills" the CLI before it sees the answer.</summary>
    private sealed class DieAfterImportRequest(HttpMessageHandler service, int dieAfter, CancellationTokenSource kill) : DelegatingHandler(service)
    {
        public int ImportRequests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            if (request.RequestUri!.AbsolutePath.EndsWith("/stock/import", StringComparison.Ordinal) && Interlocked.Increment(ref ImportRequests) == dieAfter)
            {
                response.Dispose();
                await kill.CancelAsync();
                kill.Token.ThrowIfCancellationRequested();
            }
            return response;
        }
    }

    /// <summary>Interrupts the CLI while the n-th import request is being sent, as Ctrl+C would.</summary>
    private sealed class DieDuringImportRequest(HttpMessageHandler service, int dieDuring, CancellationTokenSource kill) : DelegatingHandler(service)
    {
        private int _imports;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/stock/import", StringComparison.Ordinal) && Interlocked.Increment(ref _imports) == dieDuring)
                kill.Cancel();
            return base.SendAsync(request, ct);
        }
    }
}
