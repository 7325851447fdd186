-- Policies that benefit enterprises (惠企政策, issue 15, part "policies"): the
-- catalogue, every version of each policy's rule (src/core/policy.h: the
-- guidance table's rule language), the facts about an enterprise that only
-- benefit policies ask for, and the entitlements the matching finds: one row
-- per (policy, enterprise) that has ever been eligible. Delivery (application,
-- check, grant, receipt, objection) is to be built on policy_entitlements.
-- Money is in fen (integers); dates are YYYYMMDD; times are Unix ms.

CREATE TABLE policies (
    id TEXT PRIMARY KEY,
    region INTEGER NOT NULL REFERENCES regions (code), -- the issuer's region (0: the nation)
    department TEXT NOT NULL,          -- the issuing department, as the document names it
    title TEXT NOT NULL,
    doc_number TEXT NOT NULL,          -- 文号
    doc_date INTEGER NOT NULL,         -- the document's date
    benefit TEXT NOT NULL CHECK (benefit IN ('subsidy', 'rent_relief', 'deferral', 'tax_refund',
                                             'loan_interest', 'logistics')),
    rule_version INTEGER NOT NULL,     -- the version of policy_rules that applies
    valid_from INTEGER NOT NULL,
    valid_to INTEGER NOT NULL,
    budget_fen BIGINT NOT NULL,        -- 0: no budget (a deferral, a tax refund)
    committed_fen BIGINT NOT NULL,     -- granted or approved so far (delivery)
    automatic SMALLINT NOT NULL,       -- 免申即享: granted without an application
    state TEXT NOT NULL CHECK (state IN ('draft', 'published', 'withdrawn')),
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    published_at BIGINT NOT NULL,      -- 0 until published
    withdrawn_at BIGINT NOT NULL,      -- 0 unless withdrawn
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL           -- of the row, for stale writes
);
CREATE INDEX policies_state ON policies (state, region);

CREATE TABLE policy_rules (
    policy_id TEXT NOT NULL REFERENCES policies (id),
    version INTEGER NOT NULL,
    rule TEXT NOT NULL,                -- the rule document (JSON), as checked by core
    note TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (policy_id, version)
);

-- Facts benefit policies ask for that no other part of Fugong holds. NULL:
-- not held (the rule then counts the headcount, or the amount waits for the
-- application to give it).
CREATE TABLE enterprise_benefit_facts (
    enterprise TEXT PRIMARY KEY REFERENCES enterprises (uscc),
    insured INTEGER,                   -- employees insured (social insurance)
    monthly_rent BIGINT,               -- fen
    monthly_contributions BIGINT,      -- social-insurance contributions a month, fen
    vat_credit BIGINT,                 -- VAT credit to refund, fen
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE policy_entitlements (
    policy_id TEXT NOT NULL REFERENCES policies (id),
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    region INTEGER NOT NULL,           -- the enterprise's county when last matched
    state TEXT NOT NULL CHECK (state IN ('eligible', 'lapsed')),
    rule_version INTEGER NOT NULL,     -- the rule that found it so
    amount_fen BIGINT,                 -- NULL: a base fact is not held
    eligible_since BIGINT NOT NULL,    -- when the matching first found it eligible
    lapsed_at BIGINT NOT NULL,         -- 0 unless lapsed
    matched_at BIGINT NOT NULL,        -- when last changed by the matching
    PRIMARY KEY (policy_id, enterprise)
);
CREATE INDEX policy_entitlements_enterprise ON policy_entitlements (enterprise);
CREATE INDEX policy_entitlements_region ON policy_entitlements (policy_id, state, region);
