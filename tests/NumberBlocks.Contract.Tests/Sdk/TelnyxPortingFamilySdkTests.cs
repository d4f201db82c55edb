using NumberBlocks.Contract.Tests.Infrastructure;

namespace NumberBlocks.Contract.Tests.Sdk;

/// <summary>
/// Telnyx's unmodified Node SDK (npm telnyx 7.24.0) through every method of the porting family's documents half
/// (sdk/family-docs.mjs): documents, additional documents, requirements, action requirements, LOA template and
/// configurations, comments, allowed FOC windows, exception types. Every call succeeds or is refused where the script
/// expects; every data check holds, including each answer's members against the SDK interface it is declared as.
/// </summary>
public sealed class TelnyxPortingFamilySdkTests(ServiceHost service)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static SdkRun? _run;

    private async Task<SdkRun> RunAsync()
    {
        await Gate.WaitAsync();
        try
        {
            return _run ??= await SdkRunner.RunAsync(service, "family-docs.mjs", numberSeed: 3, TimeSpan.FromMinutes(5));
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The SDK methods of this half of the family; each must have been called successfully.</summary>
    private static readonly string[] Methods =
    [
        "documents.upload", "documents.uploadJson", "documents.list", "documents.retrieve", "documents.update", "documents.download", "documents.delete",
        "portingOrders.retrieveRequirements", "portingOrders.update", "additionalDocuments.create", "additionalDocuments.list", "additionalDocuments.delete",
        "actionRequirements.list", "actionRequirements.initiate", "portingOrders.retrieveAllowedFocWindows", "portingOrders.retrieveLoaTemplate",
        "loaConfigurations.create", "loaConfigurations.list", "loaConfigurations.retrieve", "loaConfigurations.update", "loaConfigurations.delete",
        "loaConfigurations.preview", "loaConfigurations.preview0", "loaConfigurations.preview1", "comments.create", "comments.list",
        "portingOrders.retrieveExceptionTypes", "portingOrders.actions.confirm",
    ];

    [Fact]
    public async Task Sdk_EveryFamilyCall_Succeeds()
    {
        var run = await RunAsync();
        var failed = run.Calls.Where(c => !c.Ok).Select(c => $"{c.Name}: {c.Error}").ToList();
        Report($"SDK calls passing: {run.Calls.Count - failed.Count} / {run.Calls.Count}");
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        foreach (var method in Methods)
            Assert.True(run.Calls.Any(c => c.Name.StartsWith(method, StringComparison.Ordinal) && c.Ok), $"{method} was never called successfully");
    }

    [Fact]
    public async Task Sdk_EveryAnswer_HasTheSdkShapeAndWhatTheDataSays()
    {
        var run = await RunAsync();
        var wrong = run.Checks.Where(c => !c.Ok).Select(c => $"{c.Name}: expected {c.Expected.GetRawText()}, got {c.Actual.GetRawText()}").ToList();
        Report($"data checks passing: {run.Checks.Count - wrong.Count} / {run.Checks.Count}");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(run.Checks.Count >= 40, $"only {run.Checks.Count} checks ran");
    }

    private static void Report(string line) => TestContext.Current.SendDiagnosticMessage("[telnyx sdk family-docs] " + line);
}
