-- Administrators of a jurisdiction: an account with admin = 1 manages the
-- accounts inside its own jurisdiction (list, create, disable, reset password).
ALTER TABLE accounts ADD COLUMN admin SMALLINT NOT NULL DEFAULT 0;
