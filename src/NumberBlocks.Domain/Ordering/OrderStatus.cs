using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Ordering;

/// <summary>
/// The status of a number order or a number block order, as Telnyx names it (spec3.yml NumberOrder.status,
/// NumberBlockOrder.status: pending, success, failure).
/// </summary>
public enum OrderStatus { Pending, Success, Failure }

public static class OrderStatuses
{
    private static readonly string[] Wire = ["pending", "success", "failure"];

    public static IReadOnlyList<string> WireNames => Wire;

    public static string ToWire(this OrderStatus status) => Wire[(int)status];

    public static bool TryParseWire(string? text, out OrderStatus status)
    {
        var i = Array.IndexOf(Wire, text);
        status = i < 0 ? default : (OrderStatus)i;
        return i >= 0;
    }

    public static OrderStatus ParseStored(string text) =>
        TryParseWire(text, out var s) ? s : throw new InvalidOperationException($"Unknown stored order status '{text}'.");
}

/// <summary>
/// The one table of moves of an order: pending → success (its numbers became the account's) or failure (its numbers
/// went back where they came from). Success and failure are final.
/// </summary>
public static class OrderLifecycle
{
    public static Result<OrderStatus> Move(OrderStatus from, OrderStatus to) =>
        from == OrderStatus.Pending && to is OrderStatus.Success or OrderStatus.Failure
            ? to
            : new DomainError(ErrorCodes.IllegalTransition,
                $"An order in status '{from.ToWire()}' cannot move to '{to.ToWire()}'." + (from == OrderStatus.Pending ? "" : " The order is final."),
                "/status", ErrorKind.Conflict);
}

/// <summary>What became of one number of a reservation.</summary>
public enum ReservedNumberState
{
    /// <summary>Held for the account until its expiry.</summary>
    Held,
    /// <summary>Could not be reserved (not for sale, or held by someone else); holds nothing.</summary>
    Refused,
    /// <summary>Its time ran out; the number went back to stock, for everyone.</summary>
    Expired,
    /// <summary>The account ordered it; the reservation no longer holds it, the order does.</summary>
    Ordered,
}

public static class ReservedNumberStates
{
    private static readonly string[] Stored = ["held", "refused", "expired", "ordered"];

    public static string ToStored(this ReservedNumberState state) => Stored[(int)state];

    public static ReservedNumberState ParseStored(string text)
    {
        var i = Array.IndexOf(Stored, text);
        return i >= 0 ? (ReservedNumberState)i : throw new InvalidOperationException($"Unknown stored reservation state '{text}'.");
    }

    /// <summary>
    /// Telnyx's per-number reservation status has only pending, success and failure: a held or ordered number was
    /// reserved (success); a refused or expired one holds nothing (failure, with the reason in errors).
    /// </summary>
    public static OrderStatus ToStatus(this ReservedNumberState state) =>
        state is ReservedNumberState.Held or ReservedNumberState.Ordered ? OrderStatus.Success : OrderStatus.Failure;
}

/// <summary>Reservation timing (developers.telnyx.com, Number Reservations: "Reservations expire after 30 minutes").</summary>
public static class ReservationRules
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Telnyx: extending "update[s] the phone_numbers[].expired_at timestamp to reflect the additional 30 minutes".
    /// Decision: the new expiry is 30 minutes from now, never more, so repeated extends cannot stockpile time.
    /// </summary>
    public static DateTimeOffset ExtendedExpiry(DateTimeOffset now) => now + Lifetime;

    /// <summary>At most this many numbers per reservation or number order (spec3.yml examples: "1000 numbers is the maximum allowed").</summary>
    public const int MaxNumbers = 1000;
}
