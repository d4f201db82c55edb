using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Requests;

/// <summary>The statuses of a number request (seed 003 / issue 4).</summary>
public enum NumberRequestStatus { Pending, Accepted, Completed, Rejected, Cancelled }

public static class NumberRequestStatuses
{
    private static readonly string[] Wire = ["pending", "accepted", "completed", "rejected", "cancelled"];
    private static readonly string[] Descriptions =
    [
        "Received; no numbers assigned yet (stock cannot serve it yet, or it awaits the operator).",
        "Accepted: some numbers are assigned or the operator accepted it; the rest follow when stock arrives.",
        "Every requested number is assigned to the account. Final.",
        "Refused by the operator, with a reason. Numbers already assigned stay assigned. Final.",
        "Cancelled by the customer. Numbers already assigned stay assigned. Final.",
    ];

    public static IReadOnlyList<string> WireNames => Wire;

    public static string ToWire(this NumberRequestStatus status) => Wire[(int)status];

    public static string Describe(this NumberRequestStatus status) => Descriptions[(int)status];

    public static bool TryParseWire(string? text, out NumberRequestStatus status)
    {
        var i = Array.IndexOf(Wire, text);
        status = i < 0 ? default : (NumberRequestStatus)i;
        return i >= 0;
    }

    public static NumberRequestStatus ParseStored(string text) =>
        TryParseWire(text, out var s) ? s : throw new InvalidOperationException($"Unknown stored number request status '{text}'.");

    /// <summary>Completed, rejected and cancelled requests never change again and get no more numbers.</summary>
    public static bool IsFinal(this NumberRequestStatus status) =>
        status is NumberRequestStatus.Completed or NumberRequestStatus.Rejected or NumberRequestStatus.Cancelled;
}

/// <summary>
/// The one table of allowed moves of a number request. Issue 4: pending → accepted → completed, rejected with a reason
/// by the operator, cancelled by the customer while not final. Every illegal move gives the same error.
/// </summary>
public static class NumberRequestLifecycle
{
    private static readonly Dictionary<NumberRequestStatus, NumberRequestStatus[]> Allowed = new()
    {
        [NumberRequestStatus.Pending] = [NumberRequestStatus.Accepted, NumberRequestStatus.Completed, NumberRequestStatus.Rejected, NumberRequestStatus.Cancelled],
        [NumberRequestStatus.Accepted] = [NumberRequestStatus.Completed, NumberRequestStatus.Rejected, NumberRequestStatus.Cancelled],
        [NumberRequestStatus.Completed] = [],
        [NumberRequestStatus.Rejected] = [],
        [NumberRequestStatus.Cancelled] = [],
    };

    public static IReadOnlyList<NumberRequestStatus> NextFrom(NumberRequestStatus from) => Allowed[from];

    public static bool CanMove(NumberRequestStatus from, NumberRequestStatus to) => Allowed[from].Contains(to);

    public static Result<NumberRequestStatus> Move(NumberRequestStatus from, NumberRequestStatus to, string? pointer = "/status") =>
        CanMove(from, to)
            ? to
            : new DomainError(ErrorCodes.IllegalTransition,
                $"A number request in status '{from.ToWire()}' cannot move to '{to.ToWire()}'." +
                (Allowed[from].Length == 0 ? " The request is final." : $" Allowed next: {string.Join(", ", Allowed[from].Select(s => s.ToWire()))}."),
                pointer, ErrorKind.Conflict);
}
