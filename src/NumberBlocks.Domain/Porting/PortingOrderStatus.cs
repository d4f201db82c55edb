using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Porting;

/// <summary>The statuses of a porting order, as Telnyx's PortingOrderStatus.value enum names them.</summary>
public enum PortingOrderStatus { Draft, InProcess, Submitted, Exception, FocDateConfirmed, Ported, CancelPending, Cancelled }

public static class PortingOrderStatuses
{
    private static readonly string[] Wire = ["draft", "in-process", "submitted", "exception", "foc-date-confirmed", "ported", "cancel-pending", "cancelled"];

    public static IReadOnlyList<string> WireNames => Wire;

    public static string ToWire(this PortingOrderStatus status) => Wire[(int)status];

    public static bool TryParseWire(string? text, out PortingOrderStatus status)
    {
        var i = Array.IndexOf(Wire, text);
        status = i < 0 ? default : (PortingOrderStatus)i;
        return i >= 0;
    }

    /// <summary>Seed 001: blocks are added or deleted, and the order edited, only while draft, in-process or exception.</summary>
    public static bool AllowsEditing(this PortingOrderStatus status) =>
        status is PortingOrderStatus.Draft or PortingOrderStatus.InProcess or PortingOrderStatus.Exception;

    /// <summary>A live order holds its numbers in the ledger; ported and cancelled orders do not.</summary>
    public static bool IsFinal(this PortingOrderStatus status) => status is PortingOrderStatus.Ported or PortingOrderStatus.Cancelled;
}

/// <summary>
/// The one table of allowed status moves of a porting order. Every move, by a customer action or the carrier side,
/// goes through <see cref="Move"/>; every illegal move gives the same error.
/// </summary>
public static class PortingOrderLifecycle
{
    private static readonly Dictionary<PortingOrderStatus, PortingOrderStatus[]> Allowed = new()
    {
        // Telnyx actions/confirm: draft → in-process. A draft is deleted, not cancelled.
        [PortingOrderStatus.Draft] = [PortingOrderStatus.InProcess],
        [PortingOrderStatus.InProcess] = [PortingOrderStatus.Submitted, PortingOrderStatus.Exception, PortingOrderStatus.CancelPending],
        [PortingOrderStatus.Submitted] = [PortingOrderStatus.Exception, PortingOrderStatus.FocDateConfirmed, PortingOrderStatus.CancelPending],
        [PortingOrderStatus.Exception] = [PortingOrderStatus.InProcess, PortingOrderStatus.Submitted, PortingOrderStatus.CancelPending],
        [PortingOrderStatus.FocDateConfirmed] = [PortingOrderStatus.Ported, PortingOrderStatus.Exception, PortingOrderStatus.CancelPending],
        [PortingOrderStatus.CancelPending] = [PortingOrderStatus.Cancelled],
        [PortingOrderStatus.Ported] = [],
        [PortingOrderStatus.Cancelled] = [],
    };

    public static bool CanMove(PortingOrderStatus from, PortingOrderStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<PortingOrderStatus> NextFrom(PortingOrderStatus from) => Allowed[from];

    public static Result<PortingOrderStatus> Move(PortingOrderStatus from, PortingOrderStatus to, string pointer = "/status") =>
        CanMove(from, to)
            ? to
            : new DomainError(ErrorCodes.IllegalTransition,
                $"A porting order in status '{from.ToWire()}' cannot move to '{to.ToWire()}'." +
                (Allowed[from].Length == 0 ? " The order is final." : $" Allowed next: {string.Join(", ", Allowed[from].Select(s => s.ToWire()))}."),
                pointer);
}
