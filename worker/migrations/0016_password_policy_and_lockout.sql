-- Password policy (docs/rules.md): an account an admin creates or resets must change its password at
-- the next sign-in; so must one whose password is older than the district's maximum age. Only the
-- local demo seed's accounts are exempt from the policy and the age (password_exempt).
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN password_exempt INTEGER NOT NULL DEFAULT 0;
