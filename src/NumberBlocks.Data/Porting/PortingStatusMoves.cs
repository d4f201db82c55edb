using Microsoft.EntityFrameworkCore;
using NumberBlocks.Data.Entities;
using NumberBlocks.Data.Ledger;
using NumberBlocks.Domain.Ledger;
using NumberBlocks.Domain.Porting;

namespace NumberBlocks.Data.Porting;

/// <summary>
/// The one way a porting order changes status, used by customer actions, the carrier side and the activation worker:
/// the move goes through the transition table (<see cref="PortingOrderLifecycle"/>), and its consequences happen in
/// the same transaction: the ledger (cancelled releases the numbers, ported makes them the account's), the numbers'
/// activation_status, and a porting_order.status_changed event.
/// </summary>
public static class PortingStatusMoves
{
    public static async Task<Domain.Errors.Result<PortingOrder>> MoveAsync(NumberBlocksDbContext db, PortingOrder order, PortingOrderStatus target,
        DateTimeOffset now, CancellationToken ct, string pointer = "/status", string? statusDetailsJson = null, DateTimeOffset? focDatetimeActual = null)
    {
        var moved = PortingOrderLifecycle.Move(order.Status, target, pointer);
        if (moved.IsFailure) return Domain.Errors.Result<PortingOrder>.Fail(moved.Errors);
        order.Status = target;
        order.UpdatedAt = now;
        // status.details describe the current status only (an exception's codes); every move replaces them.
        order.StatusDetailsJson = statusDetailsJson ?? "[]";
        if (focDatetimeActual is not null) order.FocDatetimeActual = focDatetimeActual;
        var holder = LedgerHolder.PortingOrder(order.Id, order.AccountId);
        // Telnyx: the support key "is not available in draft porting orders"; it is given once the order is confirmed.
        if (target == PortingOrderStatus.InProcess && order.SupportKey is null)
            order.SupportKey = "sr_" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        if (target == PortingOrderStatus.Cancelled)
            await NumberLedger.ReleaseAllAsync(db, holder, now, ct);
        if (target == PortingOrderStatus.Ported)
            await NumberLedger.TransferAllAsync(db, holder, LedgerHolder.Account(order.AccountId), now, ct);

        // Seed 001: numbers in activation ranges end active, the rest port inactive; before that they follow the order.
        var whenActivated = PortingCompletion.ActivationStatusFor(target, activate: true);
        var whenNot = PortingCompletion.ActivationStatusFor(target, activate: false);
        await db.PortingPhoneNumbers.Where(n => n.PortingOrderId == order.Id && n.Activate)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ActivationStatus, whenActivated), ct);
        await db.PortingPhoneNumbers.Where(n => n.PortingOrderId == order.Id && !n.Activate)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ActivationStatus, whenNot), ct);
        await PortingEventOperations.RecordAsync(db, order, PortingEventTypes.StatusChanged, PortingEventOperations.StatusChangedPayload(order), now, ct);
        return order;
    }
}
