using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Domain.Porting;

/// <summary>
/// The rules of a porting order after actions/confirm (issue 6): what the carrier side must report with each step,
/// when a customer may still cancel, which numbers end active, and when an unconfirmed draft expires.
/// </summary>
public static class PortingCompletion
{
    /// <summary>Issue 6: actions/cancel is refused within 48 hours of a confirmed FOC date.</summary>
    public static readonly TimeSpan CancelCutoffBeforeFoc = TimeSpan.FromHours(48);

    /// <summary>Issue 6: drafts not confirmed for 30 days are removed, releasing their numbers.</summary>
    public static readonly TimeSpan DraftLifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// How long after the FOC date/time an on-demand activation may run. Telnyx names "activation_windows" without
    /// giving their length; NumberBlocks opens one window of a day from the FOC date/time.
    /// </summary>
    public static readonly TimeSpan ActivationWindow = TimeSpan.FromHours(24);

    /// <summary>
    /// The activation_status a porting phone number shows in each order status (Telnyx's enum; the mapping is
    /// NumberBlocks' decision). Seed 001: numbers in activation_ranges are active on completion, the rest port inactive.
    /// A draft's numbers have none yet.
    /// </summary>
    public static ActivationStatus? ActivationStatusFor(PortingOrderStatus status, bool activate) => status switch
    {
        PortingOrderStatus.Draft => null,
        PortingOrderStatus.InProcess or PortingOrderStatus.Submitted or PortingOrderStatus.Exception => ActivationStatus.Pending,
        PortingOrderStatus.FocDateConfirmed => ActivationStatus.Concurred,
        PortingOrderStatus.Ported => activate ? ActivationStatus.Active : ActivationStatus.ActivateReady,
        PortingOrderStatus.CancelPending => ActivationStatus.CancelPending,
        PortingOrderStatus.Cancelled => ActivationStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>
    /// Issue 6: what a carrier step must carry. An exception names at least one Telnyx exception code, each with a
    /// description the customer can act on; foc-date-confirmed carries the actual FOC date/time.
    /// </summary>
    public static IReadOnlyList<DomainError> CheckCarrierReport(PortingOrderStatus target, IReadOnlyList<(string? Code, string? Description)> details,
        DateTimeOffset? focActual)
    {
        var errors = new List<DomainError>();
        if (target == PortingOrderStatus.Exception)
        {
            if (details.Count == 0)
                errors.Add(new DomainError(ErrorCodes.Required,
                    "An exception needs at least one entry in details: the exception code and what the customer must do.", "/details"));
            for (var i = 0; i < details.Count; i++)
                if (string.IsNullOrWhiteSpace(details[i].Description))
                    errors.Add(new DomainError(ErrorCodes.Required,
                        "Each exception detail needs a description the customer can act on.", $"/details/{i}/description"));
        }
        else if (details.Count > 0)
        {
            errors.Add(new DomainError(ErrorCodes.InvalidValue, "details are given only with the status exception.", "/details"));
        }
        if (target == PortingOrderStatus.FocDateConfirmed && focActual is null)
            errors.Add(new DomainError(ErrorCodes.Required, "foc-date-confirmed needs the actual FOC date/time in foc_datetime_actual.", "/foc_datetime_actual"));
        if (focActual is not null && target is not (PortingOrderStatus.FocDateConfirmed or PortingOrderStatus.Ported))
            errors.Add(new DomainError(ErrorCodes.InvalidValue,
                "foc_datetime_actual is given only with foc-date-confirmed (or ported, to record when the port happened).", "/foc_datetime_actual"));
        return errors;
    }

    /// <summary>Issue 6: a customer may not cancel once a confirmed FOC date is less than 48 hours away (or past).</summary>
    public static DomainError? EnsureCustomerMayCancel(PortingOrderStatus status, DateTimeOffset? focActual, DateTimeOffset now)
    {
        if (status != PortingOrderStatus.FocDateConfirmed || focActual is not { } foc) return null;
        if (now < foc - CancelCutoffBeforeFoc) return null;
        return new DomainError(ErrorCodes.CancelTooLate,
            $"The FOC date {Rfc3339.Format(foc)} is confirmed and less than 48 hours away; the order can no longer be cancelled.",
            "/status/value");
    }

    /// <summary>Issue 6: a draft created at <paramref name="createdAt"/> and still unconfirmed is removed once 30 days have passed.</summary>
    public static bool DraftHasExpired(PortingOrderStatus status, DateTimeOffset createdAt, DateTimeOffset now) =>
        status == PortingOrderStatus.Draft && now - createdAt >= DraftLifetime;

    /// <summary>
    /// Telnyx actions/activate: "This operation is limited to US FastPort orders only." NumberBlocks treats every US
    /// order as FastPort-eligible (no other carrier facts are known to it).
    /// </summary>
    public static bool IsFastPortEligible(string countryCode) => countryCode == "US";

    /// <summary>
    /// On-demand activation (Telnyx actions/activate): a FastPort order whose FOC date is confirmed, until the
    /// activation window that opens at the FOC date/time has closed.
    /// </summary>
    public static Result<(DateTimeOffset Start, DateTimeOffset End)> ActivationWindowFor(PortingOrderStatus status, string countryCode,
        DateTimeOffset? focActual, DateTimeOffset now)
    {
        if (!IsFastPortEligible(countryCode))
            return new DomainError(ErrorCodes.ActivationNotAllowed,
                $"On-demand activation is limited to US FastPort orders; this order is {countryCode}. The carrier completes it on the FOC date.", null);
        if (status != PortingOrderStatus.FocDateConfirmed || focActual is not { } foc)
            return new DomainError(ErrorCodes.ActivationNotAllowed,
                $"An order is activated once its FOC date is confirmed; it is {status.ToWire()}.", "/status/value");
        var window = (foc, foc + ActivationWindow);
        // Before the window opens the job waits for it (scheduled); once it has closed, the carrier must confirm a new FOC date.
        if (now >= window.Item2)
            return new DomainError(ErrorCodes.ActivationNotAllowed,
                $"The activation window ran from {Instant(window.Item1)} to {Instant(window.Item2)} and has closed.", null);
        return window;
    }

    /// <summary>A scheduled activate_at must fall inside the window (Telnyx: "between some activation window").</summary>
    public static DomainError? EnsureInsideWindow(DateTimeOffset activateAt, DateTimeOffset windowStart, DateTimeOffset windowEnd) =>
        activateAt >= windowStart && activateAt < windowEnd
            ? null
            : new DomainError(ErrorCodes.InvalidValue,
                $"activate_at must be inside the activation window {Instant(windowStart)} to {Instant(windowEnd)}.", "/activate_at");

    /// <summary>
    /// Seed 002: an extension range splits into the parts inside its activation ranges (active on completion) and the
    /// rest (ported, inactive), in order. <paramref name="activation"/> is sorted, disjoint and inside <paramref name="range"/>.
    /// </summary>
    public static IReadOnlyList<(ExtensionRange Range, bool Active)> ExtensionParts(ExtensionRange range, IReadOnlyList<ExtensionRange> activation)
    {
        var parts = new List<(ExtensionRange, bool)>();
        var next = range.Start;
        foreach (var a in activation.OrderBy(a => a.Start))
        {
            if (a.Start > next) parts.Add((ExtensionRange.Of(next, a.Start - 1), false));
            parts.Add((a, true));
            next = a.End + 1;
        }
        if (next <= range.End) parts.Add((ExtensionRange.Of(next, range.End), false));
        return parts;
    }

    /// <summary>
    /// Activating extensions later: <paramref name="wanted"/> joins the activation ranges of <paramref name="range"/>.
    /// The result stays sorted and disjoint (seed 002: activation ranges "should not overlap"); touching ranges merge.
    /// </summary>
    public static Result<IReadOnlyList<ExtensionRange>> ActivateExtensions(ExtensionRange range, IReadOnlyList<ExtensionRange> activation, ExtensionRange wanted)
    {
        if (!range.Contains(wanted))
            return new DomainError(ErrorCodes.ActivationRangeOutsideBlock,
                $"The extensions {wanted} are not inside the extension range {range}.", "/extension_range/start_at");
        if (activation.Any(a => a.Contains(wanted)))
            return new DomainError(ErrorCodes.NumberAlreadyActive, $"The extensions {wanted} are already active.", "/extension_range");
        var merged = new List<ExtensionRange>();
        foreach (var r in activation.Append(wanted).OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End + 1)
                merged[^1] = ExtensionRange.Of(merged[^1].Start, Math.Max(merged[^1].End, r.End));
            else
                merged.Add(r);
        }
        return merged;
    }

    private static string Instant(DateTimeOffset t) => Rfc3339.Format(t);
}

/// <summary>Telnyx PortingOrdersActivationJob.status, with its one table of moves: created → in-process → completed | failed.</summary>
public enum ActivationJobStatus { Created, InProcess, Completed, Failed }

public static class ActivationJobStatuses
{
    private static readonly string[] Wire = ["created", "in-process", "completed", "failed"];

    public static IReadOnlyList<string> WireNames => Wire;

    public static string ToWire(this ActivationJobStatus status) => Wire[(int)status];

    public static ActivationJobStatus ParseWire(string text) =>
        Array.IndexOf(Wire, text) is var i and >= 0 ? (ActivationJobStatus)i : throw new ArgumentOutOfRangeException(nameof(text), text, "Unknown job status.");

    public static bool IsOpen(this ActivationJobStatus status) => status is ActivationJobStatus.Created or ActivationJobStatus.InProcess;

    public static bool CanMove(ActivationJobStatus from, ActivationJobStatus to) => (from, to) switch
    {
        (ActivationJobStatus.Created, ActivationJobStatus.InProcess) => true,
        (ActivationJobStatus.Created, ActivationJobStatus.Failed) => true,
        (ActivationJobStatus.InProcess, ActivationJobStatus.Completed or ActivationJobStatus.Failed) => true,
        _ => false,
    };
}

/// <summary>Telnyx porting event types NumberBlocks emits (GET /v2/porting/events filter[type]).</summary>
public static class PortingEventTypes
{
    public const string StatusChanged = "porting_order.status_changed";
    public const string Deleted = "porting_order.deleted";
    public const string NewComment = "porting_order.new_comment";

    public static readonly string[] All =
    [
        "porting_order.deleted", "porting_order.loa_updated", "porting_order.messaging_changed", "porting_order.status_changed",
        "porting_order.sharing_token_expired", "porting_order.new_comment", "porting_order.split",
    ];
}
