-- Stop/limit orders under due process: the order, every action taken on it,
-- the evaluations, resumption applications, blanket-shutdown alarms.
-- `state` is the state as last written; expiry and an emergency order's lapse
-- happen with time and are read with the clock (see orders.c), then settled
-- by the server's sweep with their audit entries.

CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    region INTEGER NOT NULL REFERENCES regions (code),
    route TEXT NOT NULL,
    step SMALLINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'returned', 'in_force', 'rejected',
                                         'withdrawn', 'lapsed', 'lifted', 'expired', 'resumed')),
    emergency SMALLINT NOT NULL,
    confirmed SMALLINT NOT NULL,
    measure TEXT NOT NULL CHECK (measure IN ('stop', 'limit_capacity', 'limit_arrival')),
    percent SMALLINT NOT NULL,
    reason TEXT NOT NULL,
    evidence TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    lapses_at BIGINT NOT NULL,      -- 0 unless an emergency order
    proposed_by TEXT NOT NULL,
    proposed_at BIGINT NOT NULL,
    step_since BIGINT NOT NULL,
    step_due_at BIGINT NOT NULL,
    escalated SMALLINT NOT NULL,    -- the waiting step's deadline passed and was escalated
    ended_at BIGINT NOT NULL,       -- 0 while not ended
    version INTEGER NOT NULL,
    updated_at BIGINT NOT NULL
);
-- The status of an enterprise reads its orders in force through this.
CREATE INDEX orders_in_force ON orders (enterprise) WHERE state = 'in_force';
CREATE INDEX orders_enterprise ON orders (enterprise, proposed_at);
CREATE INDEX orders_region ON orders (region, proposed_at);
CREATE INDEX orders_waiting ON orders (state, step_due_at);

CREATE TABLE order_actions (
    order_id TEXT NOT NULL REFERENCES orders (id),
    n INTEGER NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    step SMALLINT NOT NULL,
    step_name TEXT NOT NULL,
    comment TEXT NOT NULL,
    PRIMARY KEY (order_id, n)
);

CREATE TABLE order_evaluations (
    order_id TEXT NOT NULL REFERENCES orders (id),
    n INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('official', 'machine')),
    step SMALLINT NOT NULL,
    step_name TEXT NOT NULL,
    author TEXT NOT NULL,
    at BIGINT NOT NULL,
    assessment TEXT NOT NULL,
    PRIMARY KEY (order_id, n)
);

CREATE TABLE resumption_applications (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES orders (id),
    enterprise TEXT NOT NULL REFERENCES enterprises (uscc),
    region INTEGER NOT NULL,
    measures TEXT NOT NULL,
    filed_by TEXT NOT NULL,
    filed_at BIGINT NOT NULL,
    due_at BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected')),
    decided_by TEXT NOT NULL,
    decided_at BIGINT NOT NULL,
    decision TEXT NOT NULL
);
-- At most one pending application per order.
CREATE UNIQUE INDEX resumption_pending ON resumption_applications (order_id)
    WHERE state = 'pending';
CREATE INDEX resumption_region ON resumption_applications (region, state);

CREATE TABLE alarms (
    id TEXT PRIMARY KEY,
    region INTEGER NOT NULL REFERENCES regions (code),
    kind TEXT NOT NULL,
    raised_at BIGINT NOT NULL,
    orders INTEGER NOT NULL,
    enterprises INTEGER NOT NULL,
    window_hours INTEGER NOT NULL,
    detail TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
    closed_by TEXT NOT NULL,
    closed_at BIGINT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX alarms_region ON alarms (region, raised_at);
