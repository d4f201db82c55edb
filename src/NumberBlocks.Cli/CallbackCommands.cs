using System.CommandLine;
using System.Text.Json;
using static NumberBlocks.Cli.CliContext;

namespace NumberBlocks.Cli;

/// <summary>callbacks list | show | redeliver: signed webhooks and e-mails in the outbox, failed deliveries first.</summary>
public static class CallbackCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, CliContext> context)
    {
        var callbacks = new Command("callbacks", "Webhook and e-mail deliveries (the outbox): list failed ones, redeliver them.").WithExample("numberblocks callbacks list");

        var status = new Option<string>("--status") { Description = "failed (default), pending, delivered, recorded, or 'all'.", DefaultValueFactory = _ => "failed" };
        var account = new Option<string?>("--account") { Description = "Only this account's deliveries." };
        var channel = new Option<string?>("--channel") { Description = "webhook or email." };
        var page = CliApp.PageOption();
        var list = new Command("list", "List deliveries, newest first; failed ones unless --status says otherwise.")
            .WithExample("numberblocks callbacks list --account 0190c7c1-…");
        foreach (var o in new Option[] { status, account, channel, page }) list.Options.Add(o);
        list.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var s = parse.GetValue(status);
            var query = $"admin/v1/outbox?page[size]=250&page[number]={parse.GetValue(page)}" + CliApp.Filter("status", s == "all" ? null : s)
                + CliApp.Filter("account_id", parse.GetValue(account)) + CliApp.Filter("channel", parse.GetValue(channel));
            c.Table(CliApp.Data(await c.Service.GetAsync(query, ct)), Columns);
            return CliApp.Ok;
        });

        var id = new Argument<string>("id") { Description = "The delivery's id (the outbox message id, not the msg_ webhook-id)." };
        var show = new Command("show", "Show one delivery with the exact payload it sends.").WithExample("numberblocks callbacks show 0190c7c1-… --json");
        show.Arguments.Add(id);
        show.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var data = CliApp.Data(await c.Service.GetAsync($"admin/v1/outbox/{CliApp.Segment(parse.GetValue(id))}", ct));
            c.Table(data, [.. Columns, ("payload", e => Str(e, "payload"))]);
            return CliApp.Ok;
        });

        var redeliver = new Command("redeliver",
            "Send a failed delivery again: it goes back to pending, due now, with the same webhook-id so the receiver can deduplicate.")
            .WithExample("numberblocks callbacks redeliver 0190c7c1-…");
        redeliver.Arguments.Add(id);
        redeliver.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            c.Table(CliApp.Data(await c.Service.PostAsync($"admin/v1/outbox/{CliApp.Segment(parse.GetValue(id))}/redeliver", null, ct)), Columns);
            return CliApp.Ok;
        });

        foreach (var sub in new[] { list, show, redeliver }) callbacks.Subcommands.Add(sub);
        yield return callbacks;
    }

    private static readonly (string, Func<JsonElement, string?>)[] Columns =
    [
        ("id", e => Str(e, "id")), ("webhook_id", e => Str(e, "webhook_id")), ("account", e => Str(e, "account_id")), ("channel", e => Str(e, "channel")),
        ("event", e => Str(e, "event_type")), ("destination", e => Str(e, "destination")), ("status", e => Str(e, "status")),
        ("attempts", e => Str(e, "attempts")), ("last_status", e => Str(e, "last_status_code")), ("last_error", e => Str(e, "last_error")),
        ("created_at", e => Str(e, "created_at")),
    ];
}
