-- Sealed rows (issue 16): the audit log proves the data, not only itself.
-- Every row a transaction inserts, changes or deletes in an audited table is
-- recorded with the transaction's last audit entry, in `rows`: for each row
-- the table, its key and a digest of the row as it was left ('-' once
-- deleted). The entry's hash covers rows_hash, the SHA-256 of that text
-- (src/core/audit.c), so that `fugong audit verify --deep` finds any row
-- whose present state no entry explains. Which tables are audited, and how a
-- connection learns of its writes, is in src/store/audit_seal.c.
ALTER TABLE audit_log ADD COLUMN rows_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN rows TEXT NOT NULL DEFAULT '';

-- The rows already present when this migration ran are sealed once, as they
-- are found, by one entry audit.baseline (then this row is deleted).
CREATE TABLE audit_baseline (
    id INTEGER PRIMARY KEY
);
INSERT INTO audit_baseline (id) VALUES (1);
