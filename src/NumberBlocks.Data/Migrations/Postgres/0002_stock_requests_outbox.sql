-- Issue 4: number stock (as ranges), number requests (seed 003) and the outbox every side effect goes through.

-- Stock the operator loaded and still holds. Each row is one ledger claim held by (stock, id) with the same ends;
-- assigning numbers splits a row. Attributes are what number requests match on.
CREATE TABLE stock_ranges (
    id uuid NOT NULL PRIMARY KEY,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    country_code text NOT NULL,
    number_type text NOT NULL,
    area_code text NULL,
    city text NULL,
    city_key text NULL,
    region text NULL,
    region_key text NULL,
    created_at timestamptz NOT NULL,
    CHECK (range_start <= range_end)
);
CREATE UNIQUE INDEX ix_stock_ranges_start ON stock_ranges(range_start);
CREATE INDEX ix_stock_ranges_match ON stock_ranges(country_code, number_type, area_code, range_start);
CREATE INDEX ix_stock_ranges_city ON stock_ranges(country_code, number_type, city_key, range_start);

-- Every range ever loaded (append-only): the audit checks stock + assigned = loaded against it.
CREATE TABLE stock_loads (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    loaded_at timestamptz NOT NULL,
    CHECK (range_start <= range_end)
);

-- Operator data: what a number request may ask per country and number type (defaults apply without a row).
CREATE TABLE request_restrictions (
    country_code text NOT NULL,
    number_type text NOT NULL,
    min_quantity integer NOT NULL,
    max_quantity integer NOT NULL,
    ranges_supported boolean NOT NULL,
    range_sizes_json text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (country_code, number_type)
);

CREATE TABLE number_requests (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    status text NOT NULL,
    status_reason text NULL,
    country_code text NOT NULL,
    number_type text NOT NULL,
    quantity integer NOT NULL,
    range_size integer NULL,
    assigned_count integer NOT NULL DEFAULT 0,
    area_code text NULL,
    city text NULL,
    region text NULL,
    comment text NULL,
    callback_url text NULL,
    email text NULL,
    company_profile_id uuid NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_number_requests_account_created ON number_requests(account_id, created_at);
CREATE INDEX ix_number_requests_open ON number_requests(status, created_at);

-- The ranges assigned to a request; each is (part of) a ledger claim held by the account.
CREATE TABLE number_request_ranges (
    id uuid NOT NULL PRIMARY KEY,
    number_request_id uuid NOT NULL REFERENCES number_requests(id),
    account_id uuid NOT NULL,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    valid_from timestamptz NOT NULL,
    valid_to timestamptz NULL,
    CHECK (range_start <= range_end)
);
CREATE INDEX ix_number_request_ranges_request ON number_request_ranges(number_request_id, range_start);
CREATE UNIQUE INDEX ix_number_request_ranges_start ON number_request_ranges(range_start);

-- Where a status change's notifications go when the request names no e-mail address.
CREATE TABLE account_notification_settings (
    account_id uuid NOT NULL PRIMARY KEY REFERENCES accounts(id),
    email text NULL,
    updated_at timestamptz NOT NULL
);

-- The outbox: written in the same transaction as the change it reports; delivered by the worker.
CREATE TABLE outbox_messages (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NULL,
    channel text NOT NULL,
    event_type text NOT NULL,
    destination text NULL,
    subject text NULL,
    payload text NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease_token uuid NULL,
    lease_until timestamptz NULL,
    last_error text NULL,
    last_status_code integer NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    completed_at timestamptz NULL
);
CREATE INDEX ix_outbox_due ON outbox_messages(status, next_attempt_at);
CREATE INDEX ix_outbox_account ON outbox_messages(account_id, created_at);
