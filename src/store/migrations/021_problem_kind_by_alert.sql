-- Problem kinds opened only by the alerts sweep (issue 13): the raise form
-- does not offer them and the API refuses them from a person, with
-- problem.kind_by_alert. 'not_running' (migration 017) is the first.
ALTER TABLE problem_kinds ADD COLUMN by_alert SMALLINT NOT NULL DEFAULT 0;
UPDATE problem_kinds SET by_alert = 1 WHERE name = 'not_running';
