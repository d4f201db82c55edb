using System.Text.Json.Nodes;
using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Sdk;

/// <summary>
/// Telnyx's unmodified Node SDK (npm telnyx 7.24.0) through the block deletion jobs — phoneNumberBlocks.jobs
/// deletePhoneNumberBlock, list, retrieve — and phoneNumbers.delete, against the service: every call succeeds or is
/// refused exactly where the script expects, the data checks hold, and every job body the SDK received validates
/// against the ordering extract's PhoneNumberBlocksJob schemas.
/// </summary>
public sealed class TelnyxBlockJobsSdkTests(ServiceHost service)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (SdkRun Run, ProviderSpec Spec)? _result;

    private async Task<(SdkRun Run, ProviderSpec Spec)> RunAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _result ??= (await SdkRunner.RunAsync(service, "blockjobs.mjs", numberSeed: 3, TimeSpan.FromMinutes(5)),
                await ProviderSpec.LoadAsync("telnyx-number-blocks-ordering-extract.yml"));
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task Sdk_EveryBlockJobCall_SucceedsOrIsRefusedAsExpected_AndTheDataChecksHold()
    {
        var (run, _) = await RunAsync();
        var failed = run.Calls.Where(c => !c.Ok).Select(c => $"{c.Name}: {c.Error}").ToList();
        var wrong = run.Checks.Where(c => !c.Ok).Select(c => $"{c.Name}: expected {c.Expected.GetRawText()}, got {c.Actual.GetRawText()}").ToList();
        Report($"SDK calls passing: {run.Calls.Count - failed.Count} / {run.Calls.Count}; data checks passing: {run.Checks.Count - wrong.Count} / {run.Checks.Count}");
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        foreach (var method in new[] { "phoneNumberBlocks.jobs.deletePhoneNumberBlock", "phoneNumberBlocks.jobs.retrieve", "phoneNumberBlocks.jobs.list", "phoneNumbers.delete" })
            Assert.Contains(run.Calls, c => c.Name.StartsWith(method, StringComparison.Ordinal) && c.Ok);
        Assert.True(run.Checks.Count >= 12, $"only {run.Checks.Count} checks ran");
    }

    [Fact]
    public async Task Sdk_EveryJobBodyItReceived_ValidatesAgainstTheOrderingExtract()
    {
        var (run, spec) = await RunAsync();
        var problems = new List<string>();
        var validated = 0;
        foreach (var exchange in run.Exchanges)
        {
            var url = new Uri(exchange.Url);
            if (!url.AbsolutePath.StartsWith("/v2/phone_number_blocks/jobs", StringComparison.Ordinal)) continue;
            validated++;
            if (exchange.Status is < 200 or > 299)
            {
                problems.AddRange(spec.Schemas.Problems(new JsonObject { ["$ref"] = "#/components/schemas/numbers_Errors" },
                    System.Text.Json.JsonDocument.Parse(exchange.Body).RootElement).Select(p => $"{exchange.Method} {url.PathAndQuery} {exchange.Status}: {p}"));
                continue;
            }
            if (spec.Match(exchange.Method, url) is not { } operation) { problems.Add($"{exchange.Method} {url.PathAndQuery}: not in the extract"); continue; }
            var found = spec.Problems(operation, exchange.Status, exchange.Body);
            if (found is null) { problems.Add($"{operation.OperationId}: status {exchange.Status} is not documented"); continue; }
            problems.AddRange(found.Select(p => $"{operation.OperationId} [{exchange.Method} {url.PathAndQuery}] {exchange.Status}: {p}"));
        }
        Report($"job exchanges validated: {validated}");
        Assert.True(validated >= 8, $"only {validated} job exchanges");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct().Take(60)));
    }

    private static void Report(string line) => TestContext.Current.SendDiagnosticMessage("[telnyx block jobs sdk] " + line);
}
