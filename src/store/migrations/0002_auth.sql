-- mapo schema, version 2: accounts, sessions, API tokens, sign-in throttling, the audit trail,
-- and the partner organisation that referred a case.
--
-- Portable SQL, as 0001. Times here are Unix seconds in BIGINT columns (compared as numbers by
-- the expiry and lock rules); flags are INTEGER 0 or 1. Tokens are never stored, only the hex
-- BLAKE2b-256 of each (core/auth.c).

CREATE TABLE users (
	id             INTEGER PRIMARY KEY,
	username       TEXT NOT NULL UNIQUE,
	display_name   TEXT NOT NULL DEFAULT '',
	role           TEXT NOT NULL CHECK (role IN ('admin', 'secretariat', 'agency-officer',
		'prosecutor', 'protection-officer', 'partner')),
	agency         TEXT REFERENCES agencies (code),   -- agency officers only
	org            TEXT,                              -- partners only
	disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	identity_grant INTEGER NOT NULL DEFAULT 0 CHECK (identity_grant IN (0, 1)),
	lang           TEXT NOT NULL DEFAULT 'ms' CHECK (lang IN ('ms', 'en')),
	password_hash  TEXT NOT NULL DEFAULT '',          -- argon2id string; '' cannot sign in
	created_at     BIGINT NOT NULL,
	CHECK ((role = 'agency-officer') = (agency IS NOT NULL)),
	CHECK ((role = 'partner') = (org IS NOT NULL)),
	CHECK (role = 'secretariat' OR identity_grant = 0)
);

CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at BIGINT NOT NULL,
	last_seen  BIGINT NOT NULL,
	address    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_last_seen ON sessions (last_seen);

CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	label      TEXT NOT NULL DEFAULT '',
	created_at BIGINT NOT NULL,
	last_used  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed sign-ins within the current window, and the lock they led to, per account name (scope
-- 'user', also for names nobody holds) and per address.
CREATE TABLE login_attempts (
	scope         TEXT NOT NULL CHECK (scope IN ('user', 'address')),
	subject       TEXT NOT NULL,
	failures      INTEGER NOT NULL CHECK (failures >= 0),
	first_failure BIGINT NOT NULL,
	last_failure  BIGINT NOT NULL,
	locked_until  BIGINT NOT NULL DEFAULT 0,
	PRIMARY KEY (scope, subject)
);

-- The audit trail: append-only, ids 1, 2, 3... without gaps, each row chained to the one before
-- by prev_hash (core/audit.c). No row is ever updated or deleted by mapo.
CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	logged_at   BIGINT NOT NULL,
	username    TEXT NOT NULL,
	address     TEXT NOT NULL,
	action      TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id   TEXT NOT NULL,
	detail      TEXT NOT NULL,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL
);
CREATE INDEX audit_log_logged_at ON audit_log (logged_at);
CREATE INDEX audit_log_user ON audit_log (username, logged_at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- The partner organisation that referred a case (partners read only those).
ALTER TABLE cases ADD COLUMN source_org TEXT;
CREATE INDEX cases_source_org ON cases (source_org) WHERE source_org IS NOT NULL;
