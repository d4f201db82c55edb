-- Issue 8: Idempotency-Key records, one per (scope, key), where scope is the caller (an account, the operator).
-- A record is written in the same transaction as the request's own writes, so it exists exactly when they do.
CREATE TABLE idempotency_keys (
    scope text NOT NULL,
    idempotency_key text NOT NULL,
    request_method text NOT NULL,
    request_path text NOT NULL,
    request_sha256 bytea NOT NULL,
    response_status integer NOT NULL,
    response_content_type text NULL,
    response_body bytea NOT NULL,
    request_id text NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys(created_at);
