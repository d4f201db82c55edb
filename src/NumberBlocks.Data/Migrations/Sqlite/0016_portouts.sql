-- (SQLite: ids are lowercase uuid text, instants UTC ticks, booleans 0/1.)
-- Port-outs (Telnyx /v2/portouts): another carrier's request to take numbers away, recorded by the operator, decided
-- by the account, completed at the FOC date. Its numbers, comments, supporting documents, events, CSV reports; and the
-- port-out PINs the requests are checked against (stored hashed).

CREATE TABLE portouts (
    id TEXT NOT NULL PRIMARY KEY,
    -- Null when the numbers are not all held by one account (the request is then rejected at once, and only the
    -- operator sees it).
    account_id TEXT NULL REFERENCES accounts(id),
    status TEXT NOT NULL,
    carrier_name TEXT NOT NULL,
    spid TEXT NOT NULL,
    end_user_name TEXT NOT NULL,
    service_address TEXT NOT NULL,
    support_key TEXT NOT NULL,
    reason TEXT NULL,
    rejection_code INTEGER NULL,
    host_messaging INTEGER NOT NULL DEFAULT 0,
    requested_foc_date INTEGER NOT NULL,
    foc_date INTEGER NOT NULL,
    -- The numbers as E.164 strings, sorted (the wire's phone_numbers); portout_numbers indexes them.
    phone_numbers_json TEXT NOT NULL,
    -- The blocks the request takes whole, with their activation ranges: [{"id","start","end","activation_ranges"}].
    blocks_json TEXT NOT NULL DEFAULT '[]',
    ported_out_at INTEGER NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_portouts_account ON portouts(account_id, created_at);
CREATE INDEX ix_portouts_due ON portouts(status, foc_date);

CREATE TABLE portout_numbers (
    portout_id TEXT NOT NULL REFERENCES portouts(id),
    phone_number INTEGER NOT NULL,
    PRIMARY KEY (portout_id, phone_number)
);
CREATE INDEX ix_portout_numbers_number ON portout_numbers(phone_number);

CREATE TABLE portout_comments (
    id TEXT NOT NULL PRIMARY KEY,
    portout_id TEXT NOT NULL REFERENCES portouts(id),
    account_id TEXT NULL,
    body TEXT NOT NULL,
    -- Telnyx: null when written by the operator (Telnyx Admin).
    user_id TEXT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_portout_comments_portout ON portout_comments(portout_id, created_at);

CREATE TABLE portout_supporting_documents (
    id TEXT NOT NULL PRIMARY KEY,
    portout_id TEXT NOT NULL REFERENCES portouts(id),
    account_id TEXT NOT NULL,
    document_id TEXT NOT NULL,
    type TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_portout_documents_portout ON portout_supporting_documents(portout_id, created_at);

CREATE TABLE portout_events (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL,
    portout_id TEXT NOT NULL REFERENCES portouts(id),
    event_type TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    payload_status TEXT NOT NULL,
    webhook_url TEXT NULL,
    publish_count INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_portout_events_account ON portout_events(account_id, created_at);

CREATE TABLE portout_reports (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL,
    report_type TEXT NOT NULL,
    status TEXT NOT NULL,
    params_json TEXT NOT NULL,
    document_id TEXT NULL,
    csv TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_portout_reports_account ON portout_reports(account_id, created_at);
CREATE INDEX ix_portout_reports_pending ON portout_reports(status, created_at);

-- phone_number 0 is the account's own PIN (for every number without one of its own).
CREATE TABLE portout_pins (
    account_id TEXT NOT NULL REFERENCES accounts(id),
    phone_number INTEGER NOT NULL,
    pin_hash TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, phone_number)
);
