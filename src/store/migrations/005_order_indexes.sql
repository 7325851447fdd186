-- An enterprise's status is read from the orders in force for it (the partial
-- index orders_in_force). The index of waiting orders was led by state, so the
-- planner used it for "state = 'in_force'" and scanned every order in force
-- of every enterprise on each lookup. Waiting orders get a partial index of
-- their own, keyed by deadline, which nothing else can mistake for it.
DROP INDEX orders_waiting;
CREATE INDEX orders_waiting ON orders (step_due_at)
    WHERE state = 'pending' OR (state = 'in_force' AND confirmed = 0);
