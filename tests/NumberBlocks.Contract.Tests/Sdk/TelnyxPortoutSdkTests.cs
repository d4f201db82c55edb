using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Sdk;

/// <summary>
/// Telnyx's unmodified Node SDK through every portouts method (list with its filters, retrieve, updateStatus,
/// listRejectionCodes, comments, supportingDocuments, events, reports): each call succeeds (or is refused exactly where
/// the script expects it) and each answer carries what the data says (sdk/portouts.mjs).
/// </summary>
public sealed class TelnyxPortoutSdkTests(ServiceHost service)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SdkRun? _result;

    /// <summary>The SDK's portouts methods, each of which the script must call.</summary>
    private static readonly string[] Methods =
    [
        "portouts.list", "portouts.retrieve", "portouts.updateStatus (authorized)", "portouts.updateStatus (rejected-pending)",
        "portouts.listRejectionCodes", "portouts.comments.create", "portouts.comments.list", "portouts.supportingDocuments.create",
        "portouts.supportingDocuments.list", "portouts.events.list", "portouts.events.retrieve", "portouts.events.republish",
        "portouts.reports.create", "portouts.reports.retrieve", "portouts.reports.list",
    ];

    private async Task<SdkRun> RunAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _result ??= await SdkRunner.RunAsync(service, "portouts.mjs", numberSeed: 3, TimeSpan.FromMinutes(5));
        }
        finally
        {
            Gate.Release();
        }
    }

    [Fact]
    public async Task Sdk_EveryPortoutsCall_Succeeds()
    {
        var run = await RunAsync();
        var failed = run.Calls.Where(c => !c.Ok).Select(c => $"{c.Name}: {c.Error}").ToList();
        TestContext.Current.SendDiagnosticMessage($"[telnyx sdk portouts] calls passing: {run.Calls.Count - failed.Count} / {run.Calls.Count}");
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        Assert.Empty(Methods.Except(run.Calls.Select(c => c.Name)));
    }

    [Fact]
    public async Task Sdk_EveryFilterDecisionAndCompletion_AnswersWhatTheDataSays()
    {
        var run = await RunAsync();
        var wrong = run.Checks.Where(c => !c.Ok).Select(c => $"{c.Name}: expected {c.Expected.GetRawText()}, got {c.Actual.GetRawText()}").ToList();
        TestContext.Current.SendDiagnosticMessage($"[telnyx sdk portouts] data checks passing: {run.Checks.Count - wrong.Count} / {run.Checks.Count}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(run.Checks.Count >= 30, $"only {run.Checks.Count} checks ran");
    }

    [Fact]
    public async Task Sdk_EveryExchange_StaysUnderPortouts()
    {
        // The SDK reached NumberBlocks only through its portouts paths (and the script's own porting and reads).
        var run = await RunAsync();
        var portouts = run.Exchanges.Where(e => new Uri(e.Url).AbsolutePath.StartsWith("/v2/portouts", StringComparison.Ordinal)).ToList();
        Assert.True(portouts.Count >= 25, $"only {portouts.Count} port-out exchanges");
        Assert.All(portouts.Where(e => e.Status is >= 200 and < 300 && e.Status != 204), e => Assert.StartsWith("application/json", e.ContentType));
    }
}
