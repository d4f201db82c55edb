using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Allocation;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Catalogue;
using NumberBlocks.Domain.Errors;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Numbering;

namespace NumberBlocks.Data.Catalogue;

/// <summary>Who buys a block: the account, and the property it goes into (null: the account itself).</summary>
public sealed record Buyer(Guid AccountId, Guid? PropertyId);

/// <summary>
/// The catalogue operations (issue 5, seed 004), each inside the caller's <see cref="WriteTransaction"/>: publishing
/// claims the block's numbers in the <see cref="NumberLedger"/> for the block itself, and a purchase moves that claim
/// to the buyer's account in the same transaction that marks the block sold.
/// </summary>
public static class CatalogueOperations
{
    public const string BlockSidPointer = "/numberBlockSid";

    /// <summary>Publishes a block for sale; refused when any of its numbers is held (a porting order, stock, another block).</summary>
    public static async Task<Result<CatalogueBlock>> PublishAsync(NumberBlocksDbContext db, CatalogueBlockSpec spec, bool sms, bool voice,
        DateTimeOffset now, CancellationToken ct)
    {
        // A NumberBlockSid is a "secure identifier" (seed 004): random, not derived from time or order.
        var sid = Guid.NewGuid();
        if (await NumberLedger.ClaimAsync(db, LedgerHolder.CatalogueBlock(sid), spec.Range, now, ct) is { } conflict)
            return conflict.ToError("/start_at");
        var block = new CatalogueBlock
        {
            Sid = sid,
            RangeStart = spec.Range.Start.Value,
            RangeEnd = spec.Range.End.Value,
            CountryCode = spec.Placement.CountryCode,
            PhoneNumberType = spec.Placement.Type.ToWire(),
            AreaCode = spec.AreaCode,
            Sms = sms,
            Voice = voice,
            Status = CatalogueBlock.Available,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.CatalogueBlocks.Add(block);
        return block;
    }

    /// <summary>
    /// Sells an available block to <paramref name="buyer"/> with its first routing settings. Of two concurrent purchases
    /// of one block exactly one succeeds: the status change names the old status, so the second finds nothing to change.
    /// </summary>
    public static async Task<Result<CatalogueBlock>> PurchaseAsync(NumberBlocksDbContext db, Guid blockSid, Buyer buyer, BlockSettings settings,
        DateTimeOffset now, CancellationToken ct)
    {
        var block = await db.CatalogueBlocks.FirstOrDefaultAsync(b => b.Sid == blockSid, ct);
        if (block is null) return BlockNotFound(blockSid);
        if (block.Status != CatalogueBlock.Available) return AlreadySold(block, buyer.AccountId);

        // The one allocation operation marks the block sold (naming its old status, so of two concurrent purchases exactly
        // one succeeds) and moves its claim to the buyer's account.
        var range = NumberRange.Of(E164Number.FromValue(block.RangeStart), E164Number.FromValue(block.RangeEnd));
        var taken = await NumberAllocation.AllocateAsync(db, range, new Taker(LedgerHolder.Account(buyer.AccountId), Taker.CataloguePurchase, block.Sid),
            SaleSources.CatalogueBlock, now, BlockSidPointer, ct);
        if (taken.IsFailure)
            return taken.FirstError.Kind == ErrorKind.Conflict ? AlreadySold(block, buyer.AccountId) : Result<CatalogueBlock>.Fail(taken.Errors);

        block.Status = CatalogueBlock.Sold;
        block.AccountId = buyer.AccountId;
        block.PropertyId = buyer.PropertyId;
        block.PurchasedAt = now;
        block.UpdatedAt = now;
        // Seed 004 "Active: Set the Number Block as active after purchase": a bought block answers calls unless told otherwise.
        block.Active = true;
        block.RoutingMethod = BlockSettings.ToWire(RoutingMethod.Endpoint);
        return Apply(block, settings);
    }

    /// <summary>
    /// Changes the routing settings of a block the caller owns. A PropertySid, when given, must be the block's own
    /// property (provider code NUMBER_BELONGS_TO_DIFFERENT_PROPERTY otherwise); configuring never moves a block.
    /// </summary>
    public static async Task<Result<CatalogueBlock>> ConfigureAsync(NumberBlocksDbContext db, Guid blockSid, Guid accountId, Guid? propertyId,
        BlockSettings settings, DateTimeOffset now, CancellationToken ct)
    {
        // Blocks for sale and other accounts' blocks are "not found": only the owner configures a block.
        var block = await db.CatalogueBlocks.FirstOrDefaultAsync(b => b.Sid == blockSid && b.AccountId == accountId, ct);
        if (block is null) return BlockNotFound(blockSid);
        if (propertyId is { } p && block.PropertyId != p)
            return new DomainError(ErrorCodes.CatalogueBlockInOtherProperty,
                $"PropertySid {p}: the number block {blockSid} belongs to a different property.", "/PropertySid");
        block.UpdatedAt = now;
        return Apply(block, settings);
    }

    private static Result<CatalogueBlock> Apply(CatalogueBlock b, BlockSettings s)
    {
        if (s.AnswerPoint is { IsSet: true, Value: { } answer }) b.AnswerPoint = answer.Value;
        if (s.RoutingMethod.IsSet) b.RoutingMethod = BlockSettings.ToWire(s.RoutingMethod.Value);
        Set(s.Flow, v => b.Flow = v);
        Set(s.Application, v => b.Application = v);
        Set(s.CallRecordingEnabled, v => b.CallRecordingEnabled = v);
        Set(s.CallWhisperEnabled, v => b.CallWhisperEnabled = v);
        Set(s.CallWhisperPath, v => b.CallWhisperPath = v);
        Set(s.Campaign, v => b.Campaign = v);
        Set(s.Content, v => b.Content = v);
        Set(s.Medium, v => b.Medium = v);
        Set(s.Source, v => b.Source = v);
        Set(s.Description, v => b.Description = v);
        Set(s.GroupName, v => b.GroupName = v);
        Set(s.GroupType, v => b.GroupType = v);
        Set(s.Preamble, v => b.Preamble = v);
        Set(s.RoutingAction, v => b.RoutingAction = v);
        Set(s.ProgrammableVoiceUrl, v => b.ProgrammableVoiceUrl = v);
        Set(s.MasterMode, v => b.MasterMode = v);
        Set(s.Diaplan, v => b.Diaplan = v);
        Set(s.CallWrapUpEnabled, v => b.CallWrapUpEnabled = v);
        Set(s.Active, v => b.Active = v);
        Set(s.EnableRules, v => b.EnableRules = v);
        Set(s.PortInProgress, v => b.PortInProgress = v);
        Set(s.Ported, v => b.Ported = v);

        // The routing must stay complete after a partial update (clearing Flow of a block routed to a flow, say).
        if (b.RoutingMethod == "flow" && b.Flow is null)
            return new DomainError(ErrorCodes.Required, "Flow is required while RoutingMethod is flow.", "/Flow");
        if (b.RoutingMethod == "application" && b.Application is null)
            return new DomainError(ErrorCodes.Required, "Application is required while RoutingMethod is application.", "/Application");
        return b;
    }

    private static void Set<T>(Given<T> given, Action<T> set)
    {
        if (given.IsSet) set(given.Value);
    }

    public static DomainError BlockNotFound(Guid sid) =>
        new(ErrorCodes.CatalogueBlockNotFound, $"numberBlockSid {sid}: no such number block.", BlockSidPointer, ErrorKind.NotFound);

    private static DomainError AlreadySold(CatalogueBlock block, Guid buyer) =>
        new(ErrorCodes.CatalogueBlockSold,
            block.AccountId == buyer
                ? $"numberBlockSid {block.Sid}: the number block is already yours; change its settings with POST /v2/numberblocks/{block.Sid}."
                : $"numberBlockSid {block.Sid}: the number block is no longer available; it has been sold.",
            BlockSidPointer, ErrorKind.Conflict);
}
