-- Accounts, keys, the porting core and the ledger.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE accounts (
    id uuid NOT NULL PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL,
    webhook_url text NULL,
    webhook_secret text NOT NULL
);

CREATE TABLE api_keys (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    prefix text NOT NULL UNIQUE,
    secret_hash bytea NOT NULL,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz NULL
);
CREATE INDEX ix_api_keys_account ON api_keys(account_id);

CREATE TABLE operator_settings (
    key text NOT NULL PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE porting_orders (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    status text NOT NULL,
    status_details_json text NOT NULL DEFAULT '[]',
    country_code text NOT NULL,
    phone_number_type text NOT NULL,
    customer_reference text NULL,
    customer_group_reference text NULL,
    webhook_url text NULL,
    foc_datetime_requested timestamptz NULL,
    foc_datetime_actual timestamptz NULL,
    support_key text NULL,
    end_user_json text NULL,
    misc_json text NULL,
    documents_json text NULL,
    phone_number_configuration_json text NULL,
    user_feedback_json text NULL,
    enable_messaging boolean NOT NULL DEFAULT false,
    phone_number_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_porting_orders_account_created ON porting_orders(account_id, created_at);

CREATE TABLE porting_blocks (
    id uuid NOT NULL PRIMARY KEY,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    country_code text NOT NULL,
    phone_number_type text NOT NULL,
    activation_ranges_json text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CHECK (range_start <= range_end)
);
CREATE INDEX ix_porting_blocks_order ON porting_blocks(porting_order_id, created_at);

CREATE TABLE porting_phone_numbers (
    id uuid NOT NULL PRIMARY KEY,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    phone_number bigint NOT NULL,
    block_id uuid NULL,
    activate boolean NOT NULL,
    phone_number_type text NOT NULL,
    country_code text NOT NULL,
    activation_status text NULL,
    portability_status text NOT NULL,
    requirements_status text NOT NULL,
    UNIQUE (porting_order_id, phone_number)
);
CREATE INDEX ix_porting_phone_numbers_account_number ON porting_phone_numbers(account_id, phone_number);
CREATE INDEX ix_porting_phone_numbers_block ON porting_phone_numbers(block_id) WHERE block_id IS NOT NULL;

CREATE TABLE porting_extensions (
    id uuid NOT NULL PRIMARY KEY,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    porting_phone_number_id uuid NOT NULL REFERENCES porting_phone_numbers(id) ON DELETE CASCADE,
    extension_start integer NOT NULL,
    extension_end integer NOT NULL,
    activation_ranges_json text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CHECK (extension_start BETWEEN 0 AND 999 AND extension_end BETWEEN 0 AND 999 AND extension_start <= extension_end)
);
CREATE INDEX ix_porting_extensions_order ON porting_extensions(porting_order_id, created_at);

-- The ledger: the database itself refuses two live claims that overlap, whatever the application does.
CREATE TABLE ledger_claims (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    numbers int8range GENERATED ALWAYS AS (int8range(range_start, range_end, '[]')) STORED,
    holder_kind text NOT NULL,
    holder_id uuid NOT NULL,
    account_id uuid NULL,
    claimed_at timestamptz NOT NULL,
    CHECK (range_start <= range_end),
    CONSTRAINT ledger_claims_no_overlap EXCLUDE USING gist (numbers WITH &&)
);
CREATE INDEX ix_ledger_claims_start ON ledger_claims(range_start);
CREATE INDEX ix_ledger_claims_holder ON ledger_claims(holder_kind, holder_id);
