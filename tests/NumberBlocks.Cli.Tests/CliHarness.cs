using System.Net;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Cli.Tests;

/// <summary>A real service in-process (fresh SQLite database per test class) and the CLI run against it over its HTTP handler.</summary>
public abstract class CliHarness : IAsyncLifetime
{
    protected ServiceFactory Service { get; } = new();

    public virtual ValueTask InitializeAsync() { _ = Service.Server; return ValueTask.CompletedTask; }
    public virtual async ValueTask DisposeAsync() => await Service.DisposeAsync();

    /// <summary>Runs the CLI with --url and --operator-key of the test service; <paramref name="handler"/> may wrap the service's.</summary>
    protected async Task<CliRun> RunAsync(string[] args, HttpMessageHandler? handler = null, CancellationToken cancellation = default)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var all = args.Concat(["--url", "http://localhost", "--operator-key", ServiceFactory.OperatorKey]).ToArray();
        var exit = await CliApp.RunAsync(all, stdout, stderr, handler ?? Service.Server.CreateHandler(), cancellation);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    protected Task<CliRun> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Runs a --json command that must succeed; returns its parsed output.</summary>
    protected async Task<JsonElement> JsonAsync(params string[] args)
    {
        var run = await RunAsync([.. args, "--json"]);
        Assert.True(run.Exit == CliApp.Ok, $"exit {run.Exit}: {run.Err}");
        return JsonDocument.Parse(run.Out).RootElement.Clone();
    }

    protected async Task<JsonElement> AuditAsync()
    {
        using var op = Service.Operator();
        return (await (await op.GetAsync("/admin/v1/stock/audit")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
    }
}

public sealed record CliRun(int Exit, string Out, string Err);
