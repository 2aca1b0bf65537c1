-- mapo schema, version 4: the council's work. Organisations (members, committees, partners) and
-- their representatives, membership of the council and its committees, meetings with agenda and
-- attendance, papers and other documents with their files, decisions and the action items they
-- yield, engagements with partners. See docs/internals/council.md.
--
-- Portable SQL, as 0001. Dates are TEXT YYYY-MM-DD. A meeting's number ("Bil. 2/2021") is not
-- stored: it is computed from the body's meetings in the year (store_council_meeting_*).

CREATE TABLE council_orgs (
	id        INTEGER PRIMARY KEY,
	code      TEXT NOT NULL UNIQUE,
	kind      TEXT NOT NULL CHECK (kind IN ('ministry', 'enforcement', 'prosecution', 'protection',
		'committee', 'ngo', 'cso', 'international', 'academic', 'embassy', 'expert')),
	name_ms   TEXT NOT NULL,
	name_en   TEXT NOT NULL,
	parent_id INTEGER REFERENCES council_orgs (id),
	version   INTEGER NOT NULL DEFAULT 1
);

-- Representatives: personal data, read through the core's access rules (core/council.h).
CREATE TABLE council_people (
	id     INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES council_orgs (id),
	name   TEXT NOT NULL,
	title  TEXT NOT NULL DEFAULT '',
	email  TEXT NOT NULL DEFAULT '',
	phone  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX council_people_org ON council_people (org_id);

-- Membership of a body (the council or a committee: an organisation of kind 'committee').
CREATE TABLE council_members (
	id         INTEGER PRIMARY KEY,
	body_id    INTEGER NOT NULL REFERENCES council_orgs (id),
	org_id     INTEGER NOT NULL REFERENCES council_orgs (id),
	person_id  INTEGER REFERENCES council_people (id),
	role       TEXT NOT NULL CHECK (role IN ('chair', 'deputy', 'secretary', 'member', 'invited')),
	start_date TEXT NOT NULL,
	end_date   TEXT,
	CHECK (body_id <> org_id),
	CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX council_members_body ON council_members (body_id, start_date);

-- The quorum rule, loaded from data/council/quorum.csv: required = floor(members * num / den)
-- + plus. body_code '*' applies to every body without a row of its own.
CREATE TABLE council_quorum (
	body_code TEXT PRIMARY KEY,
	num       INTEGER NOT NULL CHECK (num >= 0),
	den       INTEGER NOT NULL CHECK (den >= 1),
	plus      INTEGER NOT NULL CHECK (plus >= 0)
);

CREATE TABLE council_meetings (
	id         INTEGER PRIMARY KEY,
	body_id    INTEGER NOT NULL REFERENCES council_orgs (id),
	held_on    TEXT NOT NULL,
	start_time TEXT NOT NULL DEFAULT '', -- HH:MM, '' when not set
	mode       TEXT NOT NULL CHECK (mode IN ('physical', 'online', 'hybrid')),
	venue      TEXT NOT NULL DEFAULT '',
	minutes    TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX council_meetings_body ON council_meetings (body_id, held_on, start_time);

CREATE TABLE council_agenda (
	meeting_id INTEGER NOT NULL REFERENCES council_meetings (id) ON DELETE CASCADE,
	position   INTEGER NOT NULL,
	title      TEXT NOT NULL,
	PRIMARY KEY (meeting_id, position)
);

CREATE TABLE council_attendance (
	id             INTEGER PRIMARY KEY,
	meeting_id     INTEGER NOT NULL REFERENCES council_meetings (id) ON DELETE CASCADE,
	person_id      INTEGER NOT NULL REFERENCES council_people (id),
	org_id         INTEGER NOT NULL REFERENCES council_orgs (id),
	status         TEXT NOT NULL CHECK (status IN ('present', 'online', 'apology', 'represented')),
	represented_by TEXT NOT NULL DEFAULT '',
	UNIQUE (meeting_id, person_id)
);
CREATE INDEX council_attendance_org ON council_attendance (meeting_id, org_id);

-- The document library: papers of meetings and every other document, each with an access level.
CREATE TABLE council_docs (
	id           INTEGER PRIMARY KEY,
	kind         TEXT NOT NULL CHECK (kind IN ('information-paper', 'decision-paper', 'report',
		'minutes', 'country-report', 'plan', 'guideline', 'other')),
	title_ms     TEXT NOT NULL,
	title_en     TEXT NOT NULL,
	issued_on    TEXT,
	access       TEXT NOT NULL CHECK (access IN ('internal', 'members', 'partners', 'public')),
	meeting_id   INTEGER REFERENCES council_meetings (id),
	presenter_id INTEGER REFERENCES council_orgs (id),
	summary      TEXT NOT NULL DEFAULT '',
	version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX council_docs_meeting ON council_docs (meeting_id);

CREATE TABLE council_files (
	id           INTEGER PRIMARY KEY,
	doc_id       INTEGER NOT NULL REFERENCES council_docs (id) ON DELETE CASCADE,
	filename     TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL CHECK (size >= 0),
	data         BLOB NOT NULL,
	added_at     TEXT NOT NULL
);
CREATE INDEX council_files_doc ON council_files (doc_id);

CREATE TABLE council_decisions (
	id         INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES council_meetings (id),
	text       TEXT NOT NULL
);
CREATE INDEX council_decisions_meeting ON council_decisions (meeting_id);

CREATE TABLE council_engagements (
	id           INTEGER PRIMARY KEY,
	held_on      TEXT NOT NULL,
	org_id       INTEGER NOT NULL REFERENCES council_orgs (id),
	title        TEXT NOT NULL,
	participants TEXT NOT NULL DEFAULT '',
	topics       TEXT NOT NULL DEFAULT '',
	outcomes     TEXT NOT NULL DEFAULT ''
);

-- An action item comes from a decision or from an engagement's follow-up.
CREATE TABLE council_actions (
	id            INTEGER PRIMARY KEY,
	decision_id   INTEGER REFERENCES council_decisions (id),
	engagement_id INTEGER REFERENCES council_engagements (id),
	org_id        INTEGER NOT NULL REFERENCES council_orgs (id),
	title         TEXT NOT NULL,
	due_on        TEXT,
	status        TEXT NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'cancelled')),
	version       INTEGER NOT NULL DEFAULT 1,
	CHECK ((decision_id IS NULL) <> (engagement_id IS NULL))
);
CREATE INDEX council_actions_org ON council_actions (org_id, status);

CREATE TABLE council_action_updates (
	id        INTEGER PRIMARY KEY,
	action_id INTEGER NOT NULL REFERENCES council_actions (id) ON DELETE CASCADE,
	noted_on  TEXT NOT NULL,
	status    TEXT NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'cancelled')),
	note      TEXT NOT NULL DEFAULT '',
	by_user   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX council_action_updates_action ON council_action_updates (action_id);
