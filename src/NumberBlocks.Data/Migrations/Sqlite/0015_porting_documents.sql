-- The porting family's stored objects (Telnyx documents, additional documents, comments, LOA configurations, action
-- requirements). A document's bytes live in the row (BLOB): one store to back up, and per-account isolation by the
-- same account_id every other table has. Sizes are checked before the insert (DocumentFile.MaxBytes, 10 MiB).

CREATE TABLE documents (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    filename TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('pdf', 'png', 'jpeg')),
    customer_reference TEXT NULL,
    size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_documents_account_created ON documents(account_id, created_at, id);

CREATE TABLE porting_additional_documents (
    id TEXT NOT NULL PRIMARY KEY,
    porting_order_id TEXT NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id),
    document_type TEXT NOT NULL CHECK (document_type IN ('loa', 'invoice', 'csr', 'other')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_porting_additional_documents_order ON porting_additional_documents(porting_order_id, created_at);
CREATE INDEX ix_porting_additional_documents_document ON porting_additional_documents(document_id);

CREATE TABLE porting_order_comments (
    id TEXT NOT NULL PRIMARY KEY,
    porting_order_id TEXT NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    body TEXT NOT NULL,
    user_type TEXT NOT NULL CHECK (user_type IN ('user', 'admin', 'system')),
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_porting_order_comments_order ON porting_order_comments(porting_order_id, created_at);

CREATE TABLE loa_configurations (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    logo_document_id TEXT NOT NULL REFERENCES documents(id),
    company_name TEXT NOT NULL,
    street_address TEXT NOT NULL,
    extended_address TEXT NULL,
    locality TEXT NOT NULL,
    administrative_area TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country_code TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    contact_phone_number TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_loa_configurations_account ON loa_configurations(account_id, created_at);

CREATE TABLE porting_action_requirements (
    id TEXT NOT NULL PRIMARY KEY,
    porting_order_id TEXT NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    requirement_type_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('created', 'pending', 'completed', 'cancelled', 'failed')),
    first_name TEXT NULL,
    last_name TEXT NULL,
    cancel_reason TEXT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (porting_order_id, requirement_type_id)
);
