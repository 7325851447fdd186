-- Vehicle passes for key-material transport: applications and the passes
-- issued from them (one row: the application becomes the pass), per-province
-- serial numbers, and the log of checks at checkpoints.

CREATE TABLE pass_serials (
    region INTEGER PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE passes (
    id TEXT PRIMARY KEY,
    number TEXT UNIQUE,              -- 12 digits once issued, NULL before
    region INTEGER NOT NULL,         -- the issuing province
    state TEXT NOT NULL CHECK (state IN ('applied', 'issued', 'rejected', 'revoked')),
    applicant TEXT NOT NULL REFERENCES enterprises (uscc),
    applied_by TEXT NOT NULL,
    goods TEXT NOT NULL,
    origin INTEGER NOT NULL REFERENCES regions (code),
    destination INTEGER NOT NULL REFERENCES regions (code),
    route TEXT NOT NULL,             -- county codes, comma-separated, may be empty
    plate TEXT NOT NULL,
    crew TEXT NOT NULL,              -- JSON array of {name, id_masked, test_valid_until, role}
    valid_from BIGINT NOT NULL,
    valid_to BIGINT NOT NULL,
    applied_at BIGINT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at BIGINT NOT NULL,
    decision TEXT NOT NULL,
    credential TEXT NOT NULL,        -- "FG1:..." once issued
    kid TEXT NOT NULL,
    revoked_at BIGINT NOT NULL,
    revoked_by TEXT NOT NULL,
    revoke_reason TEXT NOT NULL,
    renews TEXT NOT NULL,            -- the number of the pass this one renews, or ''
    version INTEGER NOT NULL
);
CREATE INDEX passes_region ON passes (region, state, applied_at);
CREATE INDEX passes_applicant ON passes (applicant, applied_at);

CREATE TABLE pass_checks (
    id TEXT PRIMARY KEY,             -- the device's id for offline uploads (idempotent)
    number TEXT NOT NULL,            -- '' when the string could not be read
    checkpoint INTEGER NOT NULL,     -- the officer's region
    officer TEXT NOT NULL,
    at BIGINT NOT NULL,
    result TEXT NOT NULL,
    reason TEXT NOT NULL,
    plate TEXT NOT NULL,
    offline SMALLINT NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX pass_checks_number ON pass_checks (number, at);
CREATE INDEX pass_checks_checkpoint ON pass_checks (checkpoint, at);
