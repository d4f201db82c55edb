using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Api.Tests.Ledger;
using NumberBlocks.Api.Tests.Requests;
using NumberBlocks.Data.Ledger;

namespace NumberBlocks.Api.Tests.Ordering;

/// <summary>What the buying race found; every count is over the whole race.</summary>
public sealed record BuyingRaceFigures(int Attempts, int Successes, int Failures, int WaitingRequests, long NumbersHeld, long OverlappingClaims,
    long NumbersHeldTwice, IReadOnlyDictionary<string, (int Ok, int Refused)> BySurface, double Seconds)
{
    public override string ToString() =>
        $"{Seconds:F1} s: {Attempts} attempts, {Successes} successes, {Failures} failures (refused, holding nothing), {WaitingRequests} CM.com requests " +
        $"still waiting with nothing assigned; {NumbersHeld} numbers held by buyers; overlapping live claims {OverlappingClaims}; numbers held twice " +
        $"{NumbersHeldTwice}; by surface: {string.Join(", ", BySurface.Select(s => $"{s.Key} {s.Value.Ok} ok / {s.Value.Refused} refused"))}";
}

/// <summary>
/// The buying race: clients on all three surfaces — Fone Dynamics purchases, CM.com number requests, Telnyx number
/// orders, block orders and reservations — buy from the same small stock and catalogue at once. Afterwards: no number
/// is held twice (in the ledger, and in the records of what each client was told), every success is really held by its
/// buyer, every refusal holds nothing, and stock + allocated = loaded.
/// </summary>
[Collection(LedgerRaceCollection.Name)]
public abstract class AllSurfacesRaceTests(TestDatabase database)
{
    // 200 Essen stock numbers (20 aligned blocks of 10) and 8 Sydney catalogue blocks of 10 numbers.
    private const long StockStart = 4920123460000, StockEnd = 4920123460199;
    private const long CatalogueStart = 61288800000;
    private const int CatalogueBlocks = 8;

    /// <summary>NUMBERBLOCKS_BUYING_RACE_SECONDS, default 8: the race is bounded in time and in requests per client.</summary>
    private static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("NUMBERBLOCKS_BUYING_RACE_SECONDS"), out var s) && s > 0 ? s : 8);

    private sealed record Attempt(string Surface, int Account, int Status, string? Id, IReadOnlyList<long> Numbers, string Body);

    [Fact(Timeout = 240_000)]
    public async Task Race_AllSurfacesBuyingTheSameStock_NoNumberHeldTwiceEverySuccessHeldEveryFailureHoldsNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var service = await TestServices.CreateAsync(database);
        await RequestTestKit.LoadStockAsync(service, "+" + StockStart, "+" + StockEnd, city: "Essen");
        var sids = new List<(string Sid, long Start)>();
        using (var op = service.Operator())
            for (var b = 0; b < CatalogueBlocks; b++)
            {
                var start = CatalogueStart + b * 10;
                var published = await op.PostAsync("/admin/v1/numberblocks",
                    Json.Body($$"""{"start_at": "+{{start}}", "end_at": "+{{start + 9}}", "number_type": "local", "area_code": "2"}"""));
                sids.Add(((await published.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("NumberBlockSid"), start));
            }
        var accounts = new List<TestAccount>();
        for (var a = 0; a < 3; a++) accounts.Add(await service.NewAccountAsync($"race buyer {a}"));

        var attempts = new List<Attempt>();
        var gate = new object();
        var clock = Stopwatch.StartNew();
        const int clients = 12, maxPerClient = 400;

        async Task Client(int index)
        {
            var random = new Random(index * 7919 + 3);
            var account = accounts[index % accounts.Count];
            using var telnyx = service.CreateClient();
            telnyx.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiKey);
            using var cm = RequestTestKit.CmClient(service, account);
            using var fone = service.CreateClient();
            fone.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{account.Id}:{account.ApiKey}")));
            for (var i = 0; i < maxPerClient && clock.Elapsed < Duration && !ct.IsCancellationRequested; i++)
            {
                var attempt = random.Next(6) switch
                {
                    0 => await FonePurchaseAsync(fone, account, sids[random.Next(sids.Count)], ct),
                    1 => await CmRequestAsync(cm, account, random.Next(1, 4), ct),
                    2 => await TelnyxAsync(telnyx, "number_block_order", "/v2/number_block_orders", BlockBody(random, sids), ct),
                    3 => await TelnyxAsync(telnyx, "number_order", "/v2/number_orders", NumbersBody(random, requirements: true), ct),
                    _ => await TelnyxAsync(telnyx, "number_reservation", "/v2/number_reservations", NumbersBody(random, requirements: false), ct),
                };
                lock (gate) attempts.Add(attempt with { Account = accounts.IndexOf(account) });
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => Client(i), ct)));
        var elapsed = clock.Elapsed;

        var (figures, problems) = await service.WithDbAsync(db => AuditAsync(db, attempts, accounts, elapsed, ct));
        TestContext.Current.SendDiagnosticMessage($"Buying race on {database}: {figures}");
        TestContext.Current.TestOutputHelper?.WriteLine($"Buying race on {database}: {figures}");
        var audit = await RequestTestKit.AuditAsync(service);
        if (!audit.GetProperty("balanced").GetBoolean()) problems.Add($"the stock audit is not balanced: {audit}");

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.Equal(0, figures.OverlappingClaims);
        Assert.Equal(0, figures.NumbersHeldTwice);
        // It was a race: buyers won numbers and were refused numbers someone else had, on more than one surface.
        Assert.True(figures.Successes >= 10 && figures.Failures >= 10, figures.ToString());
        Assert.True(figures.BySurface.Count(s => s.Value.Ok > 0) >= 4, figures.ToString());
    }

    private static string BlockBody(Random random, List<(string Sid, long Start)> sids)
    {
        // Half the block orders go for a catalogue block (against Fone Dynamics buyers), half for a stock block.
        var start = random.Next(2) == 0 ? sids[random.Next(sids.Count)].Start : StockStart + random.Next(20) * 10;
        return $$"""{"starting_number": "+{{start}}", "range": 10}""";
    }

    private static string NumbersBody(Random random, bool requirements)
    {
        var numbers = Enumerable.Range(0, random.Next(1, 4)).Select(_ => StockStart + random.Next(200)).Distinct()
            .Select(n => requirements ? $$"""{"phone_number": "+{{n}}", "requirement_group_id": "race-group"}""" : $$"""{"phone_number": "+{{n}}"}""");
        return $$"""{"phone_numbers": [{{string.Join(",", numbers)}}]}""";
    }

    private static async Task<Attempt> TelnyxAsync(HttpClient client, string surface, string path, string body, CancellationToken ct)
    {
        using var response = await client.PostAsync(path, Json.Body(body), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var id = response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(text).RootElement.GetProperty("data").Str("id") : null;
        return new Attempt(surface, 0, (int)response.StatusCode, id, [], text);
    }

    private static async Task<Attempt> CmRequestAsync(HttpClient cm, TestAccount account, int quantity, CancellationToken ct)
    {
        using var response = await cm.PostAsync(RequestTestKit.RequestsUrl(account),
            Json.Body($$"""{"quantity": {{quantity}}, "numberType": "local", "areaCode": "201", "countryCode": "DE"}"""), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var id = response.StatusCode == HttpStatusCode.Created ? JsonDocument.Parse(text).RootElement.Str("numberRequestId") : null;
        return new Attempt("cm_request", 0, (int)response.StatusCode, id, [], text);
    }

    private static async Task<Attempt> FonePurchaseAsync(HttpClient fone, TestAccount account, (string Sid, long Start) block, CancellationToken ct)
    {
        using var response = await fone.PostAsync($"/v2/Accounts/{account.Id}/NumberBlocks", new FormUrlEncodedContent(
            [new("numberBlockSid", block.Sid), new("AnswerPoint", "+61299998888")]), ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return new Attempt("fone_purchase", 0, (int)response.StatusCode, response.StatusCode == HttpStatusCode.OK ? block.Sid : null,
            Enumerable.Range(0, 10).Select(i => block.Start + i).ToList(), text);
    }

    private static async Task<(BuyingRaceFigures, List<string>)> AuditAsync(NumberBlocks.Data.NumberBlocksDbContext db, List<Attempt> attempts,
        List<TestAccount> accounts, TimeSpan elapsed, CancellationToken ct)
    {
        var problems = new List<string>();
        var overlaps = await NumberLedger.CountOverlapsAsync(db, ct);
        var claims = await db.LedgerClaims.AsNoTracking().ToListAsync(ct);
        (string Kind, Guid Holder, Guid? Account)? HolderOf(long n) =>
            claims.FirstOrDefault(c => c.RangeStart <= n && n <= c.RangeEnd) is { } c ? (c.HolderKind, c.HolderId, c.AccountId) : null;

        // Who each client was told holds which number: number → owners (a record of a success).
        var owners = new Dictionary<long, List<string>>();
        void Own(long n, string who) { if (!owners.TryGetValue(n, out var list)) owners[n] = list = []; list.Add(who); }
        var bySurface = new Dictionary<string, (int Ok, int Refused)>();
        void Count(string surface, bool ok)
        {
            var (o, r) = bySurface.GetValueOrDefault(surface);
            bySurface[surface] = ok ? (o + 1, r) : (o, r + 1);
        }
        int successes = 0, failures = 0, waiting = 0;

        foreach (var a in attempts)
        {
            var account = accounts[a.Account].Id;
            var refused = a.Status is 422 or 400;
            if (!refused && a.Status is not (200 or 201)) { problems.Add($"{a.Surface}: unexpected {a.Status}: {a.Body}"); continue; }
            switch (a.Surface)
            {
                case "fone_purchase":
                    Count(a.Surface, !refused);
                    if (refused) { failures++; break; }
                    successes++;
                    foreach (var n in a.Numbers)
                    {
                        Own(n, $"fone {a.Id}");
                        if (HolderOf(n) is not ("account", _, { } holder) || holder != account) problems.Add($"fone purchase {a.Id}: +{n} is not held by its buyer");
                    }
                    break;
                case "cm_request":
                    var ranges = await db.NumberRequestRanges.AsNoTracking().Where(r => r.NumberRequestId == Guid.Parse(a.Id!)).ToListAsync(ct);
                    if (ranges.Count == 0) { waiting++; Count(a.Surface, false); break; }
                    successes++;
                    Count(a.Surface, true);
                    foreach (var r in ranges)
                        for (var n = r.RangeStart; n <= r.RangeEnd; n++)
                        {
                            Own(n, $"cm {a.Id}");
                            if (HolderOf(n) is not ("account", _, { } holder) || holder != account) problems.Add($"cm request {a.Id}: +{n} is not held by its account");
                        }
                    break;
                case "number_block_order" or "number_order":
                    Count(a.Surface, !refused);
                    if (refused) { failures++; break; }
                    successes++;
                    var id = Guid.Parse(a.Id!);
                    foreach (var n in await db.OrderedPhoneNumbers.AsNoTracking().Where(p => p.OrderId == id).Select(p => p.PhoneNumber).ToListAsync(ct))
                    {
                        Own(n, $"order {id}");
                        var h = HolderOf(n);
                        var held = h is ("number_order", var hid, { } acc) && hid == id && acc == account || h is ("account", _, { } acc2) && acc2 == account;
                        if (!held) problems.Add($"{a.Surface} {id}: +{n} is held by {h?.Kind ?? "nobody"}, not by the order or its account");
                    }
                    break;
                case "number_reservation":
                    var reservation = Guid.Parse(a.Id!);
                    var numbers = await db.ReservedPhoneNumbers.AsNoTracking().Where(p => p.ReservationId == reservation).ToListAsync(ct);
                    foreach (var p in numbers)
                    {
                        var h = HolderOf(p.PhoneNumber);
                        if (p.State == "held")
                        {
                            successes++;
                            Count(a.Surface, true);
                            Own(p.PhoneNumber, $"reservation {reservation}");
                            if (h is not ("number_reservation", var hid, _) || hid != reservation) problems.Add($"reservation {reservation}: +{p.PhoneNumber} is not held by it");
                        }
                        else if (p.State == "refused")
                        {
                            failures++;
                            Count(a.Surface, false);
                            if (h is ("number_reservation", var hid, _) && hid == reservation) problems.Add($"reservation {reservation}: refused +{p.PhoneNumber} but holds it");
                        }
                        // "ordered": the number moved on to one of the account's orders, which owns it now.
                    }
                    break;
            }
        }

        // Every refused order left nothing stored: the orders stored are exactly the ones announced.
        var announced = attempts.Where(a => a.Surface is "number_block_order" or "number_order" && a.Id is not null).Select(a => Guid.Parse(a.Id!)).ToHashSet();
        var stored = await db.NumberOrders.AsNoTracking().Where(o => o.NumberRequestId == null).Select(o => o.Id).ToListAsync(ct);
        foreach (var extra in stored.Where(s => !announced.Contains(s))) problems.Add($"order {extra} is stored but no client was told it succeeded");
        var sold = await db.CatalogueBlocks.AsNoTracking().CountAsync(b => b.Status == "sold", ct);
        var soldToFone = attempts.Count(a => a.Surface == "fone_purchase" && a.Id is not null);
        var soldToTelnyx = await db.NumberOrders.AsNoTracking().CountAsync(o => o.RangeStart >= CatalogueStart && o.RangeStart < CatalogueStart + 1000, ct);
        if (sold != soldToFone + soldToTelnyx) problems.Add($"{sold} catalogue blocks sold, but {soldToFone} Fone purchases and {soldToTelnyx} block orders succeeded");

        var twice = owners.Count(o => o.Value.Count > 1);
        foreach (var o in owners.Where(o => o.Value.Count > 1).Take(5)) problems.Add($"+{o.Key} is held by {string.Join(" and ", o.Value)}");
        if (overlaps != 0) problems.Add($"{overlaps} overlapping live claims in the ledger");
        return (new BuyingRaceFigures(attempts.Count, successes, failures, waiting, owners.Count, overlaps, twice, bySurface, elapsed.TotalSeconds), problems);
    }
}

public sealed class AllSurfacesRaceSqliteTests() : AllSurfacesRaceTests(TestDatabase.Sqlite);

public sealed class AllSurfacesRacePostgresTests() : AllSurfacesRaceTests(TestDatabase.Postgres);
