-- Buying numbers and blocks the Telnyx way: number orders and number block orders, reservations, inexplicit and
-- advanced orders; and one record of every range allocated out of stock, whoever took it.

-- Every range taken out of stock by the one allocation operation (a number request, a number or block order, a
-- reservation), with the stock attributes it had, so it can go back to stock as it was (an expired reservation). The
-- audit's "assigned" is the sum of these rows: stock + allocated = loaded.
CREATE TABLE stock_allocations (
    id uuid NOT NULL PRIMARY KEY,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    taken_by text NOT NULL,
    taken_by_id uuid NOT NULL,
    account_id uuid NULL,
    country_code text NOT NULL,
    number_type text NOT NULL,
    area_code text NULL,
    city text NULL,
    city_key text NULL,
    region text NULL,
    region_key text NULL,
    allocated_at timestamptz NOT NULL,
    CHECK (range_start <= range_end)
);
CREATE UNIQUE INDEX ix_stock_allocations_start ON stock_allocations(range_start);
-- Ranges number requests took before this table existed.
INSERT INTO stock_allocations (id, range_start, range_end, taken_by, taken_by_id, account_id, country_code, number_type,
    area_code, city, city_key, region, region_key, allocated_at)
SELECT r.id, r.range_start, r.range_end, 'number_request', r.number_request_id, r.account_id, q.country_code, q.number_type,
    q.area_code, q.city, upper(trim(q.city)), q.region, upper(trim(q.region)), r.valid_from
FROM number_request_ranges r JOIN number_requests q ON q.id = r.number_request_id;

-- Which surface made a number request: its status changes are reported in that surface's way.
ALTER TABLE number_requests ADD COLUMN origin text NOT NULL DEFAULT 'cm';

-- Telnyx number orders (kind 'number') and number block orders (kind 'block').
CREATE TABLE number_orders (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    kind text NOT NULL,
    status text NOT NULL,
    customer_reference text NULL,
    connection_id text NULL,
    messaging_profile_id text NULL,
    billing_group_id text NULL,
    range_start bigint NULL,
    range_size integer NULL,
    number_request_id uuid NULL REFERENCES number_requests(id),
    errors text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_number_orders_account ON number_orders(account_id, kind, created_at, id);
CREATE INDEX ix_number_orders_open ON number_orders(status, created_at);
CREATE INDEX ix_number_orders_request ON number_orders(number_request_id) WHERE number_request_id IS NOT NULL;

-- The numbers of an order, one row each (the API shows per-number status and requirements).
CREATE TABLE ordered_phone_numbers (
    id uuid NOT NULL PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES number_orders(id),
    account_id uuid NOT NULL,
    phone_number bigint NOT NULL,
    country_code text NOT NULL,
    phone_number_type text NOT NULL,
    bundle_id text NULL,
    requirement_group_id text NULL,
    -- The value given for the number's regulatory requirement (PATCH /v2/number_orders/{id}).
    requirement_value text NULL,
    requirements_met boolean NOT NULL,
    status text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_ordered_phone_numbers_order ON ordered_phone_numbers(order_id, phone_number);
CREATE INDEX ix_ordered_phone_numbers_account ON ordered_phone_numbers(account_id, status, phone_number);

-- Telnyx number reservations: numbers held for an account for 30 minutes, extendable.
CREATE TABLE number_reservations (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    customer_reference text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_number_reservations_account ON number_reservations(account_id, created_at, id);

CREATE TABLE reserved_phone_numbers (
    id uuid NOT NULL PRIMARY KEY,
    reservation_id uuid NOT NULL REFERENCES number_reservations(id),
    account_id uuid NOT NULL,
    phone_number bigint NOT NULL,
    state text NOT NULL,
    errors text NULL,
    expired_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_reserved_phone_numbers_reservation ON reserved_phone_numbers(reservation_id, phone_number);
CREATE INDEX ix_reserved_phone_numbers_due ON reserved_phone_numbers(state, expired_at);
CREATE INDEX ix_reserved_phone_numbers_account ON reserved_phone_numbers(account_id, state, phone_number);

-- Telnyx inexplicit number orders: ordering groups by criteria, each served as a number request.
CREATE TABLE inexplicit_number_orders (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    customer_reference text NULL,
    connection_id text NULL,
    messaging_profile_id text NULL,
    billing_group_id text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_inexplicit_number_orders_account ON inexplicit_number_orders(account_id, created_at, id);

CREATE TABLE inexplicit_ordering_groups (
    id uuid NOT NULL PRIMARY KEY,
    order_id uuid NOT NULL REFERENCES inexplicit_number_orders(id),
    position integer NOT NULL,
    number_request_id uuid NULL REFERENCES number_requests(id),
    country_iso text NOT NULL,
    phone_number_type text NOT NULL,
    count_requested integer NOT NULL,
    administrative_area text NULL,
    locality text NULL,
    national_destination_code text NULL,
    strategy text NOT NULL,
    quickship boolean NULL,
    exclude_held_numbers boolean NULL,
    error_reason text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_inexplicit_ordering_groups_order ON inexplicit_ordering_groups(order_id, position);

-- Telnyx advanced orders: one order by criteria, served as a number request.
CREATE TABLE advanced_orders (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    number_request_id uuid NOT NULL REFERENCES number_requests(id),
    area_code text NULL,
    comments text NULL,
    country_code text NOT NULL,
    customer_reference text NULL,
    features_json text NOT NULL,
    phone_number_type text NOT NULL,
    quantity integer NOT NULL,
    requirement_group_id uuid NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_advanced_orders_account ON advanced_orders(account_id, created_at, id);
