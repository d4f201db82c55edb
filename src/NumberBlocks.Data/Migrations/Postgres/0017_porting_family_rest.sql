-- The rest of Telnyx's porting family: verification codes, associated phone numbers, phone number configurations
-- and porting reports (Telnyx SDK porting-orders/*.d.ts and porting/reports.d.ts).

-- One code per number of an order (Telnyx PortingVerificationCode): sending again replaces it. Only its salted
-- SHA-256 is kept; it expires and takes a limited number of attempts (PortingVerificationRules).
CREATE TABLE porting_verification_codes (
    id uuid NOT NULL PRIMARY KEY,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    phone_number bigint NOT NULL,
    verification_method text NOT NULL,
    code_hash text NOT NULL,
    code_salt text NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    expires_at timestamptz NOT NULL,
    verified boolean NOT NULL DEFAULT false,
    verified_at timestamptz NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_porting_verification_codes_order_number ON porting_verification_codes(porting_order_id, phone_number);

-- Telnyx PortingAssociatedPhoneNumber: the numbers of the losing account that do not port, and whether the losing
-- carrier keeps or disconnects them (a partial port).
CREATE TABLE porting_associated_numbers (
    id uuid NOT NULL PRIMARY KEY,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    action text NOT NULL,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    country_code text NOT NULL,
    phone_number_type text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CHECK (range_start <= range_end)
);
CREATE INDEX ix_porting_associated_numbers_order ON porting_associated_numbers(porting_order_id, created_at);

-- Telnyx PortingPhoneNumberConfiguration: the user bundle a porting phone number gets when its order ports.
CREATE TABLE porting_number_configurations (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    porting_phone_number_id uuid NOT NULL REFERENCES porting_phone_numbers(id) ON DELETE CASCADE,
    user_bundle_id uuid NOT NULL,
    applied_at timestamptz NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX ix_porting_number_configurations_number ON porting_number_configurations(porting_phone_number_id);
CREATE INDEX ix_porting_number_configurations_account ON porting_number_configurations(account_id, created_at);

-- The configuration in force on a ported number (copied from porting_number_configurations at port).
ALTER TABLE porting_phone_numbers ADD COLUMN user_bundle_id uuid NULL;

-- Telnyx PortingReport (export_porting_orders_csv): made by a worker; the CSV is kept with the report.
CREATE TABLE porting_reports (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    report_type text NOT NULL,
    status text NOT NULL,
    params_json text NOT NULL,
    document_id uuid NULL,
    csv_content text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_porting_reports_account ON porting_reports(account_id, created_at);
CREATE INDEX ix_porting_reports_pending ON porting_reports(created_at) WHERE status = 'pending';
CREATE UNIQUE INDEX ix_porting_reports_document ON porting_reports(document_id) WHERE document_id IS NOT NULL;
