using NumberBlocks.Domain.Porting;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NumberBlocks.Api.Tests.Infrastructure;
using NumberBlocks.Api.Workers;
using NumberBlocks.Data;

namespace NumberBlocks.Api.Tests.Scaling;

/// <summary>
/// The porting workers' passes run by many runners at once on PostgreSQL, as N service processes run them: each item
/// is handled once and no runner fails. (The three-process proof is <see cref="WorkersMultiProcessTests"/>; here the
/// runners are forced to collide on every item.)
/// </summary>
public sealed class WorkerRaceTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private ServiceFactory _service = null!;

    public async ValueTask InitializeAsync()
    {
        _service = await TestServices.CreateAsync(TestDatabase.Postgres);
        _service.ConfigureServices = services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            // Only the test's runners run the passes, so each count below is theirs alone.
            foreach (var hosted in services.Where(d => d.ImplementationType == typeof(DraftCleanupWorker) || d.ImplementationType == typeof(ActivationJobWorker)).ToList())
                services.Remove(hosted);
        };
        _ = _service.Server;
    }

    public async ValueTask DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task DraftCleanup_EightRunnersOverTheSameExpiredDrafts_EachRemovedOnceNoRunnerFails()
    {
        var account = await _service.NewAccountAsync();
        const int drafts = 20;
        for (var i = 0; i < drafts; i++)
        {
            var start = 4920123600000L + i * 100;
            var body = $$"""{"phone_number_blocks": [{"phone_number_range": {"start_at": "+{{start}}", "end_at": "+{{start + 9}}"}, "activation_ranges": []}]}""";
            await (await account.Client.PostAsync("/v2/porting_orders", Json.Body(body))).ExpectAsync(HttpStatusCode.Created);
        }
        _clock.Advance(TimeSpan.FromDays(31));

        var work = _service.Services.GetRequiredService<PortingWork>();
        var removed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => work.RemoveExpiredDraftsAsync(CancellationToken.None))));

        Assert.Equal(drafts, removed.Sum());
        await _service.WithDbAsync(async db =>
        {
            Assert.Equal(0, await db.PortingOrders.CountAsync());
            Assert.Equal(0, await db.LedgerClaims.CountAsync());
            var events = await db.PortingEvents.Where(e => e.EventType == "porting_order.deleted").GroupBy(e => e.PortingOrderId).Select(g => g.Count()).ToListAsync();
            Assert.Equal(drafts, events.Count);
            Assert.All(events, n => Assert.Equal(1, n));
            return 0;
        });
    }

    [Fact]
    public async Task ActivationJob_StartedByAProcessThatDied_IsTakenOverAfterTheLease()
    {
        var account = await _service.NewAccountAsync();
        using var op = _service.Operator();
        var created = await (await account.Client.PostAsync("/v2/porting_orders", Json.Body("""{"phone_numbers": ["+13035550021"]}"""))).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("data")[0].Str("id");
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/confirm", null)).ExpectAsync(HttpStatusCode.OK);
        await (await op.PostAsync($"/admin/v1/porting_orders/{id}/status", Json.Body("""{"status": "submitted"}"""))).ExpectAsync(HttpStatusCode.OK);
        var foc = _clock.GetUtcNow().AddMinutes(-5).ToString("O");
        await (await op.PostAsync($"/admin/v1/porting_orders/{id}/status", Json.Body($$"""{"status": "foc-date-confirmed", "foc_datetime_actual": "{{foc}}"}""")))
            .ExpectAsync(HttpStatusCode.OK);
        await (await account.Client.PostAsync($"/v2/porting_orders/{id}/actions/activate", null)).ExpectAsync(HttpStatusCode.Accepted);

        // A runner started the job (created → in-process) and its process died before it could finish it.
        var orderId = Guid.Parse(id);
        var now = _clock.GetUtcNow();
        await _service.WithDbAsync(db => db.PortingActivationJobs.Where(j => j.PortingOrderId == orderId)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ActivationJobStatus.InProcess).SetProperty(j => j.UpdatedAt, now)));
        var work = _service.Services.GetRequiredService<PortingWork>();

        // Within the lease the job still belongs to the dead runner; after it, any runner finishes it, once.
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await work.RunDueActivationJobsAsync(CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(2));
        var finished = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => work.RunDueActivationJobsAsync(CancellationToken.None))));
        Assert.Equal(1, finished.Sum());

        var order = await (await account.Client.GetAsync($"/v2/porting_orders/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("ported", order.GetProperty("data").GetProperty("status").Str("value"));
        await _service.WithDbAsync(async db =>
        {
            Assert.Equal([ActivationJobStatus.Completed], await db.PortingActivationJobs.Where(j => j.PortingOrderId == orderId).Select(j => j.Status).ToListAsync());
            return 0;
        });
    }
}
