using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NumberBlocks.Data.Entities;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>
/// How the porting states are spelled in the database: the strings stored since the first migration (Telnyx's own
/// spellings, so existing rows read back unchanged). Each enum meets its column through one converter built from
/// one table; a stored string outside the table is a corrupt row and throws on read.
/// </summary>
public static class StoredStates
{
    public static readonly StoredNames<PortingOrderStatus> OrderStatus = new(new()
    {
        [PortingOrderStatus.Draft] = "draft", [PortingOrderStatus.InProcess] = "in-process", [PortingOrderStatus.Submitted] = "submitted",
        [PortingOrderStatus.Exception] = "exception", [PortingOrderStatus.FocDateConfirmed] = "foc-date-confirmed",
        [PortingOrderStatus.Ported] = "ported", [PortingOrderStatus.CancelPending] = "cancel-pending", [PortingOrderStatus.Cancelled] = "cancelled",
    });

    public static readonly StoredNames<ActivationStatus> Activation = new(new()
    {
        [ActivationStatus.New] = "New", [ActivationStatus.Pending] = "Pending", [ActivationStatus.Conflict] = "Conflict",
        [ActivationStatus.CancelPending] = "Cancel Pending", [ActivationStatus.Failed] = "Failed", [ActivationStatus.Concurred] = "Concurred",
        [ActivationStatus.ActivateReady] = "Activate RDY", [ActivationStatus.DisconnectPending] = "Disconnect Pending",
        [ActivationStatus.ConcurrenceSent] = "Concurrence Sent", [ActivationStatus.Old] = "Old", [ActivationStatus.Sending] = "Sending",
        [ActivationStatus.Active] = "Active", [ActivationStatus.Cancelled] = "Cancelled",
    });

    public static readonly StoredNames<PortabilityStatus> Portability = new(new()
    {
        [PortabilityStatus.Pending] = "pending", [PortabilityStatus.Confirmed] = "confirmed", [PortabilityStatus.Provisional] = "provisional",
    });

    public static readonly StoredNames<RequirementsStatus> Requirements = new(new()
    {
        [RequirementsStatus.InfoPending] = "requirement-info-pending", [RequirementsStatus.InfoUnderReview] = "requirement-info-under-review",
        [RequirementsStatus.InfoException] = "requirement-info-exception", [RequirementsStatus.Approved] = "approved",
    });

    public static readonly StoredNames<ActivationJobStatus> JobStatus = new(new()
    {
        [ActivationJobStatus.Created] = "created", [ActivationJobStatus.InProcess] = "in-process",
        [ActivationJobStatus.Completed] = "completed", [ActivationJobStatus.Failed] = "failed",
    });

    public static readonly StoredNames<ActivationType> JobType = new(new()
    {
        [ActivationType.OnDemand] = "on-demand", [ActivationType.Scheduled] = "scheduled",
    });

    public static readonly StoredNames<PortingOrderType> MiscType = new(new()
    {
        [PortingOrderType.Full] = "full", [PortingOrderType.Partial] = "partial",
    });

    public static readonly StoredNames<RemainingNumbersAction> RemainingAction = new(new()
    {
        [RemainingNumbersAction.Keep] = "keep", [RemainingNumbersAction.Disconnect] = "disconnect",
    });

    public static readonly StoredNames<SharingPermission> Permission = new(new()
    {
        [SharingPermission.DocumentRead] = "porting_order.document.read", [SharingPermission.DocumentUpdate] = "porting_order.document.update",
    });

    /// <summary>Maps every porting state column through its table (called from the model).</summary>
    public static void Configure(ModelBuilder model)
    {
        model.Entity<PortingOrder>(e =>
        {
            e.Property(o => o.Status).HasConversion(OrderStatus.Converter);
            e.Property(o => o.MiscType).HasConversion(MiscType.Converter);
            e.Property(o => o.MiscRemainingNumbersAction).HasConversion(RemainingAction.Converter);
        });
        model.Entity<PortingPhoneNumber>(e =>
        {
            e.Property(n => n.ActivationStatus).HasConversion(Activation.Converter);
            e.Property(n => n.PortabilityStatus).HasConversion(Portability.Converter);
            e.Property(n => n.RequirementsStatus).HasConversion(Requirements.Converter);
        });
        model.Entity<PortingAssociatedNumber>().Property(a => a.Action).HasConversion(RemainingAction.Converter);
        model.Entity<PortingActivationJob>(e =>
        {
            e.Property(j => j.Status).HasConversion(JobStatus.Converter);
            e.Property(j => j.ActivationType).HasConversion(JobType.Converter);
        });
    }
}

/// <summary>One enum's stored strings, both ways, and the EF converter that uses them.</summary>
public sealed class StoredNames<TEnum> where TEnum : struct, Enum
{
    private readonly Dictionary<TEnum, string> _names;
    private readonly Dictionary<string, TEnum> _values;

    public StoredNames(Dictionary<TEnum, string> names)
    {
        foreach (var value in Enum.GetValues<TEnum>())
            if (!names.ContainsKey(value)) throw new ArgumentException($"No stored name for {typeof(TEnum).Name}.{value}.", nameof(names));
        _names = names;
        _values = names.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        Converter = new ValueConverter<TEnum, string>(v => _names[v], s => _values[s]);
    }

    public ValueConverter<TEnum, string> Converter { get; }

    public string Name(TEnum value) => _names[value];

    public TEnum Parse(string stored) =>
        _values.TryGetValue(stored, out var v) ? v : throw new InvalidOperationException($"'{stored}' is not a stored {typeof(TEnum).Name}.");
}
