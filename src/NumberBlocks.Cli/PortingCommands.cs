using System.CommandLine;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using static NumberBlocks.Cli.CliContext;

namespace NumberBlocks.Cli;

/// <summary>porting list | show | move | comment: the carrier side of porting orders.</summary>
public static class PortingCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, CliContext> context)
    {
        var porting = new Command("porting", "Porting orders across all accounts, and the carrier's status moves.").WithExample("numberblocks porting show 0190c7c1-…");

        var status = new Option<string?>("--status") { Description = "Only orders in this status (draft, in-process, submitted, …), or all (the default)." };
        var account = new Option<string?>("--account") { Description = "Only this account's orders." };
        var list = new Command("list", "List porting orders, newest first.").WithExample("numberblocks porting list --status in-process");
        list.Options.Add(status);
        list.Options.Add(account);
        list.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var query = "admin/v1/porting_orders?page[size]=250";
            if (parse.GetValue(status) is { } s && !s.Equals("all", StringComparison.OrdinalIgnoreCase)) query += $"&filter[status]={Uri.EscapeDataString(s)}";
            if (parse.GetValue(account) is { } a) query += $"&filter[account_id]={Uri.EscapeDataString(a)}";
            var data = CliApp.Data(await c.Service.GetAsync(query, ct));
            c.Table(data, ("id", e => Str(e, "id")), ("account", e => Str(e, "user_id")), ("status", e => Str(e.GetProperty("status"), "value")),
                ("description", e => Str(e, "description")), ("numbers", e => Str(e, "porting_phone_numbers_count")), ("created_at", e => Str(e, "created_at")));
            return CliApp.Ok;
        });

        var orderId = new Argument<string>("order-id") { Description = "The porting order's id." };
        var show = new Command("show", "Show an order with each block drawn as a map: '█' a number active on completion, '·' one that ports inactive.")
            .WithExample("numberblocks porting show 0190c7c1-…");
        show.Arguments.Add(orderId);
        show.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var response = await c.Service.GetAsync($"admin/v1/porting_orders/{Uri.EscapeDataString(parse.GetValue(orderId)!)}", ct);
            if (c.Json) { c.WriteJson(response); return CliApp.Ok; }
            var order = response.GetProperty("data");
            c.Console.WriteLine($"Porting order {Str(order, "id")}  account {Str(order, "user_id")}");
            c.Console.WriteLine($"  status {Str(order.GetProperty("status"), "value")}, {Str(order, "description")}, {Str(order, "porting_phone_numbers_count")} numbers");
            var numbers = response.GetProperty("numbers").EnumerateArray().ToList();
            foreach (var block in response.GetProperty("blocks").EnumerateArray())
            {
                var range = block.GetProperty("phone_number_range");
                var inBlock = numbers.Where(n => Str(n, "block_reference_id") == Str(block, "id")).ToList();
                var active = inBlock.Count(n => n.GetProperty("activate").GetBoolean());
                c.Console.WriteLine($"  block {Str(block, "id")}  {Str(range, "start_at")} .. {Str(range, "end_at")}  {active} active, {inBlock.Count - active} inactive");
                foreach (var line in DrawBlock(inBlock))
                    c.Console.WriteLine("    " + line);
            }
            var singles = numbers.Where(n => Str(n, "block_reference_id") is null).ToList();
            if (singles.Count > 0)
                c.Console.WriteLine("  single numbers: " + string.Join(", ", singles.Select(n => Str(n, "phone_number") + (n.GetProperty("activate").GetBoolean() ? "" : " (inactive)"))));
            return CliApp.Ok;
        });

        var target = new Argument<string>("status") { Description = "submitted, exception, foc-date-confirmed, ported, cancelled, …" };
        var detail = new Option<string[]>("--detail") { Description = "An exception detail as CODE=description (repeatable).", AllowMultipleArgumentsPerToken = false };
        var foc = new Option<string?>("--foc-actual") { Description = "The confirmed FOC date/time (ISO 8601), with foc-date-confirmed." };
        var move = new Command("move", "Move an order to the status the carrier reports (through the one transition table).")
            .WithExample("numberblocks porting move 0190c7c1-… exception --detail \"FOC_REJECTED=Port the whole block\"");
        move.Arguments.Add(orderId);
        move.Arguments.Add(target);
        move.Options.Add(detail);
        move.Options.Add(foc);
        move.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var details = (parse.GetValue(detail) ?? []).Select(d =>
            {
                var eq = d.IndexOf('=');
                return eq < 0 ? new { code = d, description = (string?)null } : new { code = d[..eq], description = (string?)d[(eq + 1)..] };
            }).ToArray();
            var body = new Dictionary<string, object?> { ["status"] = parse.GetValue(target), ["details"] = details };
            if (parse.GetValue(foc) is { } f) body["foc_datetime_actual"] = f;
            var data = CliApp.Data(await c.Service.PostAsync($"admin/v1/porting_orders/{Uri.EscapeDataString(parse.GetValue(orderId)!)}/status", body, ct));
            c.Table(data, ("id", e => Str(e, "id")), ("status", e => Str(e.GetProperty("status"), "value")), ("updated_at", e => Str(e, "updated_at")));
            return CliApp.Ok;
        });

        var text = new Argument<string>("text") { Description = "The comment, as the customer will read it." };
        var comment = new Command("comment", "Comment on an order as the carrier side: the customer gets a porting_order.new_comment webhook.")
            .WithExample("numberblocks porting comment 0190c7c1-… \"Please upload a bill no older than 30 days.\"");
        comment.Arguments.Add(orderId);
        comment.Arguments.Add(text);
        comment.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var body = new Dictionary<string, object?> { ["body"] = parse.GetValue(text) };
            var data = CliApp.Data(await c.Service.PostAsync($"admin/v1/porting_orders/{Uri.EscapeDataString(parse.GetValue(orderId)!)}/comments", body, ct));
            c.Table(data, ("id", e => Str(e, "id")), ("user_type", e => Str(e, "user_type")), ("created_at", e => Str(e, "created_at")));
            return CliApp.Ok;
        });

        foreach (var sub in new[] { list, show, move, comment }) porting.Subcommands.Add(sub);
        yield return porting;
    }

    /// <summary>Blocks up to this size are drawn number by number; larger ones as runs.</summary>
    public const int MaxDrawnNumbers = 1000;
    public const char Active = '█', Inactive = '·';

    /// <summary>
    /// A block as rows of 50 numbers in groups of 10, each row led by its first number: '█' for a number active on
    /// completion, '·' for one that ports inactive. Blocks larger than <see cref="MaxDrawnNumbers"/> are summarised as
    /// runs ("+4920123456000 .. +4920123456064  █ 65 active") so the map stays a screen long.
    /// </summary>
    public static IEnumerable<string> DrawBlock(IReadOnlyList<JsonElement> numbers)
    {
        const int perRow = 50, perGroup = 10;
        var sorted = numbers.OrderBy(n => Str(n, "phone_number"), StringComparer.Ordinal)
            .Select(n => (Number: Str(n, "phone_number")!, Active: n.GetProperty("activate").GetBoolean())).ToList();
        if (sorted.Count > MaxDrawnNumbers)
        {
            for (var i = 0; i < sorted.Count;)
            {
                var j = i;
                while (j + 1 < sorted.Count && sorted[j + 1].Active == sorted[i].Active) j++;
                yield return $"{sorted[i].Number} .. {sorted[j].Number}  {(sorted[i].Active ? Active : Inactive)} {j - i + 1} {(sorted[i].Active ? "active" : "inactive")}";
                i = j + 1;
            }
            yield break;
        }
        for (var i = 0; i < sorted.Count; i += perRow)
        {
            var row = new StringBuilder().Append(sorted[i].Number);
            for (var j = i; j < Math.Min(i + perRow, sorted.Count); j++)
            {
                if ((j - i) % perGroup == 0) row.Append(' ');
                row.Append(sorted[j].Active ? Active : Inactive);
            }
            yield return row.ToString();
        }
    }
}
