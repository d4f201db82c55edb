-- Port-outs (Telnyx /v2/portouts): another carrier's request to take numbers away, recorded by the operator, decided
-- by the account, completed at the FOC date. Its numbers, comments, supporting documents, events, CSV reports; and the
-- port-out PINs the requests are checked against (stored hashed).

CREATE TABLE portouts (
    id uuid NOT NULL PRIMARY KEY,
    -- Null when the numbers are not all held by one account (the request is then rejected at once, and only the
    -- operator sees it).
    account_id uuid NULL REFERENCES accounts(id),
    status text NOT NULL,
    carrier_name text NOT NULL,
    spid text NOT NULL,
    end_user_name text NOT NULL,
    service_address text NOT NULL,
    support_key text NOT NULL,
    reason text NULL,
    rejection_code integer NULL,
    host_messaging boolean NOT NULL DEFAULT false,
    requested_foc_date timestamptz NOT NULL,
    foc_date timestamptz NOT NULL,
    -- The numbers as E.164 strings, sorted (the wire's phone_numbers); portout_numbers indexes them.
    phone_numbers_json text NOT NULL,
    -- The blocks the request takes whole, with their activation ranges: [{"id","start","end","activation_ranges"}].
    blocks_json text NOT NULL DEFAULT '[]',
    ported_out_at timestamptz NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_portouts_account ON portouts(account_id, created_at);
CREATE INDEX ix_portouts_due ON portouts(status, foc_date);

CREATE TABLE portout_numbers (
    portout_id uuid NOT NULL REFERENCES portouts(id),
    phone_number bigint NOT NULL,
    PRIMARY KEY (portout_id, phone_number)
);
CREATE INDEX ix_portout_numbers_number ON portout_numbers(phone_number);

CREATE TABLE portout_comments (
    id uuid NOT NULL PRIMARY KEY,
    portout_id uuid NOT NULL REFERENCES portouts(id),
    account_id uuid NULL,
    body text NOT NULL,
    -- Telnyx: null when written by the operator (Telnyx Admin).
    user_id uuid NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_portout_comments_portout ON portout_comments(portout_id, created_at);

CREATE TABLE portout_supporting_documents (
    id uuid NOT NULL PRIMARY KEY,
    portout_id uuid NOT NULL REFERENCES portouts(id),
    account_id uuid NOT NULL,
    document_id text NOT NULL,
    type text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_portout_documents_portout ON portout_supporting_documents(portout_id, created_at);

CREATE TABLE portout_events (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL,
    portout_id uuid NOT NULL REFERENCES portouts(id),
    event_type text NOT NULL,
    payload_json text NOT NULL,
    payload_status text NOT NULL,
    webhook_url text NULL,
    publish_count integer NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_portout_events_account ON portout_events(account_id, created_at);

CREATE TABLE portout_reports (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL,
    report_type text NOT NULL,
    status text NOT NULL,
    params_json text NOT NULL,
    document_id uuid NULL,
    csv text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_portout_reports_account ON portout_reports(account_id, created_at);
CREATE INDEX ix_portout_reports_pending ON portout_reports(status, created_at);

-- phone_number 0 is the account's own PIN (for every number without one of its own).
CREATE TABLE portout_pins (
    account_id uuid NOT NULL REFERENCES accounts(id),
    phone_number bigint NOT NULL,
    pin_hash text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (account_id, phone_number)
);
