using Microsoft.EntityFrameworkCore;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Portouts;

// Persistence rows of port-outs (migration 0016). Rules live in NumberBlocks.Domain.Porting.Portouts.

/// <summary>A port-out request: another carrier takes numbers away from an account (Telnyx PortoutDetails).</summary>
public sealed class Portout
{
    public Guid Id { get; set; }
    /// <summary>The account that holds the numbers; null when no single account does (rejected at once).</summary>
    public Guid? AccountId { get; set; }
    public PortoutStatus Status { get; set; }
    public required string CarrierName { get; set; }
    public required string Spid { get; set; }
    public required string EndUserName { get; set; }
    public required string ServiceAddress { get; set; }
    public required string SupportKey { get; set; }
    public string? Reason { get; set; }
    public int? RejectionCode { get; set; }
    public bool HostMessaging { get; set; }
    public DateTimeOffset RequestedFocDate { get; set; }
    public DateTimeOffset FocDate { get; set; }
    /// <summary>JSON array of E.164 strings, sorted.</summary>
    public required string PhoneNumbersJson { get; set; }
    /// <summary>JSON array of the whole blocks the request takes (<see cref="PortoutBlockSnapshot"/>).</summary>
    public string BlocksJson { get; set; } = "[]";
    public DateTimeOffset? PortedOutAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One number of a port-out, for filter[phone_number] and the completion.</summary>
public sealed class PortoutNumber
{
    public Guid PortoutId { get; set; }
    public long PhoneNumber { get; set; }
}

public sealed class PortoutComment
{
    public Guid Id { get; set; }
    public Guid PortoutId { get; set; }
    public Guid? AccountId { get; set; }
    public required string Body { get; set; }
    /// <summary>The account that wrote it; null for the operator (Telnyx: "null if created by Telnyx Admin").</summary>
    public Guid? UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class PortoutSupportingDocument
{
    public Guid Id { get; set; }
    public Guid PortoutId { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>The id of an uploaded document (/v2/documents), kept as given.</summary>
    public required string DocumentId { get; set; }
    /// <summary>loa or invoice.</summary>
    public required string Type { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A port-out event (Telnyx portout.status_changed, portout.new_comment, portout.foc_date_changed).</summary>
public sealed class PortoutEvent
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public Guid PortoutId { get; set; }
    public required string EventType { get; set; }
    public required string PayloadJson { get; set; }
    public required string PayloadStatus { get; set; }
    public string? WebhookUrl { get; set; }
    public int PublishCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>An export of the account's port-outs as CSV (Telnyx export_portouts_csv), made by a worker.</summary>
public sealed class PortoutReport
{
    public Guid Id { get; set; }
    public Guid AccountId { get; set; }
    public required string ReportType { get; set; }
    /// <summary>pending, then completed.</summary>
    public required string Status { get; set; }
    /// <summary>The params as given ({"filters": {…}}).</summary>
    public required string ParamsJson { get; set; }
    public Guid? DocumentId { get; set; }
    public string? Csv { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A port-out PIN, hashed; <see cref="PhoneNumber"/> 0 is the account's PIN for numbers without one of their own.</summary>
public sealed class PortoutPinRow
{
    public Guid AccountId { get; set; }
    public long PhoneNumber { get; set; }
    public required string PinHash { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A whole block a port-out takes, as it was held: its id for life, range and activation ranges ([start, end] pairs).</summary>
public sealed record PortoutBlockSnapshot(Guid Id, long Start, long End, long[][] ActivationRanges);

public static class PortoutModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<Portout>(e =>
        {
            e.ToTable("portouts");
            e.Property(p => p.Status).HasConversion(s => s.ToWire(), s => Parse(s));
        });
        // Relationships without navigations, so a unit of work inserts the port-out before its rows.
        model.Entity<PortoutNumber>(e =>
        {
            e.ToTable("portout_numbers").HasKey(n => new { n.PortoutId, n.PhoneNumber });
            e.HasOne<Portout>().WithMany().HasForeignKey(n => n.PortoutId);
        });
        model.Entity<PortoutComment>(e => { e.ToTable("portout_comments"); e.HasOne<Portout>().WithMany().HasForeignKey(c => c.PortoutId); });
        model.Entity<PortoutSupportingDocument>(e => { e.ToTable("portout_supporting_documents"); e.HasOne<Portout>().WithMany().HasForeignKey(d => d.PortoutId); });
        model.Entity<PortoutEvent>(e => { e.ToTable("portout_events"); e.HasOne<Portout>().WithMany().HasForeignKey(v => v.PortoutId); });
        model.Entity<PortoutReport>().ToTable("portout_reports");
        model.Entity<PortoutPinRow>().ToTable("portout_pins").HasKey(p => new { p.AccountId, p.PhoneNumber });
    }

    private static PortoutStatus Parse(string wire) =>
        PortoutStatuses.TryParseWire(wire, out var s) ? s : throw new InvalidOperationException($"Unknown stored port-out status '{wire}'.");
}
