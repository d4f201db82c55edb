-- (SQLite: ids are lowercase uuid text, instants UTC ticks, booleans 0/1.)
-- The rest of Telnyx's porting family: verification codes, associated phone numbers, phone number configurations
-- and porting reports (Telnyx SDK porting-orders/*.d.ts and porting/reports.d.ts).

-- One code per number of an order (Telnyx PortingVerificationCode): sending again replaces it. Only its salted
-- SHA-256 is kept; it expires and takes a limited number of attempts (PortingVerificationRules).
CREATE TABLE porting_verification_codes (
    id TEXT NOT NULL PRIMARY KEY,
    porting_order_id TEXT NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    phone_number INTEGER NOT NULL,
    verification_method TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    code_salt TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL,
    verified INTEGER NOT NULL DEFAULT 0,
    verified_at INTEGER NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_porting_verification_codes_order_number ON porting_verification_codes(porting_order_id, phone_number);

-- Telnyx PortingAssociatedPhoneNumber: the numbers of the losing account that do not port, and whether the losing
-- carrier keeps or disconnects them (a partial port).
CREATE TABLE porting_associated_numbers (
    id TEXT NOT NULL PRIMARY KEY,
    porting_order_id TEXT NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    action TEXT NOT NULL,
    range_start INTEGER NOT NULL,
    range_end INTEGER NOT NULL,
    country_code TEXT NOT NULL,
    phone_number_type TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (range_start <= range_end)
);
CREATE INDEX ix_porting_associated_numbers_order ON porting_associated_numbers(porting_order_id, created_at);

-- Telnyx PortingPhoneNumberConfiguration: the user bundle a porting phone number gets when its order ports.
CREATE TABLE porting_number_configurations (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL,
    porting_order_id TEXT NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    porting_phone_number_id TEXT NOT NULL REFERENCES porting_phone_numbers(id) ON DELETE CASCADE,
    user_bundle_id TEXT NOT NULL,
    applied_at INTEGER NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_porting_number_configurations_number ON porting_number_configurations(porting_phone_number_id);
CREATE INDEX ix_porting_number_configurations_account ON porting_number_configurations(account_id, created_at);

-- The configuration in force on a ported number (copied from porting_number_configurations at port).
ALTER TABLE porting_phone_numbers ADD COLUMN user_bundle_id TEXT NULL;

-- Telnyx PortingReport (export_porting_orders_csv): made by a worker; the CSV is kept with the report.
CREATE TABLE porting_reports (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    report_type TEXT NOT NULL,
    status TEXT NOT NULL,
    params_json TEXT NOT NULL,
    document_id TEXT NULL,
    csv_content TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_porting_reports_account ON porting_reports(account_id, created_at);
CREATE INDEX ix_porting_reports_pending ON porting_reports(created_at) WHERE status = 'pending';
CREATE UNIQUE INDEX ix_porting_reports_document ON porting_reports(document_id) WHERE document_id IS NOT NULL;
