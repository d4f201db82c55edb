-- (SQLite: ids are lowercase uuid text, instants UTC ticks.)
-- The ledger's history: who held which numbers when. ledger_claims stays the table of live claims; every change to it
-- writes here in the same transaction (Ledger/NumberLedger.cs), so a number's past holders survive release, transfer
-- and port-out. An interval is half-open, [held_from, held_to): held_to is NULL while held, and the instant a holder
-- lets go is the instant the next one may start, so intervals of one number never overlap. Instants come from the
-- service's clock (TimeProvider).
CREATE TABLE ledger_claim_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    range_start INTEGER NOT NULL,
    range_end INTEGER NOT NULL,
    holder_kind TEXT NOT NULL,
    holder_id TEXT NOT NULL,
    account_id TEXT NULL,
    held_from INTEGER NOT NULL,
    held_to INTEGER NULL,
    end_reason TEXT NULL,
    CHECK (range_start <= range_end),
    CHECK (held_to IS NULL OR held_to >= held_from),
    CHECK ((held_to IS NULL) = (end_reason IS NULL))
);
-- "Who held +49… when": rows whose range contains one number; SQLite has no range index, so the lookup seeks by
-- range_start and filters range_end.
CREATE INDEX ix_ledger_claim_history_start ON ledger_claim_history(range_start, range_end);
-- Ending a holder's open rows (release, transfer): only open rows are ever looked up by holder.
CREATE INDEX ix_ledger_claim_history_open ON ledger_claim_history(holder_kind, holder_id) WHERE held_to IS NULL;

-- Live claims made before history was kept: held since they were claimed.
INSERT INTO ledger_claim_history (range_start, range_end, holder_kind, holder_id, account_id, held_from)
SELECT range_start, range_end, holder_kind, holder_id, account_id, claimed_at FROM ledger_claims;
