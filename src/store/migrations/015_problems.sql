-- Problems (诉求, issue 13): raised by an enterprise about itself, by a
-- transport operator about a blocked truck, or opened by an alert; routed to
-- the department that owns the kind in the problem's county; tracked as a
-- ledger with clocks on core/deadline.h.

-- The kinds, as data: the clocks (first response, resolution, escalation
-- interval, in ms; around the clock or on working days) and the department
-- that owns the kind by default ('' : the county joint mechanism).
CREATE TABLE problem_kinds (
    name TEXT PRIMARY KEY,
    sort SMALLINT NOT NULL,
    first_response_ms BIGINT NOT NULL,
    resolution_ms BIGINT NOT NULL,
    escalate_every_ms BIGINT NOT NULL,
    working_days SMALLINT NOT NULL,
    owner TEXT NOT NULL,
    truck SMALLINT NOT NULL -- raised about a vehicle (pass number, plate, place)
);
INSERT INTO problem_kinds VALUES ('blocked_truck', 1, 7200000, 86400000, 7200000, 0, 'joint_mechanism', 1);
INSERT INTO problem_kinds VALUES ('supply', 2, 86400000, 259200000, 86400000, 0, 'industry_authority', 0);
INSERT INTO problem_kinds VALUES ('local_rule', 3, 86400000, 259200000, 86400000, 1, 'joint_mechanism', 0);
INSERT INTO problem_kinds VALUES ('logistics', 4, 86400000, 259200000, 86400000, 0, 'joint_mechanism', 0);
INSERT INTO problem_kinds VALUES ('staff', 5, 86400000, 259200000, 86400000, 0, 'health_authority', 0);
INSERT INTO problem_kinds VALUES ('cash', 6, 86400000, 432000000, 86400000, 1, 'economic_department', 0);
INSERT INTO problem_kinds VALUES ('energy', 7, 43200000, 172800000, 43200000, 0, 'economic_department', 0);
INSERT INTO problem_kinds VALUES ('other', 8, 86400000, 259200000, 86400000, 1, '', 0);

-- A region's owner of a kind, instead of the default: the row of the
-- nearest region (county, then city, then province) wins.
CREATE TABLE problem_kind_owners (
    kind TEXT NOT NULL REFERENCES problem_kinds (name),
    region INTEGER NOT NULL REFERENCES regions (code),
    department TEXT NOT NULL,
    PRIMARY KEY (kind, region)
);

-- Working days: Monday to Friday except the holidays here, plus the weekend
-- days here marked working (调休). Seeded with the 2026 national holidays
-- (国务院办公厅 notice for 2026); 2027 is to be added when announced.
CREATE TABLE work_calendar (
    day INTEGER PRIMARY KEY, -- YYYYMMDD
    working SMALLINT NOT NULL,
    name TEXT NOT NULL
);
INSERT INTO work_calendar VALUES (20260101, 0, '元旦');
INSERT INTO work_calendar VALUES (20260102, 0, '元旦');
INSERT INTO work_calendar VALUES (20260103, 0, '元旦');
INSERT INTO work_calendar VALUES (20260104, 1, '元旦调休');
INSERT INTO work_calendar VALUES (20260214, 1, '春节调休');
INSERT INTO work_calendar VALUES (20260215, 0, '春节');
INSERT INTO work_calendar VALUES (20260216, 0, '春节');
INSERT INTO work_calendar VALUES (20260217, 0, '春节');
INSERT INTO work_calendar VALUES (20260218, 0, '春节');
INSERT INTO work_calendar VALUES (20260219, 0, '春节');
INSERT INTO work_calendar VALUES (20260220, 0, '春节');
INSERT INTO work_calendar VALUES (20260221, 0, '春节');
INSERT INTO work_calendar VALUES (20260222, 0, '春节');
INSERT INTO work_calendar VALUES (20260223, 0, '春节');
INSERT INTO work_calendar VALUES (20260228, 1, '春节调休');
INSERT INTO work_calendar VALUES (20260404, 0, '清明节');
INSERT INTO work_calendar VALUES (20260405, 0, '清明节');
INSERT INTO work_calendar VALUES (20260406, 0, '清明节');
INSERT INTO work_calendar VALUES (20260501, 0, '劳动节');
INSERT INTO work_calendar VALUES (20260502, 0, '劳动节');
INSERT INTO work_calendar VALUES (20260503, 0, '劳动节');
INSERT INTO work_calendar VALUES (20260504, 0, '劳动节');
INSERT INTO work_calendar VALUES (20260505, 0, '劳动节');
INSERT INTO work_calendar VALUES (20260509, 1, '劳动节调休');
INSERT INTO work_calendar VALUES (20260619, 0, '端午节');
INSERT INTO work_calendar VALUES (20260620, 0, '端午节');
INSERT INTO work_calendar VALUES (20260621, 0, '端午节');
INSERT INTO work_calendar VALUES (20260920, 1, '国庆节调休');
INSERT INTO work_calendar VALUES (20260925, 0, '中秋节');
INSERT INTO work_calendar VALUES (20260926, 0, '中秋节');
INSERT INTO work_calendar VALUES (20260927, 0, '中秋节');
INSERT INTO work_calendar VALUES (20261001, 0, '国庆节');
INSERT INTO work_calendar VALUES (20261002, 0, '国庆节');
INSERT INTO work_calendar VALUES (20261003, 0, '国庆节');
INSERT INTO work_calendar VALUES (20261004, 0, '国庆节');
INSERT INTO work_calendar VALUES (20261005, 0, '国庆节');
INSERT INTO work_calendar VALUES (20261006, 0, '国庆节');
INSERT INTO work_calendar VALUES (20261007, 0, '国庆节');
INSERT INTO work_calendar VALUES (20261010, 1, '国庆节调休');

-- One row per problem. `county` the county it is in (an enterprise's, or
-- where the truck is); `departments` the departments it is with (a comma
-- list of roles), `lead` the one leading ('' until one takes it). Clocks as
-- core/deadline.h sees them: `started_at` (reset on reopening),
-- `responded_at` (first response: taken, paused or answered), `answered_at`;
-- `due_at` the running clock's deadline and `escalate_at` when the next
-- escalation falls due (0: none); `holder` the region it is with after
-- `escalations`. `paused_at` > 0 while paused. `response_ontime` and
-- `resolve_ontime` (-1 not yet, 0 late, 1 in time) are written when the
-- response and the answer happen, for the rates. `alert_key` makes an
-- alert's problem idempotent.
CREATE TABLE problems (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL REFERENCES problem_kinds (name),
    source TEXT NOT NULL CHECK (source IN ('enterprise', 'operator', 'alert')),
    county INTEGER NOT NULL REFERENCES regions (code),
    place TEXT NOT NULL,
    enterprise TEXT NOT NULL, -- the enterprise raising it or concerned, '' for none
    pass_number TEXT NOT NULL,
    plate TEXT NOT NULL,
    what TEXT NOT NULL,
    alert_key TEXT NOT NULL,
    raised_by TEXT NOT NULL,
    raised_at BIGINT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('raised', 'assigned', 'answered', 'closed', 'reopened')),
    departments TEXT NOT NULL,
    lead TEXT NOT NULL,
    answer TEXT NOT NULL,
    reason TEXT NOT NULL,
    pause_reason TEXT NOT NULL,
    paused_at BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    responded_at BIGINT NOT NULL,
    answered_at BIGINT NOT NULL,
    closed_at BIGINT NOT NULL,
    closed_how TEXT NOT NULL, -- confirmed, withdrawn, quiet; '' while open
    due_at BIGINT NOT NULL,
    holder INTEGER NOT NULL,
    escalations SMALLINT NOT NULL,
    escalated_at BIGINT NOT NULL,
    escalate_at BIGINT NOT NULL,
    response_ontime SMALLINT NOT NULL,
    resolve_ontime SMALLINT NOT NULL,
    rating SMALLINT NOT NULL, -- 0 until rated
    rating_comment TEXT NOT NULL,
    reopenings SMALLINT NOT NULL,
    version INTEGER NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX problems_county ON problems (county, raised_at);
CREATE INDEX problems_kind ON problems (kind, county, raised_at);
CREATE INDEX problems_enterprise ON problems (enterprise, raised_at);
CREATE INDEX problems_raiser ON problems (raised_by, raised_at);
CREATE INDEX problems_escalate ON problems (escalate_at) WHERE escalate_at > 0;
CREATE INDEX problems_quiet ON problems (answered_at) WHERE state = 'answered';
CREATE UNIQUE INDEX problems_alert ON problems (alert_key) WHERE alert_key <> '';

-- The pauses of a problem (the clock stands from from_at to to_at; 0: still).
CREATE TABLE problem_pauses (
    problem_id TEXT NOT NULL REFERENCES problems (id),
    n SMALLINT NOT NULL,
    from_at BIGINT NOT NULL,
    to_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (problem_id, n)
);

-- The timeline: one row per step, as the problem's page shows it.
CREATE TABLE problem_events (
    problem_id TEXT NOT NULL REFERENCES problems (id),
    n SMALLINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    state TEXT NOT NULL,
    department TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (problem_id, n)
);
