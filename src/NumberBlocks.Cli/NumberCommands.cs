using System.CommandLine;
using System.Text.Json;
using static NumberBlocks.Cli.CliContext;

namespace NumberBlocks.Cli;

/// <summary>numbers history: who held one number when, from the ledger's history.</summary>
public static class NumberCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, CliContext> context)
    {
        var numbers = new Command("numbers", "Single numbers: who held them when.").WithExample("numberblocks numbers history +4920123456000");

        var number = new Argument<string>("e164") { Description = "The number, E.164 (+4920123456000)." };
        var at = new Option<string?>("--at") { Description = "Only who held it at this RFC 3339 instant (2026-01-05T09:00:00Z)." };
        var history = new Command("history", "Every holder of the number, oldest first; TO is empty while held.")
            .WithExample("numberblocks numbers history +4920123456000 --at 2026-01-05T09:00:00Z");
        history.Arguments.Add(number);
        history.Options.Add(at);
        history.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var query = $"admin/v1/numbers/{CliApp.Segment(parse.GetValue(number))}/history" +
                (parse.GetValue(at) is { } instant ? $"?at={Uri.EscapeDataString(instant)}" : "");
            c.Table(CliApp.Data(await c.Service.GetAsync(query, ct)), Columns);
            return CliApp.Ok;
        });

        numbers.Subcommands.Add(history);
        yield return numbers;
    }

    private static readonly (string, Func<JsonElement, string?>)[] Columns =
    [
        ("Kind", e => Str(e, "kind")), ("AccountId", e => Str(e, "account_id")), ("HolderId", e => Str(e, "holder_id")),
        ("From", e => Str(e, "from")), ("To", e => Str(e, "to")), ("EndReason", e => Str(e, "end_reason")),
        ("Range", e => $"{Str(e, "range_start")}..{Str(e, "range_end")}"),
    ];
}
