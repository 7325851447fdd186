-- The alerts of daily monitoring (issue 13, the lead's part): a white-list
-- enterprise under half its capacity or staff for three days running
-- ("listed but not running", core/alert.h) opens a problem of this kind for
-- its county, owned by the industry authority that keeps its white list
-- running: first response within a day, resolution within three, around the
-- clock. Raised only by the sweep (source 'alert'), never by hand.
INSERT INTO problem_kinds (name, sort, first_response_ms, resolution_ms, escalate_every_ms,
                           working_days, owner, truck)
    VALUES ('not_running', 9, 86400000, 259200000, 86400000, 0, 'industry_authority', 0);
