-- Accounts, keys, the porting core and the ledger. Ids are lowercase uuid text; instants are UTC ticks.
CREATE TABLE accounts (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    webhook_url TEXT NULL,
    webhook_secret TEXT NOT NULL
);

CREATE TABLE api_keys (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    prefix TEXT NOT NULL UNIQUE,
    secret_hash BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NULL
);
CREATE INDEX ix_api_keys_account ON api_keys(account_id);

CREATE TABLE operator_settings (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE porting_orders (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    status TEXT NOT NULL,
    status_details_json TEXT NOT NULL DEFAULT '[]',
    country_code TEXT NOT NULL,
    phone_number_type TEXT NOT NULL,
    customer_reference TEXT NULL,
    customer_group_reference TEXT NULL,
    webhook_url TEXT NULL,
    foc_datetime_requested INTEGER NULL,
    foc_datetime_actual INTEGER NULL,
    support_key TEXT NULL,
    end_user_json TEXT NULL,
    misc_json TEXT NULL,
    documents_json TEXT NULL,
    phone_number_configuration_json TEXT NULL,
    user_feedback_json TEXT NULL,
    enable_messaging INTEGER NOT NULL DEFAULT 0,
    phone_number_count INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_porting_orders_account_created ON porting_orders(account_id, created_at);

CREATE TABLE porting_blocks (
    id TEXT NOT NULL PRIMARY KEY,
    porting_order_id TEXT NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    range_start INTEGER NOT NULL,
    range_end INTEGER NOT NULL,
    country_code TEXT NOT NULL,
    phone_number_type TEXT NOT NULL,
    activation_ranges_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (range_start <= range_end)
);
CREATE INDEX ix_porting_blocks_order ON porting_blocks(porting_order_id, created_at);

CREATE TABLE porting_phone_numbers (
    id TEXT NOT NULL PRIMARY KEY,
    porting_order_id TEXT NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    phone_number INTEGER NOT NULL,
    block_id TEXT NULL,
    activate INTEGER NOT NULL,
    phone_number_type TEXT NOT NULL,
    country_code TEXT NOT NULL,
    activation_status TEXT NULL,
    portability_status TEXT NOT NULL,
    requirements_status TEXT NOT NULL,
    UNIQUE (porting_order_id, phone_number)
);
CREATE INDEX ix_porting_phone_numbers_account_number ON porting_phone_numbers(account_id, phone_number);
CREATE INDEX ix_porting_phone_numbers_block ON porting_phone_numbers(block_id) WHERE block_id IS NOT NULL;

CREATE TABLE porting_extensions (
    id TEXT NOT NULL PRIMARY KEY,
    porting_order_id TEXT NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    porting_phone_number_id TEXT NOT NULL REFERENCES porting_phone_numbers(id) ON DELETE CASCADE,
    extension_start INTEGER NOT NULL,
    extension_end INTEGER NOT NULL,
    activation_ranges_json TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (extension_start BETWEEN 0 AND 999 AND extension_end BETWEEN 0 AND 999 AND extension_start <= extension_end)
);
CREATE INDEX ix_porting_extensions_order ON porting_extensions(porting_order_id, created_at);

-- The ledger. SQLite has no exclusion constraint: overlap is checked inside BEGIN IMMEDIATE by the only writer
-- (Ledger/NumberLedger.cs); live claims are disjoint, so the predecessor by range_start is the only candidate.
CREATE TABLE ledger_claims (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    range_start INTEGER NOT NULL,
    range_end INTEGER NOT NULL,
    holder_kind TEXT NOT NULL,
    holder_id TEXT NOT NULL,
    account_id TEXT NULL,
    claimed_at INTEGER NOT NULL,
    CHECK (range_start <= range_end)
);
CREATE UNIQUE INDEX ix_ledger_claims_start ON ledger_claims(range_start);
CREATE INDEX ix_ledger_claims_holder ON ledger_claims(holder_kind, holder_id);
