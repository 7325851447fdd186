-- Pass priority (issue 12, part "mutual recognition"): an application by a
-- white-list member comes first in the issuing province's queue: `priority`
-- says why ('listed': on a list in force there or a national one;
-- 'recognised': that province recognised the listing; '' none) and
-- `priority_region` the list's region or the recognising province. Decided
-- by core/whitelist.c (fg_wl_pass_priority) when the application is filed.

ALTER TABLE passes ADD COLUMN priority TEXT NOT NULL DEFAULT '';
ALTER TABLE passes ADD COLUMN priority_region INTEGER NOT NULL DEFAULT 0;
CREATE INDEX passes_queue ON passes (region, state, priority, applied_at);
