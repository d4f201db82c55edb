using System.Net;
using System.Net.Http.Json;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Cli.Tests;

/// <summary>portouts record | list | status | pin against the real service: the rules' answers, the carrier's completion, exit codes.</summary>
public sealed class PortoutCommandTests : CliHarness
{
    /// <summary>A number the account ported in (confirm, then the carrier's steps).</summary>
    private async Task<TestAccount> PortedInAsync(string number)
    {
        var account = await Service.NewAccountAsync();
        using var op = Service.Operator();
        var order = (await (await account.Client.PostAsync("/v2/porting_orders", Json.Body($$"""{"phone_numbers": ["{{number}}"]}""")))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id");
        await (await account.Client.PostAsync($"/v2/porting_orders/{order}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        foreach (var step in new object[] { new { status = "submitted" }, new { status = "foc-date-confirmed", foc_datetime_actual = "2026-01-01T08:00:00Z" }, new { status = "ported" } })
            await (await op.PostAsJsonAsync($"/admin/v1/porting_orders/{order}/status", step)).ExpectAsync(HttpStatusCode.OK);
        return account;
    }

    private static string[] Record(string number, string? pin = null) =>
        ["portouts", "record", number, "--carrier", "Other GmbH", "--spid", "D123", "--foc", "2030-01-15T08:00:00Z", "--end-user", "Acme GmbH",
            "--address", "Hauptstr. 1, Essen", .. pin is null ? Array.Empty<string>() : ["--pin", pin]];

    [Fact]
    public async Task RecordListAndStatus_ThroughTheOperatorApi()
    {
        var account = await PortedInAsync("+4930244999940");
        Assert.Equal(CliApp.Ok, (await RunAsync("portouts", "pin", account.Id.ToString(), "4711")).Exit);

        var wrong = await JsonAsync(Record("+4930244999940", "0000"));
        Assert.Equal(("rejected", 1001), (wrong.GetProperty("status").GetString(), wrong.GetProperty("rejection_code").GetInt32()));
        var recorded = await JsonAsync(Record("+4930244999940", "4711"));
        Assert.Equal("pending", recorded.GetProperty("status").GetString());
        var id = recorded.GetProperty("id").GetString()!;

        var table = await RunAsync("portouts", "list", "--status", "rejected");
        Assert.Equal(CliApp.Ok, table.Exit);
        Assert.Contains("1001", table.Out);
        var listed = await JsonAsync("portouts", "list", "--account", account.Id.ToString());
        Assert.Equal(2, listed.GetArrayLength());

        // The carrier cannot complete what the account has not authorized: the refusal names the field, exit 1.
        var refused = await RunAsync("portouts", "status", id, "ported");
        Assert.Equal(CliApp.Rejected, refused.Exit);
        Assert.Contains("/status", refused.Err);
        await (await account.Client.PatchAsync($"/v2/portouts/{id}/authorized", Json.Body("""{"reason": ""}"""))).ExpectAsync(HttpStatusCode.OK);
        var ported = await JsonAsync("portouts", "status", id, "ported");
        Assert.Equal("ported", ported.GetProperty("status").GetString());
        var numbers = await (await account.Client.GetAsync("/v2/phone_numbers")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, numbers.GetProperty("meta").GetProperty("total_results").GetInt32());

        Assert.Equal(CliApp.Rejected, (await RunAsync("portouts", "pin", account.Id.ToString(), "1")).Exit);
    }
}
