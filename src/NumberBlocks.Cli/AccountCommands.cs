using System.CommandLine;
using static NumberBlocks.Cli.CliContext;

namespace NumberBlocks.Cli;

/// <summary>accounts create | list | keys | issue-key | revoke-key</summary>
public static class AccountCommands
{
    public static IEnumerable<Command> Build(Func<ParseResult, CliContext> context)
    {
        var accounts = new Command("accounts", "Customer accounts and their API keys.").WithExample("numberblocks accounts create \"Acme GmbH\"");

        var name = new Argument<string>("name") { Description = "The account's name." };
        var create = new Command("create", "Create an account; prints its first API key (shown only now).").WithExample("numberblocks accounts create \"Acme GmbH\"");
        create.Arguments.Add(name);
        create.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var data = CliApp.Data(await c.Service.PostAsync("admin/v1/accounts", new { name = parse.GetValue(name) }, ct));
            c.Table(data, ("id", e => Str(e, "id")), ("name", e => Str(e, "name")), ("api_key", e => Str(e, "api_key")), ("created_at", e => Str(e, "created_at")));
            return CliApp.Ok;
        });

        var page = new Option<int>("--page") { Description = "Page number, from 1.", DefaultValueFactory = _ => 1 };
        var list = new Command("list", "List accounts.").WithExample("numberblocks accounts list --json");
        list.Options.Add(page);
        list.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var data = CliApp.Data(await c.Service.GetAsync($"admin/v1/accounts?page[size]=250&page[number]={parse.GetValue(page)}", ct));
            c.Table(data, ("id", e => Str(e, "id")), ("name", e => Str(e, "name")), ("created_at", e => Str(e, "created_at")));
            return CliApp.Ok;
        });

        var accountId = new Argument<string>("account-id") { Description = "The account's id." };
        var keys = new Command("keys", "List an account's API keys (prefixes only).").WithExample("numberblocks accounts keys 0190c7c1-…");
        keys.Arguments.Add(accountId);
        keys.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var data = CliApp.Data(await c.Service.GetAsync($"admin/v1/accounts/{Uri.EscapeDataString(parse.GetValue(accountId)!)}/api_keys", ct));
            c.Table(data, ("id", e => Str(e, "id")), ("prefix", e => Str(e, "prefix")), ("created_at", e => Str(e, "created_at")), ("revoked_at", e => Str(e, "revoked_at")));
            return CliApp.Ok;
        });

        var issue = new Command("issue-key", "Issue another API key for an account (shown only now).").WithExample("numberblocks accounts issue-key 0190c7c1-…");
        issue.Arguments.Add(accountId);
        issue.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var data = CliApp.Data(await c.Service.PostAsync($"admin/v1/accounts/{Uri.EscapeDataString(parse.GetValue(accountId)!)}/api_keys", null, ct));
            c.Table(data, ("id", e => Str(e, "id")), ("api_key", e => Str(e, "api_key")), ("created_at", e => Str(e, "created_at")));
            return CliApp.Ok;
        });

        var keyId = new Argument<string>("key-id") { Description = "The key's id (from 'accounts keys')." };
        var revoke = new Command("revoke-key", "Revoke an API key at once.").WithExample("numberblocks accounts revoke-key 0190c7c1-… 0190c7c2-…");
        revoke.Arguments.Add(accountId);
        revoke.Arguments.Add(keyId);
        revoke.SetAction(async (parse, ct) =>
        {
            var c = context(parse);
            var data = CliApp.Data(await c.Service.DeleteAsync(
                $"admin/v1/accounts/{Uri.EscapeDataString(parse.GetValue(accountId)!)}/api_keys/{Uri.EscapeDataString(parse.GetValue(keyId)!)}", ct));
            c.Table(data, ("id", e => Str(e, "id")), ("prefix", e => Str(e, "prefix")), ("revoked_at", e => Str(e, "revoked_at")));
            return CliApp.Ok;
        });

        foreach (var sub in new[] { create, list, keys, issue, revoke }) accounts.Subcommands.Add(sub);
        yield return accounts;
    }
}
