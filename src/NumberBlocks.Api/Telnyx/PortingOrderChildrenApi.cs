using NumberBlocks.Api.Auth;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Api.Telnyx;

/// <summary>What creating a child of an order does once its body has been read: the domain operation to run.</summary>
public delegate Task<Result<TEntity>> CreateChild<TEntity>(NumberBlocksDbContext db, Guid accountId, Guid orderId, DateTimeOffset now, CancellationToken ct);

/// <summary>Deleting one child of an order.</summary>
public delegate Task<Result<TEntity>> DeleteChild<TEntity>(NumberBlocksDbContext db, Guid accountId, Guid orderId, Guid id, DateTimeOffset now,
    CancellationToken ct);

/// <summary>
/// The resources that hang off one porting order and are listed, created and deleted alike (Telnyx
/// /porting_orders/{porting_order_id}/phone_number_blocks and /phone_number_extensions): one implementation of the
/// three operations, told what differs — the rows, their filters, their record, and the domain operations.
/// </summary>
public sealed class PortingOrderChildren<TEntity, TRecord, TRequest> where TEntity : class where TRequest : class
{
    public required string Noun { get; init; }
    public required Func<NumberBlocksDbContext, IQueryable<TEntity>> Rows { get; init; }
    public required Expression<Func<TEntity, Guid>> OrderIdOf { get; init; }
    public required Expression<Func<TEntity, Guid>> IdOf { get; init; }
    public required Expression<Func<TEntity, DateTimeOffset>> CreatedAtOf { get; init; }
    public required TelnyxFilterSpec Filters { get; init; }
    public required Func<NumberBlocksDbContext, IQueryable<TEntity>, TelnyxFilters, IQueryable<TEntity>> Filter { get; init; }
    public required Func<TEntity, TRecord> View { get; init; }
    /// <summary>Reads the create body into the operation to run, or its refusals (pointers relative to the body).</summary>
    public required Func<TRequest, Result<CreateChild<TEntity>>> Parse { get; init; }
    public required DeleteChild<TEntity> Remove { get; init; }

    /// <summary>Telnyx: "If not given, results are sorted by created_at in descending order".</summary>
    public static readonly string[] Sorts = ["-created_at", "created_at"];

    public async Task<Results<Ok<TelnyxList<TRecord>>, TelnyxProblem>> List(string porting_order_id, HttpContext http, NumberBlocksDbContext db,
        CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var paging = TelnyxPaging.Read(q);
        var sort = TelnyxPaging.Sort(q, Sorts, "-created_at");
        var filters = Filters.Read(q);
        // An order of another account is "not found" before anything about the request is told, so nothing leaks across tenants.
        var order = await PortingOrdersApi.FindAsync(db, http, porting_order_id, ct);
        if (order is null) return PortingOrdersApi.NotFound();
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var rows = Rows(db).AsNoTracking().Where(OrderIs(OrderIdOf, order.Id));
        rows = Filter(db, rows, filters);
        var total = await rows.LongCountAsync(ct);
        var ordered = sort == "created_at" ? rows.OrderBy(CreatedAtOf).ThenBy(IdOf) : rows.OrderByDescending(CreatedAtOf).ThenByDescending(IdOf);
        var page = await ordered.Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new TelnyxList<TRecord>(page.Select(View).ToList(), paging.Meta(total)));
    }

    public async Task<Results<Created<TelnyxData<TRecord>>, TelnyxProblem>> Create(string porting_order_id, JsonBody<TRequest> body, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(porting_order_id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var accountId = http.AccountId();
        if (!await db.PortingOrders.AnyAsync(o => o.Id == orderId && o.AccountId == accountId, ct)) return PortingOrdersApi.NotFound();
        var work = Parse(body.Result.Value);
        if (work.IsFailure) return new TelnyxProblem(work.Errors);
        var now = clock.GetUtcNow();
        var created = await db.RunAsync(c => work.Value(db, accountId, orderId, now, c), ct);
        if (created.IsFailure) return new TelnyxProblem(created.Errors);
        var record = View(created.Value);
        return TypedResults.Created((string?)null, new TelnyxData<TRecord>(record));
    }

    public async Task<Results<Ok<TelnyxData<TRecord>>, TelnyxProblem>> Delete(string porting_order_id, string id, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (!Guid.TryParseExact(porting_order_id, "D", out var orderId)) return PortingOrdersApi.NotFound();
        if (!Guid.TryParseExact(id, "D", out var childId)) return (TelnyxProblem)DomainError.NotFound(Noun);
        var accountId = http.AccountId();
        var now = clock.GetUtcNow();
        var deleted = await db.RunAsync(c => Remove(db, accountId, orderId, childId, now, c), ct);
        if (deleted.IsFailure) return new TelnyxProblem(deleted.Errors);
        return TypedResults.Ok(new TelnyxData<TRecord>(View(deleted.Value)));
    }

    private static Expression<Func<TEntity, bool>> OrderIs(Expression<Func<TEntity, Guid>> column, Guid value)
    {
        Expression<Func<Guid>> boxed = () => value;
        return Expression.Lambda<Func<TEntity, bool>>(Expression.Equal(column.Body, boxed.Body), column.Parameters);
    }
}
