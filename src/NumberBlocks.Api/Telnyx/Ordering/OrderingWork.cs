using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Callbacks;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Requests;

namespace NumberBlocks.Api.Telnyx.Ordering;

/// <summary>Wakes the ordering worker: an order was placed or its requirements changed.</summary>
public sealed class OrderingSignal(TimeProvider clock) : WorkSignal(clock);

/// <summary>
/// How the Telnyx surface reports orders: a signed webhook through the outbox to the account's webhook_url, in
/// Telnyx's event envelope (spec3.yml NumberOrderedEvent: event_type number_order.complete with the order as payload).
/// </summary>
public static class TelnyxOrderNotifier
{
    public const string NumberOrderComplete = "number_order.complete";
    /// <summary>Telnyx names no event type for block orders (spec3.yml NumberOrderBlockEvent); this one follows number orders'.</summary>
    public const string BlockOrderComplete = "number_block_order.complete";

    /// <summary><see cref="OrderStatusChanged"/> of the Telnyx surface.</summary>
    public static async Task OrderStatusChangedAsync(NumberBlocksDbContext db, NumberOrder order, DateTimeOffset now, CancellationToken ct)
    {
        var url = await db.Accounts.AsNoTracking().Where(a => a.Id == order.AccountId).Select(a => a.WebhookUrl).FirstOrDefaultAsync(ct);
        if (url is null) return;
        object payload;
        string eventType;
        if (order.Kind == NumberOrder.Block)
        {
            payload = OrderingViews.BlockOrder(order);
            eventType = BlockOrderComplete;
        }
        else
        {
            var numbers = await db.OrderedPhoneNumbers.AsNoTracking().Where(n => n.OrderId == order.Id).OrderBy(n => n.PhoneNumber).ToListAsync(ct);
            // Numbers added in this unit of work are not saved yet when the engine reports; take them from the tracker too.
            var tracked = db.ChangeTracker.Entries<OrderedPhoneNumber>().Select(e => e.Entity).Where(n => n.OrderId == order.Id);
            numbers = numbers.Concat(tracked).DistinctBy(n => n.Id).OrderBy(n => n.PhoneNumber).ToList();
            payload = OrderingViews.NumberOrderItem(order, numbers);
            eventType = NumberOrderComplete;
        }
        var body = new OrderingEvent(new OrderingEventData(eventType, Guid.CreateVersion7(now), now, payload, "event"));
        Outbox.EnqueueWebhook(db, order.AccountId, url, eventType, JsonSerializer.Serialize(body, WireJson.Options), now);
    }

    /// <summary>
    /// The Telnyx surface's <see cref="RequestStatusChanged"/>: numbers the engine assigned to a Telnyx order by
    /// criteria since the last report become a number order (success), reported like any other.
    /// </summary>
    public static async Task RequestStatusChangedAsync(NumberBlocksDbContext db, IReadOnlyList<NumberRequest> requests, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var request in requests)
            if (await OrderingOperations.RecordEngineOrderAsync(db, request, now, ct) is { } order)
                await OrderStatusChangedAsync(db, order, now, ct);
    }
}

/// <summary>
/// The ordering work outside requests, as passes a test can call directly: pending orders whose requirements are met
/// complete (or fail after the deadline), and reservations whose 30 minutes are up give their numbers back to stock.
/// Each item is its own write transaction.
/// </summary>
public sealed class OrderingWork(IServiceScopeFactory scopes, TimeProvider clock, OutboxSignal outbox)
{
    public const int BatchSize = 100;

    public async Task<int> CompletePendingOrdersAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var done = 0;
        foreach (var id in await OrderingOperations.PendingOrdersAsync(db, BatchSize, ct))
        {
            var result = await db.RunAsync(c => OrderingOperations.CompleteAsync(db, id, clock.GetUtcNow(), TelnyxOrderNotifier.OrderStatusChangedAsync, c), ct);
            if (result.IsSuccess && result.Value) done++;
        }
        if (done > 0) outbox.Notify();
        return done;
    }

    public async Task<int> ExpireReservationsAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NumberBlocksDbContext>();
        var expired = 0;
        foreach (var id in await OrderingOperations.ExpiredReservedNumbersAsync(db, clock.GetUtcNow(), BatchSize, ct))
        {
            var result = await db.RunAsync(c => OrderingOperations.ExpireReservedNumberAsync(db, id, clock.GetUtcNow(), c), ct);
            if (result.IsSuccess && result.Value) expired++;
        }
        return expired;
    }
}

/// <summary>Runs the ordering work every second on the injected clock, and at once when an order is placed.</summary>
public sealed class OrderingWorker(OrderingWork work, OrderingSignal signal, ILogger<OrderingWorker> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await work.CompletePendingOrdersAsync(stoppingToken) + await work.ExpireReservationsAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                log.LogError(ex, "An ordering pass failed; the next pass retries.");
            }
            if (handled >= OrderingWork.BatchSize) continue;
            try
            {
                await signal.WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

/// <summary>Registers the ordering resources on the Telnyx surface.</summary>
public static class OrderingSetup
{
    public static IServiceCollection AddTelnyxOrdering(this IServiceCollection services)
    {
        services.AddSingleton<OrderingSignal>();
        services.AddSingleton<OrderingWork>();
        services.AddHostedService<OrderingWorker>();
        // Telnyx orders by criteria are number requests of origin telnyx, served by the shared fulfilment engine.
        services.AddSingleton(new Requests.NumberRequestNotifierRegistration(NumberRequestOrigins.Telnyx, TelnyxOrderNotifier.RequestStatusChangedAsync));
        return services;
    }

    public static RouteGroupBuilder MapTelnyxOrdering(this RouteGroupBuilder v2) =>
        v2.MapNumberBlockOrdering().MapNumberOrders().MapNumberReservations().MapCriteriaOrders().MapBlockJobs();
}
