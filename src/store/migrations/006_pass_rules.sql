-- Each province's rule for the negative nucleic-acid tests of the people on a
-- vehicle pass, set by the province's joint mechanism: whether the drivers,
-- and the crew too, must show one, and for how many hours after sampling a
-- test counts. A province without a row asks for none. Every change is in the
-- audit log (pass_rule.set, with the rule before and after).
-- The tests themselves are kept with each pass's crew (passes.crew, JSON:
-- test_sampled_at, test_valid_to), so passes needs no new column.

CREATE TABLE pass_rules (
    province INTEGER PRIMARY KEY REFERENCES regions (code),
    drivers SMALLINT NOT NULL CHECK (drivers IN (0, 1)),
    crew SMALLINT NOT NULL CHECK (crew IN (0, 1) AND crew <= drivers),
    hours SMALLINT NOT NULL CHECK ((drivers = 0 AND hours = 0) OR (drivers = 1 AND hours BETWEEN 12 AND 168)),
    version INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
