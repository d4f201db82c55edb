using System.Net;
using System.Text.Json;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Cli.Tests;

/// <summary>The CLI against a real service in-process, over its HTTP handler.</summary>
public sealed class CliTests : CliHarness
{

    [Fact]
    public async Task AccountsCreate_Json_PrintsTheNewKeyThatWorks()
    {
        var (exit, output, _) = await RunAsync("accounts", "create", "Acme GmbH", "--json");
        Assert.Equal(CliApp.Ok, exit);
        var data = JsonDocument.Parse(output).RootElement;
        Assert.Equal("Acme GmbH", data.GetProperty("name").GetString());
        var key = data.GetProperty("api_key").GetString()!;

        using var client = Service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/porting_orders")).StatusCode);

        var (listExit, list, _) = await RunAsync("accounts", "list", "--json");
        Assert.Equal(CliApp.Ok, listExit);
        Assert.Contains(JsonDocument.Parse(list).RootElement.EnumerateArray(), a => a.GetProperty("name").GetString() == "Acme GmbH");
    }

    [Fact]
    public async Task AccountsKeys_IssueAndRevoke_RevokedKeyStopsWorking()
    {
        var account = await Service.NewAccountAsync();
        var (exit, output, _) = await RunAsync("accounts", "issue-key", account.Id.ToString(), "--json");
        Assert.Equal(CliApp.Ok, exit);
        var issued = JsonDocument.Parse(output).RootElement;

        var (revokeExit, _, _) = await RunAsync("accounts", "revoke-key", account.Id.ToString(), issued.GetProperty("id").GetString()!);
        Assert.Equal(CliApp.Ok, revokeExit);
        using var client = Service.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", issued.GetProperty("api_key").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v2/porting_orders")).StatusCode);

        var (keysExit, keys, _) = await RunAsync("accounts", "keys", account.Id.ToString());
        Assert.Equal(CliApp.Ok, keysExit);
        Assert.Contains(issued.GetProperty("id").GetString()!, keys); // the human table lists it
    }

    [Fact]
    public async Task Porting_CarrierMovesToPorted_AndShowDrawsTheBlockMap()
    {
        var account = await Service.NewAccountAsync();
        var created = await account.Client.PostAsync("/v2/porting_orders", Json.Body("""
            {"phone_number_blocks": [{"phone_number_range": {"start_at": "+4920123456000", "end_at": "+4920123456099"},
              "activation_ranges": [{"start_at": "+4920123456000", "end_at": "+4920123456064"}, {"start_at": "+4920123456087", "end_at": "+4920123456087"}]}]}
            """));
        var id = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].GetProperty("id").GetString()!;
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);

        foreach (var status in new[] { "submitted", "foc-date-confirmed", "ported" })
        {
            // Issue 6: foc-date-confirmed carries the actual FOC date/time.
            var (exit, _, err) = status == "foc-date-confirmed"
                ? await RunAsync("porting", "move", id, status, "--foc-actual", "2026-12-01T08:00:00Z")
                : await RunAsync("porting", "move", id, status);
            Assert.True(exit == CliApp.Ok, err);
        }
        var (listExit, list, _) = await RunAsync("porting", "list", "--status", "ported", "--json");
        Assert.Equal(CliApp.Ok, listExit);
        Assert.Single(JsonDocument.Parse(list).RootElement.EnumerateArray());

        var (showExit, shown, _) = await RunAsync("porting", "show", id);
        Assert.Equal(CliApp.Ok, showExit);
        Assert.Contains("66 active, 34 inactive", shown);
        var rows = shown.Split('\n').Where(l => l.TrimStart().StartsWith("+49")).Select(l => l.Trim()).ToList();
        Assert.Equal(2, rows.Count); // 50 numbers a row
        Assert.StartsWith("+4920123456050 ", rows[1]);
        Assert.Equal(5, rows[0].Split(' ').Length - 1); // groups of 10
        var map = string.Concat(rows.Select(r => string.Concat(r.Split(' ').Skip(1))));
        Assert.Equal(100, map.Length);
        Assert.Equal(66, map.Count(ch => ch == PortingCommands.Active));
        Assert.Equal(PortingCommands.Active, map[87]);
        Assert.Equal(PortingCommands.Inactive, map[65]);
    }

    [Fact]
    public async Task PortingList_StatusAll_ListsEveryOrderUnderADescriptionColumn()
    {
        var account = await Service.NewAccountAsync();
        foreach (var number in new[] { "+4930244999801", "+4930244999802" })
            await (await account.Client.PostAsync("/v2/porting_orders", Json.Body($$"""{"phone_numbers": ["{{number}}"]}"""))).ExpectAsync(HttpStatusCode.Created);
        var first = (await (await account.Client.GetAsync("/v2/porting_orders")).ExpectAsync(HttpStatusCode.OK)).GetProperty("data")[0].GetProperty("id").GetString()!;
        await (await account.Client.PostAsync($"/v2/porting_orders/{first}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);

        var (exit, list, err) = await RunAsync("porting", "list", "--status", "all", "--json");
        Assert.True(exit == CliApp.Ok, err);
        Assert.Equal(2, JsonDocument.Parse(list).RootElement.GetArrayLength());
        var (tableExit, table, _) = await RunAsync("porting", "list", "--status", "ALL");
        Assert.Equal(CliApp.Ok, tableExit);
        Assert.Contains("description", table);
        Assert.DoesNotContain("country", table);
    }

    [Fact]
    public async Task Move_IllegalTransition_Exits1WithTheServicesMessage()
    {
        var account = await Service.NewAccountAsync();
        var created = await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+4930244999901"]}"""));
        var id = (await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].GetProperty("id").GetString()!;
        var (exit, _, err) = await RunAsync("porting", "move", id, "ported");
        Assert.Equal(CliApp.Rejected, exit);
        Assert.Contains("/status", err);
        Assert.Contains("cannot move to 'ported'", err);
    }

    [Fact]
    public async Task Usage_UnknownCommandOrMissingArgument_Exits2()
    {
        Assert.Equal(CliApp.Usage, (await RunAsync("accounts", "frobnicate")).Exit);
        Assert.Equal(CliApp.Usage, (await RunAsync("accounts", "create")).Exit);
    }

    [Fact]
    public async Task Help_EveryCommandShowsAnExample()
    {
        var paths = CliApp.CommandPaths().ToList();
        Assert.True(paths.Count >= 34, $"only {paths.Count} commands"); // 8 groups, 26 commands
        foreach (var command in paths)
        {
            var (exit, output, _) = await RunAsync([.. command, "--help"]);
            Assert.Equal(CliApp.Ok, exit);
            var example = command.Length == 1 ? $"Example: numberblocks {command[0]} " : $"Example: numberblocks {string.Join(' ', command)}";
            Assert.True(output.Contains(example), $"{string.Join(' ', command)} --help has no example of itself:\n{output}");
        }
    }

    [Fact]
    public async Task ServiceDown_GivesOneClearLine()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["accounts", "list", "--url", "http://127.0.0.1:1", "--operator-key", "x"], stdout, stderr);
        Assert.Equal(CliApp.Unreachable, exit);
        var lines = stderr.ToString().Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains("Cannot reach the NumberBlocks service", lines[0]);
    }

    [Fact]
    public async Task WrongOperatorKey_Exits1()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(["accounts", "list", "--url", "http://localhost", "--operator-key", "wrong"], stdout, stderr, Service.Server.CreateHandler());
        Assert.Equal(CliApp.Rejected, exit);
        Assert.Contains("401", stderr.ToString());
    }
}

/// <summary>The block map drawn by 'porting show', on its own.</summary>
public sealed class BlockMapTests
{
    private static JsonElement Number(long n, bool active) =>
        JsonDocument.Parse($$"""{"phone_number": "+{{n}}", "activate": {{(active ? "true" : "false")}}}""").RootElement.Clone();

    [Fact]
    public void DrawBlock_TenNumbers_OneRowOneGroup()
    {
        var rows = PortingCommands.DrawBlock(Enumerable.Range(0, 10).Select(i => Number(4920123456000 + i, i < 3)).ToList()).ToList();
        Assert.Equal(["+4920123456000 ███·······"], rows);
    }

    [Fact]
    public void DrawBlock_LargerThanAThousand_SummarisedAsRuns()
    {
        var numbers = Enumerable.Range(0, 2000).Select(i => Number(4920123450000 + i, i < 650 || i >= 1999)).ToList();
        var rows = PortingCommands.DrawBlock(numbers).ToList();
        Assert.Equal(
        [
            "+4920123450000 .. +4920123450649  █ 650 active",
            "+4920123450650 .. +4920123451998  · 1349 inactive",
            "+4920123451999 .. +4920123451999  █ 1 active",
        ], rows);
    }
}
