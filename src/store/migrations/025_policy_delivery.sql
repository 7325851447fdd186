-- Delivery of policies that benefit enterprises (惠企政策, issue 15): a claim
-- is one enterprise's case under one policy, from an entitlement the
-- matching found for a policy granted without application (免申即享,
-- origin 'automatic') or from the enterprise's application (origin
-- 'application'), through the issuing department's check to the grant and
-- the enterprise's confirmation of receipt. An objection (the enterprise
-- believes it qualifies where the matching says it does not, or disputes an
-- amount or a rejection) is a problem in the ledger (kind 'benefit').
-- Money is in fen; dates YYYYMMDD; times Unix ms.
--
--   pending ──approve──▶ approved ──grant──▶ granted ──receipt──▶ received
--      │  ▲                  (budget committed at approval: policies.committed_fen)
--      │  └─answer── more_info   (the department asked for more)
--      └──reject──▶ rejected     (with a reason; the enterprise may object)
--   pending / more_info ──withdraw──▶ withdrawn   (by the enterprise)

CREATE TABLE policy_claims (
    id TEXT PRIMARY KEY,
    policy_id TEXT NOT NULL REFERENCES policies (id),
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    region INTEGER NOT NULL,           -- the enterprise's county when the claim was made
    origin TEXT NOT NULL CHECK (origin IN ('automatic', 'application')),
    state TEXT NOT NULL CHECK (state IN ('pending', 'more_info', 'approved', 'rejected',
                                         'granted', 'received', 'withdrawn')),
    rule_version INTEGER NOT NULL,     -- the rule it was found eligible under
    form TEXT NOT NULL,                -- JSON: the pre-filled facts and what the enterprise gave
    amount_fen BIGINT,                 -- computed (or asked); NULL until a base fact is given
    approved_fen BIGINT NOT NULL,      -- committed against the budget at approval; 0 before
    granted_fen BIGINT NOT NULL,       -- paid; 0 before
    grant_date INTEGER NOT NULL,       -- YYYYMMDD of the payment; 0 before
    grant_reference TEXT NOT NULL,     -- the payment's reference (voucher number); '' before
    reason TEXT NOT NULL,              -- the last rejection or request for more; '' none
    eligible_since BIGINT NOT NULL,    -- from the entitlement (or the application's time)
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    decided_at BIGINT NOT NULL,        -- approved or rejected; 0 before
    granted_at BIGINT NOT NULL,        -- 0 before
    received_at BIGINT NOT NULL,       -- 0 before
    updated_at BIGINT NOT NULL,
    version INTEGER NOT NULL           -- of the row, for stale writes
);
-- One live claim per (policy, enterprise): a rejected or withdrawn one may be
-- followed by a new application.
CREATE UNIQUE INDEX policy_claims_live ON policy_claims (policy_id, enterprise)
    WHERE state NOT IN ('rejected', 'withdrawn');
CREATE INDEX policy_claims_enterprise ON policy_claims (enterprise);
CREATE INDEX policy_claims_queue ON policy_claims (state, region);
CREATE INDEX policy_claims_policy ON policy_claims (policy_id, region, state);

-- What the enterprise attached that Fugong cannot know (a lease, a bank
-- statement), kept with its claim.
CREATE TABLE policy_claim_files (
    claim_id TEXT NOT NULL REFERENCES policy_claims (id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    mime TEXT NOT NULL,
    body TEXT NOT NULL,                -- base64 (portable across both engines)
    created_at BIGINT NOT NULL,
    PRIMARY KEY (claim_id, seq)
);

-- Objections: each is a problem of kind 'benefit' in the ledger, tied here to
-- the policy (and the claim, when there is one) it is about.
CREATE TABLE policy_objections (
    problem_id TEXT PRIMARY KEY,
    policy_id TEXT NOT NULL REFERENCES policies (id),
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    region INTEGER NOT NULL,
    claim_id TEXT,                     -- NULL: about eligibility, no claim
    created_at BIGINT NOT NULL
);
CREATE INDEX policy_objections_policy ON policy_objections (policy_id, region);

-- Benefit objections go to the economic department, 24 h to respond and 5
-- working days to resolve.
INSERT INTO problem_kinds (name, sort, first_response_ms, resolution_ms, escalate_every_ms,
                           working_days, owner, truck)
    VALUES ('benefit', 10, 86400000, 432000000, 86400000, 1, 'economic_department', 0);
