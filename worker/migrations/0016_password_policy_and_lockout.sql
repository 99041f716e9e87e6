-- Password policy (docs/rules.md): an account an admin creates or resets must change its password at
-- the next sign-in; so must one whose password is older than the district's maximum age. Only the
-- local demo seed's accounts are exempt from the policy and the age (password_exempt).
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN password_exempt INTEGER NOT NULL DEFAULT 0;

-- Wrong passwords lock an account from the address they came from only (docs/decisions/0006): a
-- stranger can no longer lock a district's account for everyone. Replaces accounts.failed_logins
-- and accounts.locked_until, which are no longer read.
CREATE TABLE account_failures (
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  address TEXT NOT NULL,
  -- wrong passwords in a row from this address (since the last lock or success)
  failures INTEGER NOT NULL,
  locked_until TEXT,
  last_failed_at TEXT NOT NULL,
  PRIMARY KEY (account_id, address)
);
