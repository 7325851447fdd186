-- Production and contingency plans (分区分级, issue 14): one plan per
-- enterprise per risk level. `version` is the latest saved version (each save
-- writes a new row of plan_versions, never overwritten) and `state` where it
-- stands (draft, filed, approved, returned); `approved_version` the version
-- approved last (0: none), which stays in force while a later version is
-- written and reviewed: it is the only source of guidance's "plan filed for
-- this level". `guidance_version` the rule table version the latest version
-- was written against, `approved_guidance` the one of the approved version (a
-- plan written against a superseded table is flagged). `reasons` the last
-- return's reasons, a JSON list of texts. `overdue_at` when the sweep found
-- the filed version waiting longer than the review time (0: not, or not yet).

CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    level TEXT NOT NULL CHECK (level IN ('low', 'medium', 'high')),
    state TEXT NOT NULL CHECK (state IN ('draft', 'filed', 'approved', 'returned')),
    version INTEGER NOT NULL,
    guidance_version INTEGER NOT NULL,
    approved_version INTEGER NOT NULL,
    approved_guidance INTEGER NOT NULL,
    filed_at BIGINT NOT NULL,
    overdue_at BIGINT NOT NULL,
    decided_at BIGINT NOT NULL,
    decided_by TEXT NOT NULL,
    reasons TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (enterprise, level)
);
-- The review queue (filed, oldest first) and the sweep of plans waiting too long.
CREATE INDEX plans_queue ON plans (state, filed_at);

CREATE TABLE plan_versions (
    plan_id TEXT NOT NULL REFERENCES plans (id),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    guidance_version INTEGER NOT NULL,
    complete SMALLINT NOT NULL,
    saved_by TEXT NOT NULL,
    saved_at BIGINT NOT NULL,
    PRIMARY KEY (plan_id, version)
);
