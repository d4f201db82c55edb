using System.CommandLine;
using static NumberBlocks.Cli.CliContext;

namespace NumberBlocks.Cli;

/// <summary>portouts record | list | status | pin: another carrier's port-out requests, recorded and completed by the operator.</summary>
public static class PortoutCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, CliContext> context)
    {
        var portouts = new Command("portouts", "Port-outs: another carrier's requests to take numbers away, across all accounts.")
            .WithExample("numberblocks portouts list --status pending");

        var numbers = new Argument<string[]>("phone-numbers") { Description = "The numbers the gaining carrier asks for (+E.164), every number of a block held as a block.", Arity = ArgumentArity.OneOrMore };
        var carrier = new Option<string>("--carrier") { Description = "The gaining carrier's name.", Required = true };
        var spid = new Option<string>("--spid") { Description = "The gaining carrier's SPID.", Required = true };
        var foc = new Option<string>("--foc") { Description = "The requested FOC date/time (RFC 3339).", Required = true };
        var endUser = new Option<string>("--end-user") { Description = "The end user's name as the gaining carrier gives it.", Required = true };
        var address = new Option<string>("--address") { Description = "The service address as given.", Required = true };
        var pin = new Option<string?>("--pin") { Description = "The port-out PIN as given." };
        var record = new Command("record", "Record a carrier's port-out request: pending, or rejected at once with its code (1001 PIN, 1002 not one account, 1003 part of a block).")
            .WithExample("numberblocks portouts record +4920123456000 +4920123456001 --carrier \"Other GmbH\" --spid D123 --foc 2026-12-15T08:00:00Z --end-user \"Acme GmbH\" --address \"Hauptstr. 1, Essen\" --pin 4711");
        record.Arguments.Add(numbers);
        foreach (var o in new Option[] { carrier, spid, foc, endUser, address, pin }) record.Options.Add(o);
        record.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var body = new Dictionary<string, object?>
            {
                ["phone_numbers"] = parse.GetValue(numbers), ["carrier_name"] = parse.GetValue(carrier), ["spid"] = parse.GetValue(spid),
                ["requested_foc_date"] = parse.GetValue(foc), ["end_user_name"] = parse.GetValue(endUser), ["service_address"] = parse.GetValue(address),
                ["pin"] = parse.GetValue(pin),
            };
            var data = CliApp.Data(await c.Service.PostAsync("admin/v1/portouts", body, ct));
            c.Table(data, Columns);
            return CliApp.Ok;
        });

        var status = new Option<string?>("--status") { Description = "Only port-outs in this status (pending, authorized, ported, rejected, rejected-pending, canceled)." };
        var account = new Option<string?>("--account") { Description = "Only this account's port-outs." };
        var page = CliApp.PageOption();
        var list = new Command("list", "List port-outs, newest first.").WithExample("numberblocks portouts list --status authorized");
        list.Options.Add(status);
        list.Options.Add(account);
        list.Options.Add(page);
        list.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var query = $"admin/v1/portouts?page[size]=250&page[number]={parse.GetValue(page)}" + CliApp.Filter("status", parse.GetValue(status))
                + CliApp.Filter("account_id", parse.GetValue(account));
            c.Table(CliApp.Data(await c.Service.GetAsync(query, ct)), Columns);
            return CliApp.Ok;
        });

        var id = new Argument<string>("portout-id") { Description = "The port-out's id." };
        var target = new Argument<string>("status") { Description = "ported (the numbers leave now) or canceled." };
        var move = new Command("status", "Report the gaining carrier's status of a port-out: ported or canceled.")
            .WithExample("numberblocks portouts status 0190c7c1-… ported");
        move.Arguments.Add(id);
        move.Arguments.Add(target);
        move.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var data = CliApp.Data(await c.Service.PostAsync($"admin/v1/portouts/{CliApp.Segment(parse.GetValue(id))}/status",
                new Dictionary<string, object?> { ["status"] = parse.GetValue(target) }, ct));
            c.Table(data, Columns);
            return CliApp.Ok;
        });

        var accountId = new Argument<string>("account-id") { Description = "The account's id." };
        var newPin = new Argument<string>("pin") { Description = "4 to 16 letters or digits; stored only as a hash." };
        var number = new Option<string?>("--number") { Description = "Set the PIN of this number only (it wins over the account's)." };
        var setPin = new Command("pin", "Set an account's port-out PIN, or one number's.").WithExample("numberblocks portouts pin 0190c7c1-… 4711 --number +4920123456000");
        setPin.Arguments.Add(accountId);
        setPin.Arguments.Add(newPin);
        setPin.Options.Add(number);
        setPin.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var body = new Dictionary<string, object?> { ["pin"] = parse.GetValue(newPin), ["phone_number"] = parse.GetValue(number) };
            var data = CliApp.Data(await c.Service.SendAsync(HttpMethod.Put, $"admin/v1/accounts/{CliApp.Segment(parse.GetValue(accountId))}/portout_pin",
                new StringContent(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"), ct));
            c.Table(data, ("account", e => Str(e, "account_id")), ("phone_number", e => Str(e, "phone_number") ?? "(account)"), ("updated_at", e => Str(e, "updated_at")));
            return CliApp.Ok;
        });

        foreach (var sub in new[] { record, list, move, setPin }) portouts.Subcommands.Add(sub);
        yield return portouts;
    }

    private static readonly (string, Func<System.Text.Json.JsonElement, string?>)[] Columns =
    [
        ("id", e => Str(e, "id")), ("account", e => Str(e, "user_id")), ("status", e => Str(e, "status")),
        ("rejection", e => e.TryGetProperty("rejection_code", out var code) ? $"{code.GetInt32()} {Str(e, "reason")}" : null),
        ("numbers", e => e.GetProperty("phone_numbers").GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("carrier", e => Str(e, "carrier_name")), ("foc_date", e => Str(e, "foc_date")),
    ];
}
