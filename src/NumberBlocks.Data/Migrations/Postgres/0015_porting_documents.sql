-- The porting family's stored objects (Telnyx documents, additional documents, comments, LOA configurations, action
-- requirements). A document's bytes live in the row (bytea): one store to back up, and per-account isolation by the
-- same account_id every other table has. Sizes are checked before the insert (DocumentFile.MaxBytes, 10 MiB).

CREATE TABLE documents (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    filename text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('pdf', 'png', 'jpeg')),
    customer_reference text NULL,
    size_bytes bigint NOT NULL CHECK (size_bytes > 0),
    sha256 text NOT NULL,
    content bytea NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_documents_account_created ON documents(account_id, created_at, id);

CREATE TABLE porting_additional_documents (
    id uuid NOT NULL PRIMARY KEY,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    document_id uuid NOT NULL REFERENCES documents(id),
    document_type text NOT NULL CHECK (document_type IN ('loa', 'invoice', 'csr', 'other')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_porting_additional_documents_order ON porting_additional_documents(porting_order_id, created_at);
CREATE INDEX ix_porting_additional_documents_document ON porting_additional_documents(document_id);

CREATE TABLE porting_order_comments (
    id uuid NOT NULL PRIMARY KEY,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    body text NOT NULL,
    user_type text NOT NULL CHECK (user_type IN ('user', 'admin', 'system')),
    created_at timestamptz NOT NULL
);
CREATE INDEX ix_porting_order_comments_order ON porting_order_comments(porting_order_id, created_at);

CREATE TABLE loa_configurations (
    id uuid NOT NULL PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts(id),
    name text NOT NULL,
    logo_document_id uuid NOT NULL REFERENCES documents(id),
    company_name text NOT NULL,
    street_address text NOT NULL,
    extended_address text NULL,
    locality text NOT NULL,
    administrative_area text NOT NULL,
    postal_code text NOT NULL,
    country_code text NOT NULL,
    contact_email text NOT NULL,
    contact_phone_number text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX ix_loa_configurations_account ON loa_configurations(account_id, created_at);

CREATE TABLE porting_action_requirements (
    id uuid NOT NULL PRIMARY KEY,
    porting_order_id uuid NOT NULL REFERENCES porting_orders(id) ON DELETE CASCADE,
    account_id uuid NOT NULL,
    requirement_type_id text NOT NULL,
    status text NOT NULL CHECK (status IN ('created', 'pending', 'completed', 'cancelled', 'failed')),
    first_name text NULL,
    last_name text NULL,
    cancel_reason text NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (porting_order_id, requirement_type_id)
);
