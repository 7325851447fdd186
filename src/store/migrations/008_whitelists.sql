-- White lists of key-chain enterprises (issue 12, part "whitelist"): lists per
-- chain, tier and issuing region; numbered batches; applications that become
-- listings (one row from application to end); mutual recognition between
-- provinces. Every change is in the audit log (whitelist.*).
--
-- An enterprise's white-list membership is derived from here: the table
-- whitelist_members that 001 created (and that was written by hand) becomes a
-- view of the listings in force (listed or due for review, not ended).

CREATE TABLE whitelist_lists (
    id TEXT PRIMARY KEY,
    chain TEXT NOT NULL CHECK (chain IN ('automotive', 'integrated_circuits', 'equipment', 'biomedicine', 'energy', 'agriculture_food', 'medical_supplies', 'other')),
    tier TEXT NOT NULL CHECK (tier IN ('national', 'provincial', 'city', 'county')),
    region INTEGER NOT NULL,          -- the issuing region (0: the nation)
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (chain, tier, region)
);

CREATE TABLE whitelist_batches (
    id TEXT PRIMARY KEY,
    list_id TEXT NOT NULL REFERENCES whitelist_lists (id),
    number INTEGER NOT NULL,          -- 第N批
    published_by TEXT NOT NULL,
    published_on INTEGER NOT NULL,    -- YYYYMMDD
    published_at BIGINT NOT NULL,
    UNIQUE (list_id, number)
);

CREATE TABLE whitelist_applications (
    id TEXT PRIMARY KEY,
    list_id TEXT NOT NULL REFERENCES whitelist_lists (id),
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    county INTEGER NOT NULL,          -- the enterprise's county when it applied
    state TEXT NOT NULL CHECK (state IN ('applied', 'returned', 'rejected', 'checked', 'reviewed', 'listed', 'due_review', 'ended')),
    plan TEXT NOT NULL,
    staff INTEGER NOT NULL,
    lodging INTEGER NOT NULL,
    testing INTEGER NOT NULL,
    stock_days INTEGER NOT NULL,
    suppliers TEXT NOT NULL,          -- USCCs, comma-separated
    industry_ok SMALLINT NOT NULL,
    health_ok SMALLINT NOT NULL,
    batch_id TEXT REFERENCES whitelist_batches (id),
    listed_by TEXT NOT NULL,
    listed_on INTEGER NOT NULL,       -- YYYYMMDD, 0 before
    review_on INTEGER NOT NULL,       -- YYYYMMDD, 0 before
    reason TEXT NOT NULL,             -- of the last return, rejection, adjustment or end
    applied_by TEXT NOT NULL,
    applied_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX whitelist_applications_list ON whitelist_applications (list_id, state);
CREATE INDEX whitelist_applications_county ON whitelist_applications (county, state);
CREATE INDEX whitelist_applications_enterprise ON whitelist_applications (enterprise, state);
CREATE INDEX whitelist_applications_review ON whitelist_applications (state, review_on);

CREATE TABLE whitelist_recognitions (
    id TEXT PRIMARY KEY,
    list_id TEXT NOT NULL REFERENCES whitelist_lists (id),
    from_province INTEGER NOT NULL,
    to_province INTEGER NOT NULL,
    asked_by TEXT NOT NULL,
    asked_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL
);
CREATE INDEX whitelist_recognitions_to ON whitelist_recognitions (to_province, asked_at);
CREATE INDEX whitelist_recognitions_from ON whitelist_recognitions (from_province, asked_at);

CREATE TABLE whitelist_recognition_items (
    recognition_id TEXT NOT NULL REFERENCES whitelist_recognitions (id),
    listing_id TEXT NOT NULL REFERENCES whitelist_applications (id),
    enterprise TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'accepted', 'declined')),
    decided_by TEXT NOT NULL,
    decided_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (recognition_id, listing_id)
);
CREATE INDEX whitelist_recognition_items_enterprise ON whitelist_recognition_items (enterprise, state);

DROP TABLE whitelist_members;
CREATE VIEW whitelist_members AS
    SELECT a.enterprise AS enterprise, l.chain AS chain, l.tier AS tier, l.region AS region
    FROM whitelist_applications a JOIN whitelist_lists l ON l.id = a.list_id
    WHERE a.state IN ('listed', 'due_review');
