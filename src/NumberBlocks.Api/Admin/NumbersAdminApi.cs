using Microsoft.AspNetCore.Http.HttpResults;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Api.Admin;

/// <summary>One number's past and present holders, from the ledger's history (Migrations/*/0014_ledger_history.sql).</summary>
public static class NumbersAdminApi
{
    public static RouteGroupBuilder MapNumbersAdmin(this RouteGroupBuilder admin)
    {
        var numbers = admin.MapGroup("/numbers").WithTags(AdminSurface.NumbersTag);
        numbers.MapGet("/{e164}/history", History).WithName("AdminGetNumberHistory")
            .WithSummary("Who held a number when")
            .WithDescription("Every period a holder (an account, a porting or number order, a reservation, stock, a block for sale) held the " +
                "number, oldest first: from is when it began, to when it ended (null while held), end_reason why (released, transferred, " +
                "ported_out, quarantined, returned_to_range_holder). Periods are half-open [from, to), so they never overlap. With " +
                "at=<RFC 3339 instant>, only the period that contains that instant: the one holder then, or an empty list when nobody " +
                "held it. A number nobody ever held answers an empty list, not 404. e164 is '+' and 7 to 15 digits (send '+' as %2B).");
        return admin;
    }

    public static async Task<Results<Ok<AdminItems<NumberHistoryRecord>>, AdminProblem>> History(string e164, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        DateTimeOffset? at = null;
        if (q.String("at") is { } text)
        {
            if (Domain.Rfc3339.TryParse(text, out var instant)) at = instant;
            else q.Refuse("at", "'at' must be an RFC 3339 date-time such as 2026-01-05T09:00:00Z.");
        }
        var number = E164Number.Parse(e164, "");
        if (number.IsFailure) q.Add(number.FirstError with { Pointer = null, Parameter = "e164" });
        if (AdminQuery.Refusals(q) is { } refused) return refused;

        var rows = await NumberLedger.HistoryAsync(db, number.Value.Value, at, ct);
        return TypedResults.Ok(new AdminItems<NumberHistoryRecord>(rows.Select(View).ToList()));
    }

    private static NumberHistoryRecord View(NumberLedger.HistoryRow h) => new(
        h.AccountId,
        new LedgerHolder(h.Kind, h.HolderId, h.AccountId).KindName,
        h.From,
        h.To,
        h.HolderId,
        E164Number.FromValue(h.Start).ToString(),
        E164Number.FromValue(h.End).ToString(),
        h.EndReason);
}
