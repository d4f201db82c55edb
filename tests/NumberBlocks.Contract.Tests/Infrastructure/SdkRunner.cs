using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace NumberBlocks.Contract.Tests.Infrastructure;

/// <summary>One SDK call of a suite's script: its name, and the error when it failed.</summary>
public sealed record SdkCall(string Name, bool Ok, string? Error);

/// <summary>A comparison the script made from data (expected and actual as JSON).</summary>
public sealed record SdkCheck(string Name, JsonElement Expected, JsonElement Actual, bool Ok);

/// <summary>One HTTP exchange the SDK made, with the raw body it received.</summary>
public sealed record SdkExchange(string Method, string Url, int Status, string? ContentType, string Body);

/// <summary>What a suite's script printed.</summary>
public sealed record SdkRun(IReadOnlyList<SdkCall> Calls, IReadOnlyList<SdkCheck> Checks, IReadOnlyList<SdkExchange> Exchanges);

/// <summary>
/// Runs a provider's official Node SDK against the service: one script per resource family under sdk/ (porting.mjs, …),
/// sharing one package.json whose package-lock.json pins the SDK. node_modules is restored with "npm ci" when missing
/// (test.sh does it first; after that no network is needed). A script reads NB_BASE_URL, NB_API_KEY,
/// NB_OPERATOR_KEY and NB_NUMBER_SEED and prints one JSON object {calls, checks, exchanges}.
/// </summary>
public static class SdkRunner
{
    private static readonly SemaphoreSlim Restore = new(1, 1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Folder { get; } = Path.Combine(ServiceHost.RepositoryRoot, "tests", "NumberBlocks.Contract.Tests", "sdk");

    /// <summary>Runs sdk/<paramref name="script"/> against <paramref name="service"/> with a fresh account of its own.</summary>
    public static async Task<SdkRun> RunAsync(ServiceHost service, string script, int numberSeed, TimeSpan timeout)
    {
        await EnsureRestoredAsync();
        var account = await service.NewAccountAsync("SDK " + script);
        var (code, stdout, stderr) = await RunProcessAsync("node", [Path.Combine(Folder, script)], timeout, new Dictionary<string, string>
        {
            ["NB_BASE_URL"] = service.Url.ToString().TrimEnd('/'),
            ["NB_API_KEY"] = account.ApiKey,
            ["NB_OPERATOR_KEY"] = ServiceHost.OperatorKey,
            ["NB_NUMBER_SEED"] = numberSeed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (code != 0 || stdout.Length == 0)
            throw new InvalidOperationException($"node {script} exited with {code}:\n{stderr}\n{stdout}");
        return JsonSerializer.Deserialize<SdkRun>(stdout, Json) ?? throw new InvalidOperationException($"node {script} printed no result.");
    }

    private static async Task EnsureRestoredAsync()
    {
        await Restore.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(Folder, "node_modules", "telnyx"))) return;
            var (code, stdout, stderr) = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(5), new Dictionary<string, string>());
            if (code != 0) throw new InvalidOperationException($"npm ci in {Folder} failed ({code}):\n{stderr}\n{stdout}");
        }
        finally
        {
            Restore.Release();
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunProcessAsync(string file, IReadOnlyList<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeout}: {await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
