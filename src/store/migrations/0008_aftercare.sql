-- After care (issue 8): s.51A permits and repatriations are listed and updated, with versioned
-- edits as cases have (a stale edit is refused). A permit gets a status beside its dates:
-- active while it runs, revoked when withdrawn, ended when it ran out or was given back.
ALTER TABLE movement_permits ADD COLUMN status TEXT NOT NULL DEFAULT 'active'
	CHECK (status IN ('active', 'revoked', 'ended'));
ALTER TABLE movement_permits ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE movement_permits ADD COLUMN updated_at TEXT;
ALTER TABLE repatriations ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
ALTER TABLE repatriations ADD COLUMN updated_at TEXT;
CREATE INDEX movement_permits_valid ON movement_permits (valid_from, id);
CREATE INDEX repatriations_on_date ON repatriations (on_date, id);
