using NumberBlocks.Api.Http;
using NumberBlocks.Data;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Porting;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Api.Telnyx;

/// <summary>Seeds 000 and 001: /v2/porting_orders/{porting_order_id}/phone_number_blocks.</summary>
public static class PhoneNumberBlocksApi
{
    /// <summary>
    /// Telnyx porting-order_FilterConsolidated, which the spec gives this list: blocks of these orders, of orders with
    /// this support key or status, holding one of these numbers, or holding a number in this activation or portability status.
    /// </summary>
    public static readonly TelnyxFilterSpec Filters = new(
        FilterField.Uuid("porting_order_id", "Blocks of these porting orders."),
        FilterField.Text("support_key", "Blocks of the order with this support key."),
        FilterField.Enum("status", "Blocks of orders in this status.", TelnyxWire.Names<TelnyxPortingOrderStatus>()),
        FilterField.Phone("phone_number", "Blocks holding one of these numbers."),
        FilterField.Enum("activation_status", "Blocks holding a number in this activation status.", TelnyxWire.Names<TelnyxActivationStatus>()),
        FilterField.Enum("portability_status", "Blocks holding a number in this portability status.", TelnyxWire.Names<TelnyxPortabilityStatus>()));

    public static readonly PortingOrderChildren<PortingBlock, PortingPhoneNumberBlockRecord, CreatePortingPhoneNumberBlockRequest> Resource = new()
    {
        Noun = "Phone number block",
        Rows = db => db.PortingBlocks,
        OrderIdOf = b => b.PortingOrderId,
        IdOf = b => b.Id,
        CreatedAtOf = b => b.CreatedAt,
        Filters = Filters,
        Filter = Filter,
        View = TelnyxViews.Block,
        Parse = body =>
        {
            var spec = PortingBlockSpec.Parse(PortingOrdersApi.Raw(body.PhoneNumberRange), body.ActivationRanges?.Select(PortingOrdersApi.Raw).ToList());
            if (spec.IsFailure) return Result<CreateChild<PortingBlock>>.Fail(spec.Errors);
            return Result<CreateChild<PortingBlock>>.Ok((db, account, order, now, ct) => PortingOrderOperations.AddBlockAsync(db, account, order, spec.Value, now, ct));
        },
        Remove = PortingOrderOperations.DeleteBlockAsync,
    };

    private static IQueryable<PortingBlock> Filter(NumberBlocksDbContext db, IQueryable<PortingBlock> blocks, TelnyxFilters f)
    {
        blocks = blocks.WhereIn(b => b.PortingOrderId, f.Guids("porting_order_id"));
        if (f.Values("support_key") is { } keys)
            blocks = blocks.Where(b => db.PortingOrders.Any(o => o.Id == b.PortingOrderId && o.SupportKey != null && keys.Contains(o.SupportKey)));
        if (f.Enums<PortingOrderStatus, TelnyxPortingOrderStatus>("status") is { } statuses)
            blocks = blocks.Where(b => db.PortingOrders.Any(o => o.Id == b.PortingOrderId && statuses.Contains(o.Status)));
        if (f.PhoneNumbers("phone_number") is { } numbers)
            blocks = blocks.Where(b => numbers.Any(n => b.RangeStart <= n && n <= b.RangeEnd));
        if (f.Enums<ActivationStatus, TelnyxActivationStatus>("activation_status") is { } activation)
        {
            var wanted = activation.Select(a => (ActivationStatus?)a).ToList();
            blocks = blocks.Where(b => db.PortingPhoneNumbers.Any(n => n.BlockId == b.Id && wanted.Contains(n.ActivationStatus)));
        }
        if (f.Enums<PortabilityStatus, TelnyxPortabilityStatus>("portability_status") is { } portability)
            blocks = blocks.Where(b => db.PortingPhoneNumbers.Any(n => n.BlockId == b.Id && portability.Contains(n.PortabilityStatus)));
        return blocks;
    }

    public static RouteGroupBuilder MapPhoneNumberBlocks(this RouteGroupBuilder v2)
    {
        var blocks = v2.MapGroup("/porting_orders/{porting_order_id}/phone_number_blocks").WithTags("Telnyx: phone number blocks");
        blocks.MapGet("", Resource.List).WithName("listPortingPhoneNumberBlocks")
            .WithSummary("List all phone number blocks")
            .WithDescription("Returns the phone number blocks of a porting order (seed 001), newest first unless sort[value]=created_at. " +
                "A sharing token of the order may call this.")
            .WithMetadata(new SharingTokenReads("porting_order_id"))
            .WithTelnyxQuery(new TelnyxQueryDoc(Filters, PortingOrderChildren<PortingBlock, PortingPhoneNumberBlockRecord, CreatePortingPhoneNumberBlockRequest>.Sorts, Paged: true));
        blocks.MapPost("", Resource.Create).WithName("createPortingPhoneNumberBlock")
            .WithSummary("Create a phone number block")
            .WithDescription("Adds a block of up to 1000 consecutive numbers to an order in draft, in-process or exception, of the order's " +
                "country and number type (seed 001). Numbers already on the order join the block; the rest are claimed in the ledger.")
            .WithRequestExample(new CreatePortingPhoneNumberBlockRequest(new NumberRangeInput("+4930244999900", "+4930244999999"),
                [new NumberRangeInput("+4930244999901", "+4930244999910")]));
        blocks.MapDelete("/{id}", Resource.Delete).WithName("deletePortingPhoneNumberBlock")
            .WithSummary("Delete a phone number block")
            .WithDescription("Deletes a block of an order in draft, in-process or exception; its numbers stay on the order without a block_reference_id (seed 001).");
        return v2;
    }
}
