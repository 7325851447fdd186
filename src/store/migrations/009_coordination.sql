-- Coordination requests (商请函): a region asks another to keep or restart
-- suppliers that a customer in its jurisdiction depends on. One row per
-- request, one per item (a supplier in the receiving region). The clocks of
-- an item are core/deadline.h's "coordination" kind: `started_at` (reset on
-- reopening), `answered_at`, `closed_at`; `due_at` is the running clock's
-- deadline and `escalate_at` when the next escalation falls due (both 0 when
-- none), kept for the ledger's overdue count and the sweep; `holder` the
-- region the item is with after `escalations` escalations.

CREATE TABLE coordination_requests (
    id TEXT PRIMARY KEY,
    from_region INTEGER NOT NULL REFERENCES regions (code),
    to_region INTEGER NOT NULL REFERENCES regions (code),
    customer TEXT NOT NULL REFERENCES enterprises (uscc),
    customer_region INTEGER NOT NULL,
    subject TEXT NOT NULL,
    raised_by TEXT NOT NULL,
    raised_at BIGINT NOT NULL
);
CREATE INDEX coordination_from ON coordination_requests (from_region, raised_at);
CREATE INDEX coordination_to ON coordination_requests (to_region, raised_at);
CREATE INDEX coordination_customer ON coordination_requests (customer);

CREATE TABLE coordination_items (
    request_id TEXT NOT NULL REFERENCES coordination_requests (id),
    n SMALLINT NOT NULL,
    supplier TEXT NOT NULL REFERENCES enterprises (uscc),
    supplier_region INTEGER NOT NULL,
    need TEXT NOT NULL CHECK (need IN ('keep_running', 'restart', 'release_goods',
                                       'let_staff_through')),
    why TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'assigned', 'answered', 'closed', 'declined',
                                         'confirmed')),
    department TEXT NOT NULL,       -- a role name, '' until assigned
    answer TEXT NOT NULL,
    reason TEXT NOT NULL,           -- of a decline or a reopening
    started_at BIGINT NOT NULL,
    answered_at BIGINT NOT NULL,
    closed_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    holder INTEGER NOT NULL,
    escalations SMALLINT NOT NULL,
    escalated_at BIGINT NOT NULL,
    escalate_at BIGINT NOT NULL,
    version INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (request_id, n)
);
CREATE INDEX coordination_items_supplier ON coordination_items (supplier);
CREATE INDEX coordination_items_escalate ON coordination_items (escalate_at) WHERE escalate_at > 0;
