using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Data;
using NumberBlocks.Data.Ledger;

namespace NumberBlocks.Api.Tests.Ledger;

/// <summary>One client of the race: an HTTP client authenticated as one of the accounts.</summary>
public sealed record RaceClient(HttpClient Http, int Account);

/// <summary>One request of the race, as the client saw it.</summary>
public sealed record RaceAttempt(int Client, int Account, string? OrderId, IReadOnlyList<(long Start, long End)> Ranges,
    long StartedAt, long EndedAt, int Status, string? CreatedOrderId, string? CreatedBlockId, string? Reason, long? NamedNumber, string Body);

/// <summary>What the audit found; every count is over the whole race.</summary>
public sealed record RaceFigures(int Attempts, int ClaimsAttempted, int Accepted, int Rejected, int RejectedLedger, int RejectedSameOrder,
    int Unexpected, long OverlapsFound, int StoredBlocks, long StoredNumbers, double Seconds)
{
    public override string ToString() =>
        $"{Seconds:F1} s: {Attempts} requests, {ClaimsAttempted} claims attempted, {Accepted} accepted (201), {Rejected} rejected (422: " +
        $"{RejectedLedger} ledger.number_held, {RejectedSameOrder} block.overlaps_block), {Unexpected} other statuses; " +
        $"{StoredBlocks} blocks and {StoredNumbers} numbers stored; overlapping live claims found: {OverlapsFound}";
}

/// <summary>
/// The ledger race (issue 3): many clients across two accounts keep creating porting orders and adding blocks whose
/// ranges overlap each other's, for a fixed time. Ranges are drawn from a window that slides forward with the attempt
/// count, so there are always free numbers to fight over. <see cref="AuditAsync"/> then checks the stored state against
/// what every client was told.
/// </summary>
public static partial class LedgerRace
{
    /// <summary>All race numbers are German local numbers of Essen (0201): +49 201 2xxxxxxx.</summary>
    private const long Base = 4920120000000;
    private const long SpaceSize = 9_000_000;
    private const int WindowNumbers = 2000;
    private static readonly int[] Sizes = [10, 20, 50, 100];

    [GeneratedRegex(@"\+(\d{7,15})")]
    private static partial Regex NumberPattern();

    /// <summary>The race's length: NUMBERBLOCKS_RACE_SECONDS, default 20 (issue 3: "for at least 20 s").</summary>
    public static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("NUMBERBLOCKS_RACE_SECONDS"), out var s) && s > 0 ? s : 20);

    public static async Task<List<RaceAttempt>> RunAsync(IReadOnlyList<RaceClient> clients, TimeSpan duration, CancellationToken ct)
    {
        // Warm up every client and service (JIT, connection pools, key cache) so the race measures steady contention.
        await Task.WhenAll(clients.Select(async c =>
        {
            using var warm = await c.Http.GetAsync("/v2/porting_orders?page[size]=1", ct);
            warm.EnsureSuccessStatusCode();
        }));
        var attempts = new List<RaceAttempt>();
        var gate = new object();
        var counter = 0L;
        var clock = Stopwatch.StartNew();
        var deadline = duration;
        // Each client may run at most this many requests: the loop is bounded in count as well as in time.
        const int maxPerClient = 20_000;

        async Task Client(int index)
        {
            var client = clients[index];
            var random = new Random(index * 7919 + 17);
            var ownOrders = new List<string>();
            for (var i = 0; i < maxPerClient && clock.Elapsed < deadline && !ct.IsCancellationRequested; i++)
            {
                var k = Interlocked.Increment(ref counter);
                var windowStart = Base + Math.Min(k * 10, SpaceSize - 10 * WindowNumbers);
                var first = Pick(random, windowStart);
                string path, body;
                string? orderId = null;
                List<(long, long)> ranges = [first];
                if (ownOrders.Count > 0 && random.Next(2) == 0)
                {
                    orderId = ownOrders[random.Next(ownOrders.Count)];
                    path = $"/v2/porting_orders/{orderId}/phone_number_blocks";
                    body = BlockJson(first);
                }
                else
                {
                    // One order in five asks for two disjoint blocks at once: all or nothing.
                    if (random.Next(5) == 0)
                    {
                        var gap = random.Next(1, 60);
                        var size = Sizes[random.Next(Sizes.Length)];
                        ranges.Add((first.End + gap, first.End + gap + size - 1));
                    }
                    path = "/v2/porting_orders";
                    body = $$"""{"phone_number_blocks": [{{string.Join(",", ranges.Select(BlockJson))}}]}""";
                }

                var started = clock.ElapsedTicks;
                using var response = await client.Http.PostAsync(path, Json.Body(body), ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                var ended = clock.ElapsedTicks;
                var attempt = Describe(index, client.Account, orderId, ranges, started, ended, (int)response.StatusCode, text);
                if (attempt.CreatedOrderId is { } created) ownOrders.Add(created);
                lock (gate) attempts.Add(attempt);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients.Count).Select(i => Task.Run(() => Client(i), ct)));
        return attempts;
    }

    private static (long Start, long End) Pick(Random random, long windowStart)
    {
        var size = Sizes[random.Next(Sizes.Length)];
        var start = windowStart + random.Next(WindowNumbers);
        return (start, start + size - 1);
    }

    private static string BlockJson((long Start, long End) r) =>
        $$"""{"phone_number_range": {"start_at": "+{{r.Start}}", "end_at": "+{{r.End}}"}, "activation_ranges": [{"start_at": "+{{r.Start}}", "end_at": "+{{r.Start}}"}]}""";

    private static RaceAttempt Describe(int client, int account, string? orderId, List<(long, long)> ranges, long started, long ended, int status, string text)
    {
        string? createdOrder = null, createdBlock = null, reason = null;
        long? named = null;
        if (status == 201)
        {
            var data = JsonDocument.Parse(text).RootElement.GetProperty("data");
            if (orderId is null) createdOrder = data[0].Str("id");
            else createdBlock = data.Str("id");
        }
        else if (status == 422)
        {
            var error = JsonDocument.Parse(text).RootElement.GetProperty("errors")[0];
            reason = error.GetProperty("meta").Str("reason");
            var detail = error.Str("detail");
            // ledger.number_held names the held number first; block.overlaps_block names it last ("… at +N.").
            var matches = NumberPattern().Matches(detail);
            if (matches.Count > 0)
                named = long.Parse((reason == "block.overlaps_block" ? matches[^1] : matches[0]).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return new RaceAttempt(client, account, orderId, ranges, started, ended, status, createdOrder, createdBlock, reason, named, text);
    }

    /// <summary>
    /// Checks the stored state against what the clients were told: no overlapping live claims; every 201 is exactly one
    /// stored block per requested range, with all its numbers; nothing stored that no 201 announced; each order's claims
    /// are exactly the union of its accepted ranges; every 422 named a number that an accepted claim, begun before the
    /// refusal was answered, holds. Returns the figures; the list of problems is empty when the ledger held.
    /// </summary>
    public static async Task<(RaceFigures Figures, List<string> Problems)> AuditAsync(NumberBlocksDbContext db, List<RaceAttempt> attempts,
        TimeSpan elapsed, CancellationToken ct)
    {
        var problems = new List<string>();
        var overlaps = await NumberLedger.CountOverlapsAsync(db, ct);
        if (overlaps != 0) problems.Add($"{overlaps} overlapping live claims in the ledger");

        // What the clients were told was accepted: (order, range) → the attempt, and the block id when the answer named one.
        var accepted = new List<(string Order, long Start, long End, RaceAttempt By)>();
        foreach (var a in attempts.Where(a => a.Status == 201))
        {
            var order = a.CreatedOrderId ?? a.OrderId!;
            foreach (var (s, e) in a.Ranges) accepted.Add((order, s, e, a));
        }

        var blocks = await db.PortingBlocks.AsNoTracking().Select(b => new { b.Id, b.PortingOrderId, b.RangeStart, b.RangeEnd }).ToListAsync(ct);
        var numbers = await db.PortingPhoneNumbers.AsNoTracking().GroupBy(n => n.BlockId)
            .Select(g => new { Block = g.Key, Count = g.LongCount(), Min = g.Min(n => n.PhoneNumber), Max = g.Max(n => n.PhoneNumber) })
            .ToListAsync(ct);
        var numbersByBlock = numbers.Where(n => n.Block is not null).ToDictionary(n => n.Block!.Value);
        var looseNumbers = numbers.Where(n => n.Block is null).Sum(n => n.Count);
        if (looseNumbers != 0) problems.Add($"{looseNumbers} stored numbers belong to no block, but the race only sent blocks");
        var duplicates = await db.PortingPhoneNumbers.AsNoTracking().GroupBy(n => n.PhoneNumber).Where(g => g.Count() > 1).CountAsync(ct);
        if (duplicates != 0) problems.Add($"{duplicates} numbers are stored on more than one porting order");

        var stored = blocks.GroupBy(b => (Order: b.PortingOrderId.ToString(), b.RangeStart, b.RangeEnd)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (order, s, e, by) in accepted)
        {
            if (!stored.TryGetValue((order, s, e), out var found) || found.Count != 1)
            {
                problems.Add($"201 for +{s}-+{e} on order {order} corresponds to {found?.Count ?? 0} stored blocks");
                continue;
            }
            var block = found[0];
            if (by.CreatedBlockId is { } announced && announced != block.Id.ToString())
                problems.Add($"201 announced block {announced} but the stored block for +{s}-+{e} is {block.Id}");
            if (!numbersByBlock.TryGetValue(block.Id, out var n) || n.Count != e - s + 1 || n.Min != s || n.Max != e)
                problems.Add($"block {block.Id} (+{s}-+{e}) has {n?.Count ?? 0} stored numbers, expected {e - s + 1}");
        }
        if (blocks.Count != accepted.Count)
            problems.Add($"{blocks.Count} blocks stored but {accepted.Count} were accepted");

        // Each order's live claims are exactly the union of its accepted ranges; no claim belongs to anything else.
        var claims = await db.LedgerClaims.AsNoTracking().Select(c => new { c.HolderId, c.RangeStart, c.RangeEnd }).ToListAsync(ct);
        var claimed = claims.GroupBy(c => c.HolderId.ToString()).ToDictionary(g => g.Key, g => Merge(g.Select(c => (c.RangeStart, c.RangeEnd))));
        var expected = accepted.GroupBy(a => a.Order).ToDictionary(g => g.Key, g => Merge(g.Select(a => (a.Start, a.End))));
        foreach (var (order, ranges) in expected)
            if (!claimed.TryGetValue(order, out var held) || !held.SequenceEqual(ranges))
                problems.Add($"order {order}: ledger holds {Show(held)} but the accepted ranges are {Show(ranges)}");
        foreach (var holder in claimed.Keys.Except(expected.Keys))
            problems.Add($"ledger holds {Show(claimed[holder])} for {holder}, which no 201 announced");

        // Every refusal named a number that really was held: an accepted claim containing it, begun before the refusal's answer.
        foreach (var r in attempts.Where(a => a.Status == 422))
        {
            if (r.Reason is not ("ledger.number_held" or "block.overlaps_block"))
            {
                problems.Add($"422 for a reason the race cannot cause: {r.Body}");
                continue;
            }
            if (r.NamedNumber is not { } n || !r.Ranges.Any(x => x.Start <= n && n <= x.End))
            {
                problems.Add($"422 did not name a number of its own ranges: {r.Body}");
                continue;
            }
            if (!accepted.Any(a => a.Start <= n && n <= a.End && a.By.StartedAt <= r.EndedAt))
                problems.Add($"422 named +{n}, which no accepted claim held at the time: {r.Body}");
        }

        var unexpected = attempts.Where(a => a.Status is not (201 or 422)).ToList();
        foreach (var u in unexpected.Take(5)) problems.Add($"unexpected {u.Status}: {u.Body}");
        if (unexpected.Count > 5) problems.Add($"… and {unexpected.Count - 5} more unexpected statuses");

        var figures = new RaceFigures(
            Attempts: attempts.Count,
            ClaimsAttempted: attempts.Sum(a => a.Ranges.Count),
            Accepted: attempts.Count(a => a.Status == 201),
            Rejected: attempts.Count(a => a.Status == 422),
            RejectedLedger: attempts.Count(a => a.Reason == "ledger.number_held"),
            RejectedSameOrder: attempts.Count(a => a.Reason == "block.overlaps_block"),
            Unexpected: unexpected.Count,
            OverlapsFound: overlaps,
            StoredBlocks: blocks.Count,
            StoredNumbers: numbers.Sum(n => n.Count),
            Seconds: elapsed.TotalSeconds);
        return (figures, problems);
    }

    /// <summary>Sorted, merged ranges (adjacent ranges join): the set of numbers, in canonical form.</summary>
    private static List<(long Start, long End)> Merge(IEnumerable<(long Start, long End)> ranges)
    {
        var merged = new List<(long Start, long End)>();
        foreach (var r in ranges.OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End + 1)
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, r.End));
            else merged.Add(r);
        }
        return merged;
    }

    private static string Show(List<(long Start, long End)>? ranges) =>
        ranges is null ? "nothing" : string.Join(", ", ranges.Take(4).Select(r => $"+{r.Start}-+{r.End}")) + (ranges.Count > 4 ? ", …" : "");

    /// <summary>Creates two accounts through the operator API and 32 clients, alternating between them.</summary>
    public static async Task<List<RaceClient>> ClientsAsync(Func<int, HttpClient> newClient, HttpClient operatorClient, int count = 32)
    {
        var keys = new List<string>();
        for (var a = 0; a < 2; a++)
        {
            var created = await operatorClient.PostAsync("/admin/v1/accounts", Json.Body($$"""{"name": "race {{a}}"}"""));
            keys.Add((await created.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("api_key"));
        }
        var clients = new List<RaceClient>();
        for (var i = 0; i < count; i++)
        {
            var http = newClient(i);
            http.DefaultRequestHeaders.Authorization = new("Bearer", keys[i % 2]);
            clients.Add(new RaceClient(http, i % 2));
        }
        return clients;
    }
}
