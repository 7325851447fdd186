-- Foundation schema: regions, industries, risk designations, enterprises,
-- white-list membership, accounts, sessions, guidance tables, the audit chain.
-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are Unix
-- milliseconds (BIGINT), dates are 'YYYY-MM-DD' text, flags are SMALLINT 0/1.

CREATE TABLE regions (
    code INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    parent INTEGER,
    level SMALLINT NOT NULL
);
CREATE INDEX regions_parent ON regions (parent);
-- The whole country, the root of every jurisdiction (000000).
INSERT INTO regions (code, name, parent, level) VALUES (0, '全国', NULL, 0);

CREATE TABLE industries (
    code TEXT PRIMARY KEY,
    section TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE risk_designations (
    id TEXT PRIMARY KEY,
    seq BIGINT NOT NULL UNIQUE,
    region INTEGER NOT NULL REFERENCES regions (code),
    level TEXT NOT NULL CHECK (level IN ('low', 'medium', 'high')),
    effective_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    designated_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX risk_designations_region ON risk_designations (region, effective_on);

CREATE TABLE enterprises (
    uscc TEXT PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    region INTEGER NOT NULL REFERENCES regions (code),
    industry TEXT NOT NULL REFERENCES industries (code),
    headcount BIGINT NOT NULL,
    capacity BIGINT NOT NULL,
    categories INTEGER NOT NULL,
    service_kind TEXT NOT NULL,
    critical SMALLINT NOT NULL,
    plan_levels INTEGER NOT NULL,
    version INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX enterprises_region ON enterprises (region);
CREATE INDEX enterprises_industry ON enterprises (industry);

CREATE TABLE whitelist_members (
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    chain TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('national', 'provincial')),
    listed_by TEXT NOT NULL,
    listed_on TEXT NOT NULL,
    PRIMARY KEY (enterprise, chain, scope)
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    region INTEGER,
    password_hash TEXT NOT NULL,
    disabled SMALLINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE account_enterprises (
    account TEXT NOT NULL REFERENCES accounts (id),
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    PRIMARY KEY (account, enterprise)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    address TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account);

CREATE TABLE guidance_tables (
    version INTEGER PRIMARY KEY,
    rules TEXT NOT NULL,
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- seq is INTEGER PRIMARY KEY so that SQLite keeps the log in its rowid
-- B-tree (no second index); the PostgreSQL driver widens it to BIGINT.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    region INTEGER NOT NULL,
    detail TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_region ON audit_log (region);
