using System.CommandLine;
using System.Text.Json;
using static NumberBlocks.Cli.CliContext;

namespace NumberBlocks.Cli;

/// <summary>requests list | accept | reject: customers' number requests (the CM.com-style surface), the operator's side.</summary>
public static class RequestCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, CliContext> context)
    {
        var requests = new Command("requests", "Customers' number requests: the pending ones, accept or reject them.").WithExample("numberblocks requests list");

        var status = new Option<string>("--status") { Description = "pending (default), accepted, rejected, completed, … or 'all'.", DefaultValueFactory = _ => "pending" };
        var account = new Option<string?>("--account") { Description = "Only this account's requests." };
        var page = CliApp.PageOption();
        var list = new Command("list", "List number requests in the order they are served (oldest first); pending ones unless --status says otherwise.")
            .WithExample("numberblocks requests list --status all --json");
        foreach (var o in new Option[] { status, account, page }) list.Options.Add(o);
        list.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var s = parse.GetValue(status);
            var query = $"admin/v1/number_requests?page[size]=250&page[number]={parse.GetValue(page)}"
                + CliApp.Filter("status", s == "all" ? null : s) + CliApp.Filter("account_id", parse.GetValue(account));
            c.Table(CliApp.Data(await c.Service.GetAsync(query, ct)), Columns);
            return CliApp.Ok;
        });

        var requestId = new Argument<string>("request-id") { Description = "The number request's id (numberRequestId)." };
        // CM.com always gives a reason with a status; for an acceptance the operator rarely has more to say.
        var acceptReason = new Option<string>("--reason") { Description = "Why (shown to the customer).", DefaultValueFactory = _ => "Accepted by the operator." };
        var accept = new Command("accept", "Accept a pending request; the fulfilment worker then assigns numbers from stock.")
            .WithExample("numberblocks requests accept 0190c7c1-…");
        accept.Arguments.Add(requestId);
        accept.Options.Add(acceptReason);
        accept.SetAction((parse, ct) => MoveAsync(context(parse), "accept", parse.GetValue(requestId), parse.GetValue(acceptReason), ct));

        var rejectReason = new Option<string>("--reason") { Description = "Why (required; shown to the customer).", Required = true };
        var reject = new Command("reject", "Reject a request with a reason.")
            .WithExample("numberblocks requests reject 0190c7c1-… --reason \"No numbers left in Essen\"");
        reject.Arguments.Add(requestId);
        reject.Options.Add(rejectReason);
        reject.SetAction((parse, ct) => MoveAsync(context(parse), "reject", parse.GetValue(requestId), parse.GetValue(rejectReason), ct));

        foreach (var sub in new[] { list, accept, reject }) requests.Subcommands.Add(sub);
        yield return requests;
    }

    private static async Task<int> MoveAsync(CliContext c, string action, string? id, string? reason, CancellationToken ct)
    {
        var data = CliApp.Data(await c.Service.PostAsync($"admin/v1/number_requests/{CliApp.Segment(id)}/{action}", new { reason }, ct));
        c.Table(data, Columns);
        return CliApp.Ok;
    }

    private static readonly (string, Func<JsonElement, string?>)[] Columns =
    [
        ("numberRequestId", e => Str(e, "numberRequestId")), ("accountGuid", e => Str(e, "accountGuid")), ("status", e => Str(e, "status")),
        ("country", e => Str(e, "countryCode")), ("type", e => Str(e, "numberType")), ("quantity", e => Str(e, "quantity")),
        ("rangeSize", e => Str(e, "rangeSize")), ("areaCode", e => Str(e, "areaCode")), ("city", e => Str(e, "city")),
        ("assigned", e => Str(e, "assignedQuantity")), ("created", e => Str(e, "created")),
    ];
}
