using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NumberBlocks.Data;

/// <summary>
/// The service's own traces and counters (OpenTelemetry reads them by the name "NumberBlocks"): spans for ledger
/// claims, outbox enqueues and deliveries, so one trace runs from the request that changed something to the callback
/// that reported it; counters for claims, conflicts, enqueues and delivery outcomes. Names follow the OpenTelemetry
/// semantic conventions' style (dot-separated, lower case, units in UCUM).
/// </summary>
public static class Telemetry
{
    public const string Name = "NumberBlocks";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> LedgerClaims =
        Meter.CreateCounter<long>("numberblocks.ledger.claims", "{claim}", "Ranges claimed in the ledger, by operation.");
    public static readonly Counter<long> LedgerConflicts =
        Meter.CreateCounter<long>("numberblocks.ledger.conflicts", "{claim}", "Claims the ledger refused because a number in the range is held.");
    public static readonly Counter<long> OutboxEnqueued =
        Meter.CreateCounter<long>("numberblocks.outbox.enqueued", "{message}", "Outbox messages written, by channel.");
    public static readonly Counter<long> Deliveries =
        Meter.CreateCounter<long>("numberblocks.outbox.deliveries", "{attempt}", "Delivery attempts, by channel and outcome (delivered, recorded, retry, failed).");

    /// <summary>Counts one ledger operation and marks its span: <paramref name="conflicts"/> of <paramref name="ranges"/> refused.</summary>
    public static void CountClaims(string operation, int ranges, int conflicts, Activity? span)
    {
        var tag = new KeyValuePair<string, object?>("operation", operation);
        if (ranges - conflicts > 0) LedgerClaims.Add(ranges - conflicts, tag);
        if (conflicts > 0) LedgerConflicts.Add(conflicts, tag);
        span?.SetTag("numberblocks.ledger.ranges", ranges);
        span?.SetTag("numberblocks.ledger.conflicts", conflicts);
    }
}
