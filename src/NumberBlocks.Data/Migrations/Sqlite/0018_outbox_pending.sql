-- The outbox lease reads only pending messages, due first (OutboxQueue.LeaseDueAsync: status = 'pending' AND
-- next_attempt_at <= now ... ORDER BY next_attempt_at, id). ix_outbox_due (status, next_attempt_at, id) serves it, but
-- also holds every delivered and failed message, which outnumber the pending ones and are kept for the operator's
-- lists; an index of the pending rows alone stays small and hot however long the history grows, and every outcome
-- recorded takes its row out of it. ix_outbox_due stays: the operator's and console's lists filter by any status.
CREATE INDEX ix_outbox_pending ON outbox_messages(next_attempt_at, id) WHERE status = 'pending';
