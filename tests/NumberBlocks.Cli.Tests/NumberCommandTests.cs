using System.Text.Json;

namespace NumberBlocks.Cli.Tests;

/// <summary>numbers history: the ledger's periods of one number, as JSON and as a table, with --at and refusals.</summary>
public sealed class NumberCommandTests : CliHarness
{
    [Fact]
    public async Task NumbersHistory_StockedNumber_OnePeriodHeldByStock_AtBeforeIsEmpty_BadNumberRefused()
    {
        await JsonAsync("stock", "add", "+4930123460000", "+4930123460999", "--type", "local", "--area-code", "30", "--city", "Berlin");

        var history = await JsonAsync("numbers", "history", "+4930123460042");
        var period = Assert.Single(history.EnumerateArray());
        Assert.Equal("stock", period.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, period.GetProperty("to").ValueKind);
        Assert.Equal("+4930123460000", period.GetProperty("range_start").GetString());

        var table = await RunAsync("numbers", "history", "+4930123460042");
        Assert.Equal(CliApp.Ok, table.Exit);
        Assert.Contains("stock", table.Out);

        var from = period.GetProperty("from").GetDateTimeOffset();
        Assert.Empty((await JsonAsync("numbers", "history", "+4930123460042", "--at", from.AddDays(-1).ToString("O"))).EnumerateArray());
        // The instant as the answer wrote it names that period: history keeps the answer's millisecond precision.
        Assert.Single((await JsonAsync("numbers", "history", "+4930123460042", "--at", period.GetProperty("from").GetString()!)).EnumerateArray());

        var bad = await RunAsync("numbers", "history", "4930123460042");
        Assert.Equal(CliApp.Rejected, bad.Exit);
        Assert.Contains("e164", bad.Err);
    }
}
