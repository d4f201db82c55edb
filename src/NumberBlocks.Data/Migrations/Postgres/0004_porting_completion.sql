-- Issue 6: porting to completion. Events customers can list and republish, and on-demand activation jobs.

-- One row per porting event (Telnyx GET /v2/porting/events). No foreign key to porting_orders: the event of a
-- deleted draft outlives its order.
CREATE TABLE porting_events (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    porting_order_id uuid NOT NULL,
    event_type text NOT NULL,
    payload_json text NOT NULL,
    payload_status text NOT NULL,
    webhook_url text NULL,
    publish_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_porting_events_account_created ON porting_events(account_id, created_at);
CREATE INDEX ix_porting_events_order ON porting_events(porting_order_id, created_at);

-- Telnyx PortingOrdersActivationJob: actions/activate creates one; a worker runs it at activate_at.
CREATE TABLE porting_activation_jobs (
    id uuid NOT NULL PRIMARY KEY,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    status text NOT NULL,
    activation_type text NOT NULL,
    activate_at timestamptz NOT NULL,
    window_start timestamptz NOT NULL,
    window_end timestamptz NOT NULL,
    failure_reason text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_porting_activation_jobs_order ON porting_activation_jobs(porting_order_id, created_at);
CREATE INDEX ix_porting_activation_jobs_due ON porting_activation_jobs(status, activate_at);

-- The draft cleanup worker looks for old drafts.
CREATE INDEX ix_porting_orders_status_created ON porting_orders(status, created_at);
