using System.CommandLine;
using System.Text.Json;
using static NumberBlocks.Cli.CliContext;

namespace NumberBlocks.Cli;

/// <summary>properties create | list: an account's properties (brands or sites) that bought number blocks are put in.</summary>
public static class PropertyCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, CliContext> context)
    {
        var properties = new Command("properties", "An account's properties (brands or sites), which number blocks are bought into.")
            .WithExample("numberblocks properties list 0190c7c1-…");

        var accountId = new Argument<string>("account-id") { Description = "The account's id (its AccountSid)." };
        var name = new Argument<string>("name") { Description = "The property's name." };
        var create = new Command("create", "Create a property for an account.").WithExample("numberblocks properties create 0190c7c1-… \"Acme Sydney\"");
        create.Arguments.Add(accountId);
        create.Arguments.Add(name);
        create.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var data = CliApp.Data(await c.Service.PostAsync($"admin/v1/accounts/{CliApp.Segment(parse.GetValue(accountId))}/properties", new { name = parse.GetValue(name) }, ct));
            c.Table(data, Columns);
            return CliApp.Ok;
        });

        var list = new Command("list", "List an account's properties, oldest first.").WithExample("numberblocks properties list 0190c7c1-… --json");
        list.Arguments.Add(accountId);
        list.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            c.Table(CliApp.Data(await c.Service.GetAsync($"admin/v1/accounts/{CliApp.Segment(parse.GetValue(accountId))}/properties", ct)), Columns);
            return CliApp.Ok;
        });

        properties.Subcommands.Add(create);
        properties.Subcommands.Add(list);
        yield return properties;
    }

    private static readonly (string, Func<JsonElement, string?>)[] Columns =
        [("PropertySid", e => Str(e, "PropertySid")), ("AccountSid", e => Str(e, "AccountSid")), ("Name", e => Str(e, "Name")), ("DateCreated", e => Str(e, "DateCreated"))];
}
