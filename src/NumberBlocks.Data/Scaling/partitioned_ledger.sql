-- The ledger partitioned by country calling code (docs/scaling.md): the same columns as ledger_claims in
-- Migrations/Postgres/0001_initial.sql, so NumberLedger runs on it unchanged, for a database empty of claims.
--
-- Why a partition-local exclusion constraint is enough. A number is stored as the integer of its E.164 digits. The
-- numbers of one length that begin with one calling code c (d digits) are exactly the integers of one interval,
-- [c * 10^(L-d), (c+1) * 10^(L-d)): calling codes are prefix-free (ITU-T E.164), so no other code can own a number
-- that begins with c. A range is one length and one calling code at both ends (the CHECK below), so every number in
-- it lies in that one interval. Each explicit partition below is exactly one such interval (RANGE on range_start):
-- a range routes to the partition of its first number and lies wholly inside it. Two ranges that overlap share a
-- number, so they share its (code, length) and sit in the same partition, where that partition's EXCLUDE refuses
-- the second. Ranges of a (code, length) without a partition of its own go to the default partition, which then holds
-- whole intervals too, and has its own EXCLUDE. Numbers of different lengths are different integer intervals
-- altogether (every 12-digit number is below every 13-digit one), so they never collide, whatever the partitioning.
--
-- PostgreSQL 15 does not accept an EXCLUDE constraint on a partitioned table (17 does, when it includes the partition
-- key with =), so each partition carries its own: that is the "partition-local" constraint.

-- The country calling code of an E.164 number (as the integer of its digits): 1 and 7 are one digit; these 2-digit
-- codes are assigned (ITU-T E.164 assigned codes list); every other number begins with a 3-digit code. New codes are
-- only ever assigned as 3-digit codes inside 3-digit space, so the function's answer for a number never changes.
CREATE FUNCTION nb_calling_code(n bigint) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE
        WHEN left(n::text, 1) IN ('1', '7') THEN left(n::text, 1)::integer
        WHEN left(n::text, 2) IN ('20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46',
                                  '47', '48', '49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63',
                                  '64', '65', '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98')
            THEN left(n::text, 2)::integer
        ELSE left(n::text, 3)::integer
    END
$$;

CREATE TABLE ledger_claims (
    id bigint GENERATED ALWAYS AS IDENTITY,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    numbers int8range GENERATED ALWAYS AS (int8range(range_start, range_end, '[]')) STORED,
    holder_kind text NOT NULL,
    holder_id uuid NOT NULL,
    account_id uuid NULL,
    claimed_at timestamptz NOT NULL,
    -- A partitioned table's primary key must hold the partition key; the identity alone keeps id unique.
    PRIMARY KEY (id, range_start),
    CHECK (range_start <= range_end),
    -- One length and one calling code at both ends: the range never straddles a partition boundary.
    CONSTRAINT ledger_claims_one_code_one_length
        CHECK (length(range_start::text) = length(range_end::text) AND nb_calling_code(range_start) = nb_calling_code(range_end))
) PARTITION BY RANGE (range_start);

-- One partition per (calling code, length) that carries volume; the default partition takes the rest.
CREATE TABLE ledger_claims_cc1_len11  PARTITION OF ledger_claims FOR VALUES FROM (10000000000)   TO (20000000000);   -- +1 NANP, 10-digit national numbers
CREATE TABLE ledger_claims_cc33_len11 PARTITION OF ledger_claims FOR VALUES FROM (33000000000)   TO (34000000000);   -- +33 France
CREATE TABLE ledger_claims_cc44_len12 PARTITION OF ledger_claims FOR VALUES FROM (440000000000)  TO (450000000000);  -- +44 United Kingdom
CREATE TABLE ledger_claims_cc49_len12 PARTITION OF ledger_claims FOR VALUES FROM (490000000000)  TO (500000000000);  -- +49 Germany, e.g. +49 30 1234567
CREATE TABLE ledger_claims_cc49_len13 PARTITION OF ledger_claims FOR VALUES FROM (4900000000000) TO (5000000000000); -- +49 Germany, e.g. +49 201 23456000
CREATE TABLE ledger_claims_cc61_len11 PARTITION OF ledger_claims FOR VALUES FROM (61000000000)   TO (62000000000);   -- +61 Australia
CREATE TABLE ledger_claims_default    PARTITION OF ledger_claims DEFAULT;

-- Per partition: the exclusion constraint (the source of truth for "held once") and the two indexes the ledger's
-- queries use (claims starting inside a range, the one starting just before it; a holder's claims).
DO $$
DECLARE p regclass;
BEGIN
    FOR p IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'ledger_claims'::regclass LOOP
        EXECUTE format('ALTER TABLE %s ADD CONSTRAINT %s_no_overlap EXCLUDE USING gist (numbers WITH &&)', p, p);
    END LOOP;
END $$;
CREATE INDEX ix_ledger_claims_start ON ledger_claims (range_start);
CREATE INDEX ix_ledger_claims_holder ON ledger_claims (holder_kind, holder_id);

-- The ledger's history, as in Migrations/Postgres/0014_ledger_history.sql: NumberLedger writes it with every change
-- to the live claims. Not partitioned: it has no exclusion constraint to keep partition-local.
CREATE TABLE ledger_claim_history (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    holder_kind text NOT NULL,
    holder_id uuid NOT NULL,
    account_id uuid NULL,
    held_from timestamptz NOT NULL,
    held_to timestamptz NULL,
    end_reason text NULL,
    CHECK (range_start <= range_end),
    CHECK (held_to IS NULL OR held_to >= held_from),
    CHECK ((held_to IS NULL) = (end_reason IS NULL))
);
CREATE INDEX ix_ledger_claim_history_numbers ON ledger_claim_history USING gist (int8range(range_start, range_end, '[]'));
CREATE INDEX ix_ledger_claim_history_open ON ledger_claim_history(holder_kind, holder_id) WHERE held_to IS NULL;
