using Microsoft.EntityFrameworkCore;
using NumberBlocks.Domain.Errors;

namespace NumberBlocks.Data.Outbox;

/// <summary>
/// The operator's second chance for a failed delivery: the message goes back to pending, due now, with the same id, so
/// the receiver sees the same <c>webhook-id</c> and can deduplicate. Its attempts count on (the history stays), and the
/// retry window still counts from the message's creation: a message older than the window gets one more attempt and,
/// if that fails too, is failed again with the new error.
/// </summary>
public static class OutboxRedelivery
{
    public static Task<Result<OutboxMessage>> RedeliverAsync(NumberBlocksDbContext db, Guid id, DateTimeOffset now, CancellationToken ct) =>
        db.RunAsync<OutboxMessage>(async c =>
        {
            var message = await db.OutboxMessages.FirstOrDefaultAsync(m => m.Id == id, c);
            if (message is null) return DomainError.NotFound("Outbox message");
            if (message.Status != OutboxStatuses.Failed)
                return new DomainError(ErrorCodes.OutboxMessageNotFailed,
                    $"Only a failed delivery can be redelivered; this message is '{message.Status}'.", "/status");
            message.Status = OutboxStatuses.Pending;
            message.NextAttemptAt = now;
            message.CompletedAt = null;
            message.LeaseToken = null;
            message.LeaseUntil = null;
            message.UpdatedAt = now;
            return message;
        }, ct);
}
