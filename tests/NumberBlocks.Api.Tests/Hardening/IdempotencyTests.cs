using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Hardening;
using NumberBlocks.Api.Tests.Infrastructure;

namespace NumberBlocks.Api.Tests.Hardening;

/// <summary>Issue 8: Idempotency-Key on every POST, the way Stripe defines it; run on each database by the subclasses.</summary>
public abstract class IdempotencyTests(TestDatabase database) : IAsyncLifetime
{
    private ServiceFactory _service = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync()
    {
        _service = await TestServices.CreateAsync(database);
        _service.ConfigureServices = s => s.AddSingleton<TimeProvider>(_clock);
        _ = _service.Server;
    }

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    /// <summary>Makes the service's next idempotent request wait inside, holding its key, until the result is disposed.</summary>
    private async Task<IAsyncDisposable> HoldWritesAsync()
    {
        if (database == TestDatabase.Sqlite)
        {
            // Another process's writer holds SQLite's write lock.
            var sqlite = new SqliteConnection(_service.ConnectionString);
            await sqlite.OpenAsync();
            var tx = sqlite.BeginTransaction(deferred: false);
            return new Held(async () => { await tx.RollbackAsync(); await sqlite.DisposeAsync(); });
        }
        // Another session locks the idempotency table, so the request's look-up waits.
        var pg = new Npgsql.NpgsqlConnection(_service.ConnectionString);
        await pg.OpenAsync();
        var ptx = await pg.BeginTransactionAsync();
        await using (var cmd = new Npgsql.NpgsqlCommand("LOCK TABLE idempotency_keys IN ACCESS EXCLUSIVE MODE", pg, ptx)) await cmd.ExecuteNonQueryAsync();
        return new Held(async () => { await ptx.RollbackAsync(); await pg.DisposeAsync(); });
    }

    private sealed class Held(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }

    private static string OrderBody(int n) =>
        $$"""{"phone_number_blocks": [{"phone_number_range": {"start_at": "+49201234{{n:D3}}00", "end_at": "+49201234{{n:D3}}99"}, "activation_ranges": []}]}""";

    private static HttpRequestMessage Post(string path, string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json.Body(body) };
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    private Task<int> OrderCountAsync(Guid accountId) =>
        _service.WithDbAsync(db => db.PortingOrders.CountAsync(o => o.AccountId == accountId));

    [Fact]
    public async Task Post_SameKeySameBody_ReplaysTheFirstResponseAndCreatesOnce()
    {
        var account = await _service.NewAccountAsync();
        var first = await account.Client.SendAsync(Post("/v2/porting_orders", OrderBody(1), "key-1"));
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));

        var again = await account.Client.SendAsync(Post("/v2/porting_orders", OrderBody(1), "key-1"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        Assert.Equal("true", again.Headers.GetValues(IdempotencyMiddleware.ReplayedHeader).Single());
        Assert.Equal("application/json; charset=utf-8", again.Content.Headers.ContentType?.ToString());
        Assert.Equal(1, await OrderCountAsync(account.Id));
    }

    [Fact]
    public async Task Post_SameKeyDifferentBody_Is422NamingTheHeaderAndChangesNothing()
    {
        var account = await _service.NewAccountAsync();
        await (await account.Client.SendAsync(Post("/v2/porting_orders", OrderBody(2), "key-2"))).ExpectAsync(HttpStatusCode.Created);

        var other = await account.Client.SendAsync(Post("/v2/porting_orders", OrderBody(3), "key-2"));
        await other.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "Idempotency-Key", "idempotency_key.reused");
        Assert.Equal(1, await OrderCountAsync(account.Id));
        // The same key on another path is another request too.
        var elsewhere = await account.Client.SendAsync(Post("/v2/porting_orders/" + Guid.NewGuid() + "/actions/confirm", "", "key-2"));
        await elsewhere.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "Idempotency-Key", "idempotency_key.reused");
    }

    [Fact]
    public async Task Post_SameKeyInAnotherAccount_IsAnotherRequest()
    {
        var a = await _service.NewAccountAsync("a");
        var b = await _service.NewAccountAsync("b");
        var fromA = await (await a.Client.SendAsync(Post("/v2/porting_orders", OrderBody(4), "shared-key"))).ExpectAsync(HttpStatusCode.Created);
        var fromB = await b.Client.SendAsync(Post("/v2/porting_orders", OrderBody(5), "shared-key"));
        var bodyB = await fromB.ExpectAsync(HttpStatusCode.Created);
        Assert.False(fromB.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
        Assert.NotEqual(fromA.GetProperty("data")[0].Str("id"), bodyB.GetProperty("data")[0].Str("id"));
        Assert.Equal(1, await OrderCountAsync(a.Id));
        Assert.Equal(1, await OrderCountAsync(b.Id));
    }

    [Fact]
    public async Task Post_ConcurrentDuplicates_CreateExactlyOneResource()
    {
        var account = await _service.NewAccountAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(_ => account.Client.SendAsync(Post("/v2/porting_orders", OrderBody(6), "concurrent-key"))));
        var created = new List<string>();
        foreach (var r in responses)
        {
            if (r.StatusCode == HttpStatusCode.Conflict)
            {
                await r.ExpectErrorAsync(HttpStatusCode.Conflict, "Idempotency-Key", "idempotency_key.in_flight");
                continue;
            }
            created.Add((await r.ExpectAsync(HttpStatusCode.Created)).GetProperty("data")[0].Str("id"));
        }
        Assert.NotEmpty(created);
        Assert.Single(created.Distinct());
        Assert.Equal(1, await OrderCountAsync(account.Id));
    }

    [Fact]
    public async Task Post_WhileTheFirstIsInFlight_Is409ThenTheFirstResponseIsReplayed()
    {
        var account = await _service.NewAccountAsync();
        var inFlight = _service.Services.GetRequiredService<IdempotencyInFlight>();
        Task<HttpResponseMessage> first;
        // Another writer holds the database, so the first request waits inside, with its key taken.
        await using (await HoldWritesAsync())
        {
            first = account.Client.SendAsync(Post("/v2/porting_orders", OrderBody(7), "slow-key"));
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (inFlight.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.Equal(1, inFlight.Count);

            var duplicate = await account.Client.SendAsync(Post("/v2/porting_orders", OrderBody(7), "slow-key"));
            await duplicate.ExpectErrorAsync(HttpStatusCode.Conflict, "Idempotency-Key", "idempotency_key.in_flight");
        }
        var firstBody = await (await first).ExpectAsync(HttpStatusCode.Created);
        var replay = await (await account.Client.SendAsync(Post("/v2/porting_orders", OrderBody(7), "slow-key"))).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(firstBody.GetProperty("data")[0].Str("id"), replay.GetProperty("data")[0].Str("id"));
        Assert.Equal(1, await OrderCountAsync(account.Id));
    }

    [Fact]
    public async Task Post_StoredResponse_IsReplayedFor24HoursThenForgotten()
    {
        using var op = _service.Operator();
        var first = await (await op.SendAsync(Post("/admin/v1/accounts", """{"name": "Acme"}""", "acct-key"))).ExpectAsync(HttpStatusCode.Created);

        _clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var replayed = await op.SendAsync(Post("/admin/v1/accounts", """{"name": "Acme"}""", "acct-key"));
        Assert.Equal(first.GetProperty("data").Str("id"), (await replayed.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("id"));
        Assert.True(replayed.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));

        _clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await op.SendAsync(Post("/admin/v1/accounts", """{"name": "Acme"}""", "acct-key"));
        Assert.NotEqual(first.GetProperty("data").Str("id"), (await fresh.ExpectAsync(HttpStatusCode.Created)).GetProperty("data").Str("id"));
        Assert.False(fresh.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
        Assert.Equal(2, await _service.WithDbAsync(db => db.Accounts.CountAsync(a => a.Name == "Acme")));
    }

    [Fact]
    public async Task Post_RefusedRequest_IsStoredAndReplayedToo()
    {
        // Stripe replays whatever the first request answered, errors included.
        var account = await _service.NewAccountAsync();
        var body = """{"phone_numbers": ["+4920123"]}""";
        var first = await account.Client.SendAsync(Post("/v2/porting_orders", body, "bad-key"));
        var firstText = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, first.StatusCode);
        var again = await account.Client.SendAsync(Post("/v2/porting_orders", body, "bad-key"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal(firstText, await again.Content.ReadAsStringAsync());
        Assert.True(again.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("has space")]
    [InlineData("x256")]
    public async Task Post_MalformedKey_Is422NamingTheHeader(string key)
    {
        if (key == "x256") key = new string('x', 256);
        var account = await _service.NewAccountAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/porting_orders") { Content = Json.Body(OrderBody(8)) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var response = await account.Client.SendAsync(request);
        await response.ExpectErrorAsync(HttpStatusCode.UnprocessableEntity, "Idempotency-Key", "idempotency_key.invalid");
        Assert.Equal(0, await OrderCountAsync(account.Id));
    }

    [Fact]
    public async Task Post_KeyWithBytesOutsideAscii_Is400NamingTheHeaderAndRunsNothing()
    {
        var account = await _service.NewAccountAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/porting_orders") { Content = Json.Body(OrderBody(8)) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "schlüssel");
        var response = await account.Client.SendAsync(request);
        await response.ExpectErrorAsync(HttpStatusCode.BadRequest, "Idempotency-Key", "invalid_header");
        Assert.Equal(0, await OrderCountAsync(account.Id));
    }

    [Fact]
    public async Task Post_KeyOf255Characters_IsAccepted()
    {
        var account = await _service.NewAccountAsync();
        var response = await account.Client.SendAsync(Post("/v2/porting_orders", OrderBody(9), new string('k', 255)));
        await response.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Post_KeyWithoutCredentials_Is401AndNotStored()
    {
        using var anonymous = _service.CreateClient();
        var response = await anonymous.SendAsync(Post("/v2/porting_orders", OrderBody(10), "anon-key"));
        await response.ExpectErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0, await _service.WithDbAsync(db => db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM idempotency_keys").SingleAsync()));
    }
}

public sealed class IdempotencySqliteTests() : IdempotencyTests(TestDatabase.Sqlite);

public sealed class IdempotencyPostgresTests() : IdempotencyTests(TestDatabase.Postgres);
