using System.CommandLine;
using System.Text.Json;
using static NumberBlocks.Cli.CliContext;

namespace NumberBlocks.Cli;

/// <summary>blocks publish | list: number blocks for sale (the Fone Dynamics-style catalogue).</summary>
public static class BlockCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, CliContext> context)
    {
        var blocks = new Command("blocks", "Number blocks for sale: publish them, list them with their buyers.").WithExample("numberblocks blocks list --status available");

        var start = new Argument<string>("start") { Description = "First number of the block, E.164 (+61288800000)." };
        var end = new Argument<string>("end") { Description = "Last number of the block, inclusive (+61288800099)." };
        var type = new Option<string?>("--type") { Description = "Number type (local, national, mobile, toll-free, …)." };
        var areaCode = new Option<string?>("--area-code") { Description = "Area code the block is listed under." };
        var sms = new Option<bool?>("--sms") { Description = "SMS-capable (default: false)." };
        var voice = new Option<bool?>("--voice") { Description = "Voice-capable (default: true)." };
        var publish = new Command("publish", "Publish a block of 10, 100 or 1000 numbers for sale.")
            .WithExample("numberblocks blocks publish +61288800000 +61288800099 --type local --area-code 2 --voice true --sms false");
        publish.Arguments.Add(start);
        publish.Arguments.Add(end);
        foreach (var o in new Option[] { type, areaCode, sms, voice }) publish.Options.Add(o);
        publish.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var body = new Dictionary<string, object?> { ["start_at"] = parse.GetValue(start), ["end_at"] = parse.GetValue(end) };
            if (parse.GetValue(type) is { } t) body["number_type"] = t;
            if (parse.GetValue(areaCode) is { } a) body["area_code"] = a;
            if (parse.GetValue(sms) is { } s) body["sms"] = s;
            if (parse.GetValue(voice) is { } v) body["voice"] = v;
            c.Table(CliApp.Data(await c.Service.PostAsync("admin/v1/numberblocks", body, ct)), Columns);
            return CliApp.Ok;
        });

        var status = new Option<string?>("--status") { Description = "available or sold." };
        var page = CliApp.PageOption();
        var list = new Command("list", "List blocks for sale and sold, oldest first, 250 a page.").WithExample("numberblocks blocks list --status available");
        list.Options.Add(status);
        list.Options.Add(page);
        list.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var query = $"admin/v1/numberblocks?page[size]=250&page[number]={parse.GetValue(page)}" + CliApp.Filter("status", parse.GetValue(status));
            c.Table(CliApp.Data(await c.Service.GetAsync(query, ct)), Columns);
            return CliApp.Ok;
        });

        blocks.Subcommands.Add(publish);
        blocks.Subcommands.Add(list);
        yield return blocks;
    }

    private static readonly (string, Func<JsonElement, string?>)[] Columns =
    [
        ("NumberBlockSid", e => Str(e, "NumberBlockSid")), ("NumberPattern", e => Str(e, "NumberPattern")), ("Size", e => Str(e, "Size")),
        ("Type", e => Str(e, "NumberType")), ("AreaCode", e => Str(e, "AreaCode")), ("Voice", e => Str(e, "Voice")), ("Sms", e => Str(e, "Sms")),
        ("Status", e => Str(e, "Status")), ("AccountSid", e => Str(e, "AccountSid")),
    ];
}
