using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NumberBlocks.Api.Tests.Hardening;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Cli.Tests;

/// <summary>
/// The real thing: the service and the CLI as two operating-system processes on loopback; the CLI is SIGKILLed half-way
/// through an import and run again, and every number is loaded exactly once.
/// </summary>
public sealed class ImportKillTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nb-cli-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task StockImport_CliProcessKilledHalfWay_RunAgainLoadsEveryNumberExactlyOnce()
    {
        const int ranges = 6000, size = 10, chunkLines = 100;
        using var service = new RestartableServiceProcess($"Data Source={Path.Combine(_dir, "service.db")}", ServiceFactory.OperatorKey);
        await service.StartAsync(TimeSpan.FromSeconds(60));

        var file = Path.Combine(_dir, "stock.csv");
        var text = new StringBuilder("start_at,end_at,number_type,area_code,city,region\n");
        for (var i = 0; i < ranges; i++) text.Append($"+{4920160000000L + i * size},+{4920160000000L + i * size + size - 1},local,201,Essen,NRW\n");
        await File.WriteAllTextAsync(file, text.ToString());
        var state = file + ".numberblocks-import";

        using (var cli = StartCli(service.BaseAddress, "stock", "import", file, "--chunk-lines", chunkLines.ToString()))
        {
            var watch = Stopwatch.StartNew();
            while (Acknowledged(state) < 15 && !cli.HasExited && watch.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(5);
            if (cli.HasExited) Assert.Fail($"the import ended before it could be killed: {await cli.StandardError.ReadToEndAsync()}");
            cli.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no last state write
            await cli.WaitForExitAsync();
        }
        var acknowledged = Acknowledged(state);
        Assert.InRange(acknowledged, 15, ranges / chunkLines - 1);

        using var resumed = StartCli(service.BaseAddress, "stock", "import", file, "--chunk-lines", chunkLines.ToString(), "--json");
        var output = await resumed.StandardOutput.ReadToEndAsync();
        var errors = await resumed.StandardError.ReadToEndAsync();
        await resumed.WaitForExitAsync();
        Assert.True(resumed.ExitCode == CliApp.Ok, $"exit {resumed.ExitCode}: {errors}");
        Assert.Contains($"Resuming {file}: {acknowledged} of {ranges / chunkLines}", errors);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0, report.GetProperty("refused_lines").GetInt64());
        Assert.Equal((long)ranges * size, report.GetProperty("loaded_numbers").GetInt64());

        using var op = new HttpClient { BaseAddress = service.BaseAddress };
        op.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceFactory.OperatorKey);
        var audit = (await (await op.GetAsync("/admin/v1/stock/audit")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
        Assert.Equal((long)ranges * size, audit.GetProperty("loaded").GetInt64());
        Assert.Equal(0, audit.GetProperty("overlapping_claims").GetInt64());
        Assert.True(audit.GetProperty("balanced").GetBoolean());
        var list = await (await op.GetAsync("/admin/v1/stock?page[size]=1")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(ranges, list.GetProperty("meta").GetProperty("total_results").GetInt64());
    }

    private static int Acknowledged(string statePath)
    {
        try
        {
            return File.Exists(statePath) ? JsonDocument.Parse(File.ReadAllText(statePath)).RootElement.GetProperty("acknowledged_chunks").GetInt32() : 0;
        }
        catch (IOException)
        {
            return 0; // being replaced right now; ask again
        }
    }

    private static Process StartCli(Uri service, params string[] args)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "numberblocks.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NUMBERBLOCKS_URL"] = service.ToString();
        start.Environment["NUMBERBLOCKS_OPERATOR_KEY"] = ServiceFactory.OperatorKey;
        return Process.Start(start) ?? throw new InvalidOperationException("the CLI did not start");
    }
}
