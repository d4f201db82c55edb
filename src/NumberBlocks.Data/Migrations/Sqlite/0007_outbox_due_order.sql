-- Issue 7: the outbox lease takes due messages ORDER BY next_attempt_at, id. With (status, next_attempt_at) alone, a
-- burst of messages due at the same instant (10,000 requests fulfilled by one import) had to be sorted on every lease;
-- with id in the index the lease reads the first rows in order and stops.
DROP INDEX ix_outbox_due;
CREATE INDEX ix_outbox_due ON outbox_messages(status, next_attempt_at, id);
