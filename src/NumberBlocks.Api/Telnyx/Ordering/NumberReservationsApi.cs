using NumberBlocks.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ordering;
using static NumberBlocks.Api.Telnyx.Ordering.OrderingDocs;

namespace NumberBlocks.Api.Telnyx.Ordering;

/// <summary>
/// Telnyx number reservations (spec3.yml CreateNumberReservation, ListNumberReservations; the retrieve and
/// actions/extend operations from the full spec): numbers held for the account for 30 minutes, offered to no one else
/// on any surface, then back in stock unless extended or ordered.
/// </summary>
public static class NumberReservationsApi
{
    public static RouteGroupBuilder MapNumberReservations(this RouteGroupBuilder v2)
    {
        var reservations = v2.MapGroup("/number_reservations").WithTags("Telnyx: number reservations");
        reservations.MapPost("", Create).WithName("CreateNumberReservation").WithSummary("Create a number reservation")
            .WithDescription("Reserves each number on its own for 30 minutes (developers.telnyx.com, Number Reservations): a number in stock is held for " +
                "the account (status success, expired_at when it goes back); one that is not for sale or is held by someone is refused (status " +
                "failure, with errors) and holds nothing. The reservation's status is success when it holds any number.")
            .WithRequestExample(new CreateNumberReservationRequest("MY REF 001", [new ReservationPhoneNumberInput("+4920123457010")]));
        reservations.MapGet("", List).WithName("ListNumberReservations").WithSummary("List number reservations")
            .WithDescription("The account's reservations, newest first, filtered by filter[status], filter[created_at][gt|lt], " +
                "filter[phone_numbers.phone_number] and filter[customer_reference].")
            .WithQueryParameters([.. Page, Text("filter[status]", "success (holds or held numbers) or failure (held none)."), .. CreatedAt("reservations"),
                Text("filter[phone_numbers.phone_number]", "Only reservations of this number."),
                Text("filter[customer_reference]", "Only reservations with this customer reference.")]);
        reservations.MapGet("/{number_reservation_id}", Get).WithName("RetrieveNumberReservation").WithSummary("Retrieve a number reservation")
            .WithDescription("One reservation of the account with its numbers; another account's is not found.");
        reservations.MapPost("/{number_reservation_id}/actions/extend", Extend).WithName("ExtendNumberReservationExpiryTime")
            .WithSummary("Extend a number reservation")
            .WithDescription("Every number the reservation still holds is held until 30 minutes from now (never longer, however often this is called). " +
                "A reservation that holds nothing any more is refused with 422.");
        return v2;
    }

    public static async Task<Results<Ok<OrderingData<NumberReservationRecord>>, TelnyxProblem>> Create(JsonBody<CreateNumberReservationRequest> body,
        HttpContext http, NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (body.Result.IsFailure) return new TelnyxProblem(body.Result.Errors);
        var request = body.Result.Value;
        var parsed = OrderedNumbers.Parse(request.PhoneNumbers?.Select(p => p is null ? null : new RawOrderedNumber(p.PhoneNumber, null, null)).ToList());
        var errors = parsed.Errors.ToList();
        if (request.CustomerReference is { Length: > 255 })
            errors.Add(new DomainError(ErrorCodes.InvalidValue, "customer_reference is longer than 255 characters.", "/customer_reference"));
        if (errors.Count > 0) return new TelnyxProblem(errors);
        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var reservation = await db.RunAsync(async c => Result<NumberReservation>.Ok(
            await OrderingOperations.CreateReservationAsync(db, accountId, parsed.Value.Select(n => n.Number).ToList(), request.CustomerReference, now, c)), ct);
        return TypedResults.Ok(new OrderingData<NumberReservationRecord>(await ViewAsync(db, reservation.Value, ct)));
    }

    public static async Task<Results<Ok<OrderingList<NumberReservationRecord>>, TelnyxProblem>> List(HttpContext http, NumberBlocksDbContext db, CancellationToken ct)
    {
        var q = new QueryReader(http.Request.Query);
        var page = OrderingQuery.Page(q);
        var status = OrderingQuery.Status(q);
        var after = OrderingQuery.Instant(q, "filter[created_at][gt]");
        var before = OrderingQuery.Instant(q, "filter[created_at][lt]");
        var number = OrderingQuery.PhoneNumber(q, "phone_numbers.phone_number");
        var reference = OrderingQuery.Filter(q, "customer_reference");
        if (q.Finish() is { Count: > 0 } refused) return new TelnyxProblem(refused);

        var accountId = http.AccountId();
        var query = db.NumberReservations.AsNoTracking().Where(r => r.AccountId == accountId);
        if (after is { } a) query = query.Where(r => r.CreatedAt > a);
        if (before is { } b) query = query.Where(r => r.CreatedAt < b);
        if (reference is not null) query = query.Where(r => r.CustomerReference == reference);
        if (number is { } n) query = query.Where(r => db.ReservedPhoneNumbers.Any(p => p.ReservationId == r.Id && p.PhoneNumber == n));
        if (status is { } s)
        {
            // success: holds a number, or held one until it was ordered; failure: holds none (refused or expired).
            var succeeded = new[] { ReservedNumberState.Held.ToStored(), ReservedNumberState.Ordered.ToStored() };
            query = s switch
            {
                OrderStatus.Success => query.Where(r => db.ReservedPhoneNumbers.Any(p => p.ReservationId == r.Id && succeeded.Contains(p.State))),
                OrderStatus.Failure => query.Where(r => !db.ReservedPhoneNumbers.Any(p => p.ReservationId == r.Id && succeeded.Contains(p.State))),
                _ => query.Where(_ => false),
            };
        }
        var total = await query.LongCountAsync(ct);
        var rows = await query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((page.Number - 1) * page.Size).Take(page.Size).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var numbers = (await db.ReservedPhoneNumbers.AsNoTracking().Where(p => ids.Contains(p.ReservationId)).OrderBy(p => p.PhoneNumber).ToListAsync(ct))
            .ToLookup(p => p.ReservationId);
        return TypedResults.Ok(new OrderingList<NumberReservationRecord>(
            rows.Select(r => OrderingViews.Reservation(r, numbers[r.Id].ToList())).ToArray(), OrderingQuery.Meta(page, total)));
    }

    public static async Task<Results<Ok<OrderingData<NumberReservationRecord>>, TelnyxProblem>> Get(string number_reservation_id, HttpContext http,
        NumberBlocksDbContext db, CancellationToken ct)
    {
        var accountId = http.AccountId();
        var reservation = OrderingQuery.Id(number_reservation_id) is { } id
            ? await db.NumberReservations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.AccountId == accountId, ct)
            : null;
        if (reservation is null) return (TelnyxProblem)DomainError.NotFound("Number reservation");
        return TypedResults.Ok(new OrderingData<NumberReservationRecord>(await ViewAsync(db, reservation, ct)));
    }

    public static async Task<Results<Ok<OrderingData<NumberReservationRecord>>, TelnyxProblem>> Extend(string number_reservation_id, HttpContext http,
        NumberBlocksDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (OrderingQuery.Id(number_reservation_id) is not { } id) return (TelnyxProblem)DomainError.NotFound("Number reservation");
        var now = clock.GetUtcNow();
        var accountId = http.AccountId();
        var reservation = await db.RunAsync(c => OrderingOperations.ExtendReservationAsync(db, accountId, id, now, c), ct);
        if (reservation.IsFailure) return new TelnyxProblem(reservation.Errors);
        return TypedResults.Ok(new OrderingData<NumberReservationRecord>(await ViewAsync(db, reservation.Value, ct)));
    }

    private static async Task<NumberReservationRecord> ViewAsync(NumberBlocksDbContext db, NumberReservation reservation, CancellationToken ct)
    {
        var numbers = await db.ReservedPhoneNumbers.AsNoTracking().Where(p => p.ReservationId == reservation.Id).OrderBy(p => p.PhoneNumber).ToListAsync(ct);
        return OrderingViews.Reservation(reservation, numbers);
    }
}
