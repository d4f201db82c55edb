-- Issue 5 (seed 004): properties of accounts and the catalogue of number blocks for sale. Ids are lowercase uuid
-- text; instants are UTC ticks; booleans 0/1. A block's numbers are claimed in ledger_claims (by the block while it is
-- for sale, by the buyer's account once sold); this table only describes the block and its routing settings.
CREATE TABLE properties (
    id TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_properties_account ON properties(account_id, created_at);

CREATE TABLE catalogue_blocks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sid TEXT NOT NULL UNIQUE,
    range_start INTEGER NOT NULL,
    range_end INTEGER NOT NULL,
    country_code TEXT NOT NULL,
    phone_number_type TEXT NOT NULL,
    area_code TEXT NULL,
    sms INTEGER NOT NULL,
    voice INTEGER NOT NULL,
    status TEXT NOT NULL,
    account_id TEXT NULL REFERENCES accounts(id),
    property_id TEXT NULL REFERENCES properties(id),
    answer_point TEXT NULL,
    routing_method TEXT NULL,
    flow TEXT NULL,
    application TEXT NULL,
    call_recording_enabled INTEGER NOT NULL DEFAULT 0,
    call_whisper_enabled INTEGER NOT NULL DEFAULT 0,
    call_whisper_path TEXT NULL,
    campaign TEXT NULL,
    content TEXT NULL,
    medium TEXT NULL,
    source TEXT NULL,
    description TEXT NULL,
    group_name TEXT NULL,
    group_type INTEGER NULL,
    preamble INTEGER NULL,
    routing_action INTEGER NULL,
    programmable_voice_url TEXT NULL,
    master_mode INTEGER NULL,
    diaplan TEXT NULL,
    call_wrap_up_enabled INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 0,
    enable_rules INTEGER NOT NULL DEFAULT 0,
    port_in_progress INTEGER NOT NULL DEFAULT 0,
    ported INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    purchased_at INTEGER NULL,
    updated_at INTEGER NOT NULL,
    CHECK (range_start <= range_end),
    CHECK (status IN ('available', 'sold')),
    CHECK ((status = 'available') = (account_id IS NULL))
);
CREATE INDEX ix_catalogue_blocks_status ON catalogue_blocks(status, id);
CREATE INDEX ix_catalogue_blocks_account ON catalogue_blocks(account_id, id) WHERE account_id IS NOT NULL;
CREATE INDEX ix_catalogue_blocks_property ON catalogue_blocks(property_id, id) WHERE property_id IS NOT NULL;
