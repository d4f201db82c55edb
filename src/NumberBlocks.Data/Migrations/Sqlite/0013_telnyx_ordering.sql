-- (SQLite: ids are lowercase uuid text, instants UTC ticks, booleans 0/1.)
-- Buying numbers and blocks the Telnyx way: number orders and number block orders, reservations, inexplicit and
-- advanced orders; and one record of every range allocated out of stock, whoever took it.

-- Every range taken out of stock by the one allocation operation (a number request, a number or block order, a
-- reservation), with the stock attributes it had, so it can go back to stock as it was (an expired reservation). The
-- audit's "assigned" is the sum of these rows: stock + allocated = loaded.
CREATE TABLE stock_allocations (
    id TEXT NOT NULL PRIMARY KEY,
    range_start INTEGER NOT NULL,
    range_end INTEGER NOT NULL,
    taken_by TEXT NOT NULL,
    taken_by_id TEXT NOT NULL,
    account_id TEXT NULL,
    country_code TEXT NOT NULL,
    number_type TEXT NOT NULL,
    area_code TEXT NULL,
    city TEXT NULL,
    city_key TEXT NULL,
    region TEXT NULL,
    region_key TEXT NULL,
    allocated_at INTEGER NOT NULL,
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
ALTER TABLE number_requests ADD COLUMN origin TEXT NOT NULL DEFAULT 'cm';

-- Telnyx number orders (kind 'number') and number block orders (kind 'block').
CREATE TABLE number_orders (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    customer_reference TEXT NULL,
    connection_id TEXT NULL,
    messaging_profile_id TEXT NULL,
    billing_group_id TEXT NULL,
    range_start INTEGER NULL,
    range_size INTEGER NULL,
    number_request_id TEXT NULL REFERENCES number_requests(id),
    errors TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_number_orders_account ON number_orders(account_id, kind, created_at, id);
CREATE INDEX ix_number_orders_open ON number_orders(status, created_at);
CREATE INDEX ix_number_orders_request ON number_orders(number_request_id) WHERE number_request_id IS NOT NULL;

-- The numbers of an order, one row each (the API shows per-number status and requirements).
CREATE TABLE ordered_phone_numbers (
    id TEXT NOT NULL PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES number_orders(id),
    account_id TEXT NOT NULL,
    phone_number INTEGER NOT NULL,
    country_code TEXT NOT NULL,
    phone_number_type TEXT NOT NULL,
    bundle_id TEXT NULL,
    requirement_group_id TEXT NULL,
    -- The value given for the number's regulatory requirement (PATCH /v2/number_orders/{id}).
    requirement_value TEXT NULL,
    requirements_met INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_ordered_phone_numbers_order ON ordered_phone_numbers(order_id, phone_number);
CREATE INDEX ix_ordered_phone_numbers_account ON ordered_phone_numbers(account_id, status, phone_number);

-- Telnyx number reservations: numbers held for an account for 30 minutes, extendable.
CREATE TABLE number_reservations (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    customer_reference TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_number_reservations_account ON number_reservations(account_id, created_at, id);

CREATE TABLE reserved_phone_numbers (
    id TEXT NOT NULL PRIMARY KEY,
    reservation_id TEXT NOT NULL REFERENCES number_reservations(id),
    account_id TEXT NOT NULL,
    phone_number INTEGER NOT NULL,
    state TEXT NOT NULL,
    errors TEXT NULL,
    expired_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_reserved_phone_numbers_reservation ON reserved_phone_numbers(reservation_id, phone_number);
CREATE INDEX ix_reserved_phone_numbers_due ON reserved_phone_numbers(state, expired_at);
CREATE INDEX ix_reserved_phone_numbers_account ON reserved_phone_numbers(account_id, state, phone_number);

-- Telnyx inexplicit number orders: ordering groups by criteria, each served as a number request.
CREATE TABLE inexplicit_number_orders (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    customer_reference TEXT NULL,
    connection_id TEXT NULL,
    messaging_profile_id TEXT NULL,
    billing_group_id TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_inexplicit_number_orders_account ON inexplicit_number_orders(account_id, created_at, id);

CREATE TABLE inexplicit_ordering_groups (
    id TEXT NOT NULL PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES inexplicit_number_orders(id),
    position INTEGER NOT NULL,
    number_request_id TEXT NULL REFERENCES number_requests(id),
    country_iso TEXT NOT NULL,
    phone_number_type TEXT NOT NULL,
    count_requested INTEGER NOT NULL,
    administrative_area TEXT NULL,
    locality TEXT NULL,
    national_destination_code TEXT NULL,
    strategy TEXT NOT NULL,
    quickship INTEGER NULL,
    exclude_held_numbers INTEGER NULL,
    error_reason TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_inexplicit_ordering_groups_order ON inexplicit_ordering_groups(order_id, position);

-- Telnyx advanced orders: one order by criteria, served as a number request.
CREATE TABLE advanced_orders (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    number_request_id TEXT NOT NULL REFERENCES number_requests(id),
    area_code TEXT NULL,
    comments TEXT NULL,
    country_code TEXT NOT NULL,
    customer_reference TEXT NULL,
    features_json TEXT NOT NULL,
    phone_number_type TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    requirement_group_id TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_advanced_orders_account ON advanced_orders(account_id, created_at, id);
