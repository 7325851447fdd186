-- Sealed rows (issue 16): the audit log proves the data, not only itself.
-- Every row a transaction inserts, changes or deletes in an audited table is
-- recorded with the transaction's last audit entry: the table, the row's key
-- and a digest of the row as it was left ('-' once deleted). The entry's hash
-- covers rows_hash, the hash of that list (src/core/audit.c), so that
-- `fugong audit verify --deep` finds any row whose present state no entry
-- explains. Which tables are audited, and how a connection learns of its
-- writes, is in src/store/audit_seal.c.
ALTER TABLE audit_log ADD COLUMN rows_hash TEXT NOT NULL DEFAULT '';

CREATE TABLE audit_rows (
    seq BIGINT NOT NULL,          -- the entry that sealed the row
    tbl TEXT NOT NULL,
    k1 TEXT NOT NULL,
    k2 TEXT NOT NULL,             -- '' for tables with a shorter key
    k3 TEXT NOT NULL,
    digest TEXT NOT NULL
);
-- Read by entry (deep verification); the entry's hash makes the list unique.
CREATE INDEX audit_rows_seq ON audit_rows (seq);

-- The rows already present when this migration ran are sealed once, as they
-- are found, by one entry audit.baseline (then this row is deleted).
CREATE TABLE audit_baseline (
    id INTEGER PRIMARY KEY
);
INSERT INTO audit_baseline (id) VALUES (1);
