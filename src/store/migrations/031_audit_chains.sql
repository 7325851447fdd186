-- The audit chain partitioned by province (issue 17). Every write took the
-- one head row (audit_head), so writers in different provinces queued behind
-- each other. Now each province has a chain of its own, with its head in
-- audit_chains, and the nation's own records have chain 0. An entry is in the
-- chain of its record's province (src/core/audit.c, fg_audit_chain_of); its
-- place there is chain_seq (1, 2, 3... without gaps), and `seq`, unique and
-- increasing, orders the entries of all chains (a sequence on PostgreSQL).
-- Entries written before (v = 1) are chain 0's first entries, in their
-- order, and hash as they did; entries from here on (v = 2) hash their chain
-- and seq too. The nation's chain records the provinces' heads at intervals
-- (audit.heads), so that one anchor of it vouches for every chain.
CREATE TABLE audit_chains (
    chain INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_chains (chain, seq, hash) SELECT 0, seq, hash FROM audit_head WHERE id = 1;
ALTER TABLE audit_log ADD COLUMN chain INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN chain_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN v INTEGER NOT NULL DEFAULT 1;
UPDATE audit_log SET chain_seq = seq;
CREATE UNIQUE INDEX audit_log_chain ON audit_log (chain, chain_seq);
DROP TABLE audit_head;
