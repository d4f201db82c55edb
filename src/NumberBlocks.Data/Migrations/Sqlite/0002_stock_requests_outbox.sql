-- Issue 4: number stock (as ranges), number requests (seed 003) and the outbox every side effect goes through.
-- Ids are lowercase uuid text; instants are UTC ticks; booleans are 0/1.

-- Stock the operator loaded and still holds. Each row is one ledger claim held by (stock, id) with the same ends;
-- assigning numbers splits a row. Attributes are what number requests match on.
CREATE TABLE stock_ranges (
    id TEXT NOT NULL PRIMARY KEY,
    range_start INTEGER NOT NULL,
    range_end INTEGER NOT NULL,
    country_code TEXT NOT NULL,
    number_type TEXT NOT NULL,
    area_code TEXT NULL,
    city TEXT NULL,
    city_key TEXT NULL,
    region TEXT NULL,
    region_key TEXT NULL,
    created_at INTEGER NOT NULL,
    CHECK (range_start <= range_end)
);
CREATE UNIQUE INDEX ix_stock_ranges_start ON stock_ranges(range_start);
CREATE INDEX ix_stock_ranges_match ON stock_ranges(country_code, number_type, area_code, range_start);
CREATE INDEX ix_stock_ranges_city ON stock_ranges(country_code, number_type, city_key, range_start);

-- Every range ever loaded (append-only): the audit checks stock + assigned = loaded against it.
CREATE TABLE stock_loads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    range_start INTEGER NOT NULL,
    range_end INTEGER NOT NULL,
    loaded_at INTEGER NOT NULL,
    CHECK (range_start <= range_end)
);

-- Operator data: what a number request may ask per country and number type (defaults apply without a row).
CREATE TABLE request_restrictions (
    country_code TEXT NOT NULL,
    number_type TEXT NOT NULL,
    min_quantity INTEGER NOT NULL,
    max_quantity INTEGER NOT NULL,
    ranges_supported INTEGER NOT NULL,
    range_sizes_json TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (country_code, number_type)
);

CREATE TABLE number_requests (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    status TEXT NOT NULL,
    status_reason TEXT NULL,
    country_code TEXT NOT NULL,
    number_type TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    range_size INTEGER NULL,
    assigned_count INTEGER NOT NULL DEFAULT 0,
    area_code TEXT NULL,
    city TEXT NULL,
    region TEXT NULL,
    comment TEXT NULL,
    callback_url TEXT NULL,
    email TEXT NULL,
    company_profile_id TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_number_requests_account_created ON number_requests(account_id, created_at);
CREATE INDEX ix_number_requests_open ON number_requests(status, created_at);

-- The ranges assigned to a request; each is (part of) a ledger claim held by the account.
CREATE TABLE number_request_ranges (
    id TEXT NOT NULL PRIMARY KEY,
    number_request_id TEXT NOT NULL REFERENCES number_requests(id),
    account_id TEXT NOT NULL,
    range_start INTEGER NOT NULL,
    range_end INTEGER NOT NULL,
    valid_from INTEGER NOT NULL,
    valid_to INTEGER NULL,
    CHECK (range_start <= range_end)
);
CREATE INDEX ix_number_request_ranges_request ON number_request_ranges(number_request_id, range_start);
CREATE UNIQUE INDEX ix_number_request_ranges_start ON number_request_ranges(range_start);

-- Where a status change's notifications go when the request names no e-mail address.
CREATE TABLE account_notification_settings (
    account_id TEXT NOT NULL PRIMARY KEY REFERENCES accounts(id),
    email TEXT NULL,
    updated_at INTEGER NOT NULL
);

-- The outbox: written in the same transaction as the change it reports; delivered by the worker.
CREATE TABLE outbox_messages (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NULL,
    channel TEXT NOT NULL,
    event_type TEXT NOT NULL,
    destination TEXT NULL,
    subject TEXT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_token TEXT NULL,
    lease_until INTEGER NULL,
    last_error TEXT NULL,
    last_status_code INTEGER NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    completed_at INTEGER NULL
);
CREATE INDEX ix_outbox_due ON outbox_messages(status, next_attempt_at);
CREATE INDEX ix_outbox_account ON outbox_messages(account_id, created_at);
