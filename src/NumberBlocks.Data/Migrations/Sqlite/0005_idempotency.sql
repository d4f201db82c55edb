-- Issue 8: Idempotency-Key records, one per (scope, key), where scope is the caller (an account, the operator).
-- A record is written in the same transaction as the request's own writes, so it exists exactly when they do.
-- Ids are lowercase uuid text, instants UTC ticks, like 0001.
CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_method TEXT NOT NULL,
    request_path TEXT NOT NULL,
    request_sha256 BLOB NOT NULL,
    response_status INTEGER NOT NULL,
    response_content_type TEXT NULL,
    response_body BLOB NOT NULL,
    request_id TEXT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys(created_at);
