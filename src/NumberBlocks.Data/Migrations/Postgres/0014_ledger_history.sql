-- The ledger's history: who held which numbers when. ledger_claims stays the table of live claims (its EXCLUDE
-- constraint unchanged); every change to it writes here in the same transaction (Ledger/NumberLedger.cs), so a
-- number's past holders survive release, transfer and port-out. An interval is half-open, [held_from, held_to):
-- held_to is NULL while held, and the instant a holder lets go is the instant the next one may start, so intervals of
-- one number never overlap. Instants come from the service's clock (TimeProvider), not the database's.
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
-- "Who held +49… when": the rows whose range contains one number, by a range index (rows of different instants
-- overlap in number space, so the live ledger's predecessor seek does not apply here).
CREATE INDEX ix_ledger_claim_history_numbers ON ledger_claim_history USING gist (int8range(range_start, range_end, '[]'));
-- Ending a holder's open rows (release, transfer): only open rows are ever looked up by holder.
CREATE INDEX ix_ledger_claim_history_open ON ledger_claim_history(holder_kind, holder_id) WHERE held_to IS NULL;

-- Live claims made before history was kept: held since they were claimed.
INSERT INTO ledger_claim_history (range_start, range_end, holder_kind, holder_id, account_id, held_from)
SELECT range_start, range_end, holder_kind, holder_id, account_id, claimed_at FROM ledger_claims;
