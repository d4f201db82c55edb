using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Ordering;
using NumberBlocks.Data.Outbox;
using NumberBlocks.Data.Requests;

namespace NumberBlocks.Data;

/// <summary>
/// The one DbContext. Used directly by the endpoints (no repositories); the schema itself comes from the hand-written
/// migrations in Migrations/, and this model only maps onto it.
/// </summary>
public sealed class NumberBlocksDbContext(DbContextOptions<NumberBlocksDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<OperatorSetting> OperatorSettings => Set<OperatorSetting>();
    public DbSet<PortingOrder> PortingOrders => Set<PortingOrder>();
    public DbSet<PortingPhoneNumber> PortingPhoneNumbers => Set<PortingPhoneNumber>();
    public DbSet<PortingBlock> PortingBlocks => Set<PortingBlock>();
    public DbSet<PortingExtension> PortingExtensions => Set<PortingExtension>();
    public DbSet<LedgerClaim> LedgerClaims => Set<LedgerClaim>();
    public DbSet<PortingEvent> PortingEvents => Set<PortingEvent>();
    public DbSet<PortingActivationJob> PortingActivationJobs => Set<PortingActivationJob>();
    public DbSet<PortingOrderSharingToken> PortingOrderSharingTokens => Set<PortingOrderSharingToken>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<StockRange> StockRanges => Set<StockRange>();
    public DbSet<StockLoad> StockLoads => Set<StockLoad>();
    public DbSet<RequestRestriction> RequestRestrictions => Set<RequestRestriction>();
    public DbSet<NumberRequest> NumberRequests => Set<NumberRequest>();
    public DbSet<NumberRequestRange> NumberRequestRanges => Set<NumberRequestRange>();
    public DbSet<AccountNotificationSetting> AccountNotificationSettings => Set<AccountNotificationSetting>();
    public DbSet<Property> Properties => Set<Property>();
    public DbSet<CatalogueBlock> CatalogueBlocks => Set<CatalogueBlock>();
    public DbSet<StockAllocation> StockAllocations => Set<StockAllocation>();
    public DbSet<NumberOrder> NumberOrders => Set<NumberOrder>();
    public DbSet<OrderedPhoneNumber> OrderedPhoneNumbers => Set<OrderedPhoneNumber>();
    public DbSet<NumberReservation> NumberReservations => Set<NumberReservation>();
    public DbSet<ReservedPhoneNumber> ReservedPhoneNumbers => Set<ReservedPhoneNumber>();
    public DbSet<InexplicitNumberOrder> InexplicitNumberOrders => Set<InexplicitNumberOrder>();
    public DbSet<InexplicitOrderingGroup> InexplicitOrderingGroups => Set<InexplicitOrderingGroup>();
    public DbSet<AdvancedOrder> AdvancedOrders => Set<AdvancedOrder>();
    public DbSet<Lifecycle.PhoneNumberBlockJob> PhoneNumberBlockJobs => Set<Lifecycle.PhoneNumberBlockJob>();
    public DbSet<Lifecycle.NumberQuarantine> NumberQuarantines => Set<Lifecycle.NumberQuarantine>();
    public DbSet<PortingVerificationCode> PortingVerificationCodes => Set<PortingVerificationCode>();
    public DbSet<PortingAssociatedNumber> PortingAssociatedNumbers => Set<PortingAssociatedNumber>();
    public DbSet<PortingNumberConfiguration> PortingNumberConfigurations => Set<PortingNumberConfiguration>();
    public DbSet<PortingReport> PortingReports => Set<PortingReport>();
    public DbSet<Data.Portouts.Portout> Portouts => Set<Data.Portouts.Portout>();
    public DbSet<Data.Portouts.PortoutNumber> PortoutNumbers => Set<Data.Portouts.PortoutNumber>();
    public DbSet<Data.Portouts.PortoutComment> PortoutComments => Set<Data.Portouts.PortoutComment>();
    public DbSet<Data.Portouts.PortoutSupportingDocument> PortoutSupportingDocuments => Set<Data.Portouts.PortoutSupportingDocument>();
    public DbSet<Data.Portouts.PortoutEvent> PortoutEvents => Set<Data.Portouts.PortoutEvent>();
    public DbSet<Data.Portouts.PortoutReport> PortoutReports => Set<Data.Portouts.PortoutReport>();
    public DbSet<Data.Portouts.PortoutPinRow> PortoutPins => Set<Data.Portouts.PortoutPinRow>();
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();
    public DbSet<PortingAdditionalDocument> PortingAdditionalDocuments => Set<PortingAdditionalDocument>();
    public DbSet<PortingOrderComment> PortingOrderComments => Set<PortingOrderComment>();
    public DbSet<LoaConfiguration> LoaConfigurations => Set<LoaConfiguration>();
    public DbSet<PortingActionRequirementRow> PortingActionRequirements => Set<PortingActionRequirementRow>();

    /// <summary>The transaction around the whole current request, when one is open (idempotent POSTs, issue 8).</summary>
    public RequestTransaction? RequestTransaction { get; internal set; }

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        if (IsSqlite)
        {
            // SQLite has no date or uuid type: instants are UTC ticks (sortable integers), ids lowercase text,
            // so hand-written SQL can bind the same values without EF.
            builder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            builder.Properties<Guid>().HaveConversion<LowercaseGuidConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Account>().ToTable("accounts");
        model.Entity<ApiKey>().ToTable("api_keys");
        model.Entity<OperatorSetting>().ToTable("operator_settings").HasKey(s => s.Key);
        model.Entity<PortingOrder>().ToTable("porting_orders");
        model.Entity<PortingPhoneNumber>(e =>
        {
            e.ToTable("porting_phone_numbers");
            e.HasOne(n => n.Order).WithMany().HasForeignKey(n => n.PortingOrderId);
        });
        model.Entity<PortingBlock>().ToTable("porting_blocks");
        model.Entity<PortingExtension>().ToTable("porting_extensions");
        model.Entity<LedgerClaim>().ToTable("ledger_claims");
        model.Entity<PortingEvent>().ToTable("porting_events");
        model.Entity<PortingActivationJob>().ToTable("porting_activation_jobs");
        model.Entity<PortingOrderSharingToken>().ToTable("porting_order_sharing_tokens");
        Porting.StoredStates.Configure(model);
        model.Entity<OutboxMessage>(e => { e.ToTable("outbox_messages"); e.Ignore(m => m.WebhookId); });
        model.Entity<StockRange>().ToTable("stock_ranges");
        model.Entity<StockLoad>().ToTable("stock_loads");
        model.Entity<RequestRestriction>().ToTable("request_restrictions").HasKey(r => new { r.CountryCode, r.NumberType });
        model.Entity<NumberRequest>().ToTable("number_requests");
        // The relationship orders a batch: a request and its first ranges are inserted in one SaveChanges, request first.
        model.Entity<NumberRequestRange>(e =>
        {
            e.ToTable("number_request_ranges");
            e.HasOne<NumberRequest>().WithMany().HasForeignKey(r => r.NumberRequestId);
        });
        model.Entity<AccountNotificationSetting>().ToTable("account_notification_settings").HasKey(s => s.AccountId);
        model.Entity<Property>().ToTable("properties");
        model.Entity<CatalogueBlock>(e =>
        {
            e.ToTable("catalogue_blocks");
            e.HasIndex(b => b.Sid).IsUnique();
        });
        model.Entity<StockAllocation>().ToTable("stock_allocations");
        // Relationships without navigations, so a unit of work inserts parents before their rows.
        model.Entity<NumberOrder>(e => { e.ToTable("number_orders"); e.HasOne<NumberRequest>().WithMany().HasForeignKey(o => o.NumberRequestId); });
        model.Entity<OrderedPhoneNumber>(e => { e.ToTable("ordered_phone_numbers"); e.HasOne<NumberOrder>().WithMany().HasForeignKey(n => n.OrderId); });
        model.Entity<NumberReservation>().ToTable("number_reservations");
        model.Entity<ReservedPhoneNumber>(e => { e.ToTable("reserved_phone_numbers"); e.HasOne<NumberReservation>().WithMany().HasForeignKey(n => n.ReservationId); });
        model.Entity<InexplicitNumberOrder>().ToTable("inexplicit_number_orders");
        model.Entity<InexplicitOrderingGroup>(e =>
        {
            e.ToTable("inexplicit_ordering_groups");
            e.HasOne<InexplicitNumberOrder>().WithMany().HasForeignKey(g => g.OrderId);
            e.HasOne<NumberRequest>().WithMany().HasForeignKey(g => g.NumberRequestId);
        });
        model.Entity<PortingVerificationCode>().ToTable("porting_verification_codes");
        model.Entity<PortingAssociatedNumber>().ToTable("porting_associated_numbers");
        model.Entity<PortingNumberConfiguration>().ToTable("porting_number_configurations");
        model.Entity<PortingReport>().ToTable("porting_reports");
        Data.Documents.DocumentStore.Configure(model);
        model.Entity<AdvancedOrder>(e => { e.ToTable("advanced_orders"); e.HasOne<NumberRequest>().WithMany().HasForeignKey(o => o.NumberRequestId); });
        Data.Portouts.PortoutModel.Configure(model);

        model.Entity<Lifecycle.PhoneNumberBlockJob>(e =>
        {
            e.ToTable("phone_number_block_jobs");
            e.Ignore(j => j.Successes);
            e.Ignore(j => j.Failures);
        });
        model.Entity<Lifecycle.NumberQuarantine>().ToTable("number_quarantines");

        foreach (var entity in model.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties())
                property.SetColumnName(SnakeCase(property.Name));
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}

/// <summary>An instant as its UTC ticks; converted back with offset zero.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

public sealed class LowercaseGuidConverter() : ValueConverter<Guid, string>(v => v.ToString(), v => Guid.Parse(v));
