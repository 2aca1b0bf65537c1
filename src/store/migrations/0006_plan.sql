-- mapo schema, version 6: the national action plan (pillars, goals, objectives, activities),
-- quarterly progress, the US TIP report's recommendations, and operating guidelines with their
-- checklists and results.
--
-- Portable SQL, as 0001. Organisations are codes until the council's register links them.
-- Numbers that may be fractions (targets, baselines, reported values) are REAL.

CREATE TABLE plans (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE,
	title_ms   TEXT NOT NULL,
	title_en   TEXT NOT NULL,
	start_year INTEGER NOT NULL CHECK (start_year BETWEEN 1900 AND 9999),
	end_year   INTEGER NOT NULL CHECK (end_year >= start_year),
	created_at TEXT NOT NULL
);

-- The tree, one row per pillar, goal, objective or activity, seq in outline order.
CREATE TABLE plan_nodes (
	id              INTEGER PRIMARY KEY,
	plan_id         INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
	seq             INTEGER NOT NULL,
	level           TEXT NOT NULL CHECK (level IN ('pillar', 'goal', 'objective', 'activity')),
	code            TEXT NOT NULL,
	parent_id       INTEGER REFERENCES plan_nodes (id) ON DELETE CASCADE,
	title_ms        TEXT NOT NULL,
	title_en        TEXT NOT NULL,
	lead            TEXT NOT NULL DEFAULT '',
	supporting      TEXT NOT NULL DEFAULT '', -- organisation codes separated by ';'
	indicator_ms    TEXT NOT NULL DEFAULT '',
	indicator_en    TEXT NOT NULL DEFAULT '',
	computed        TEXT NOT NULL DEFAULT '', -- a register measure, '' when typed
	computed_agency TEXT NOT NULL DEFAULT '',
	baseline        REAL,
	start_year      INTEGER,
	end_year        INTEGER,
	UNIQUE (plan_id, code),
	UNIQUE (plan_id, seq)
);
CREATE INDEX plan_nodes_lead ON plan_nodes (lead);

CREATE TABLE plan_targets (
	node_id INTEGER NOT NULL REFERENCES plan_nodes (id) ON DELETE CASCADE,
	year    INTEGER NOT NULL,
	target  REAL NOT NULL CHECK (target >= 0),
	PRIMARY KEY (node_id, year)
);

-- One report per activity and quarter; a new one replaces it. value is NULL for computed
-- indicators (computed from the register when read).
CREATE TABLE plan_progress (
	id            INTEGER PRIMARY KEY,
	node_id       INTEGER NOT NULL REFERENCES plan_nodes (id) ON DELETE CASCADE,
	year          INTEGER NOT NULL,
	quarter       INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
	value         REAL CHECK (value IS NULL OR value >= 0),
	status        TEXT NOT NULL
		CHECK (status IN ('not-started', 'on-track', 'at-risk', 'delayed', 'done')),
	narrative     TEXT NOT NULL DEFAULT '',
	evidence_name TEXT NOT NULL DEFAULT '',
	evidence_type TEXT NOT NULL DEFAULT '',
	evidence      BLOB,
	org           TEXT NOT NULL DEFAULT '',
	reported_by   TEXT NOT NULL DEFAULT '',
	reported_at   TEXT NOT NULL,
	UNIQUE (node_id, year, quarter)
);

-- The prioritised recommendations of each year's US TIP report for the country.
CREATE TABLE recommendations (
	id         INTEGER PRIMARY KEY,
	year       INTEGER NOT NULL CHECK (year BETWEEN 2001 AND 9999),
	rank       INTEGER NOT NULL CHECK (rank >= 1),
	text_ms    TEXT NOT NULL,
	text_en    TEXT NOT NULL,
	status     TEXT NOT NULL DEFAULT 'open'
		CHECK (status IN ('open', 'in-progress', 'addressed', 'not-addressed')),
	evidence   TEXT NOT NULL DEFAULT '',
	updated_at TEXT NOT NULL,
	UNIQUE (year, rank)
);

CREATE TABLE recommendation_links (
	rec_id  INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
	node_id INTEGER NOT NULL REFERENCES plan_nodes (id) ON DELETE CASCADE,
	PRIMARY KEY (rec_id, node_id)
);

-- Council action items by reference, until the council's tables are linked.
CREATE TABLE recommendation_actions (
	rec_id     INTEGER NOT NULL REFERENCES recommendations (id) ON DELETE CASCADE,
	action_ref TEXT NOT NULL,
	PRIMARY KEY (rec_id, action_ref)
);

CREATE TABLE guidelines (
	id       INTEGER PRIMARY KEY,
	code     TEXT NOT NULL,
	version  INTEGER NOT NULL CHECK (version >= 1),
	title_ms TEXT NOT NULL,
	title_en TEXT NOT NULL,
	issued   TEXT NOT NULL CHECK (issued LIKE '____-__-__'),
	UNIQUE (code, version)
);

CREATE TABLE guideline_items (
	id           INTEGER PRIMARY KEY,
	guideline_id INTEGER NOT NULL REFERENCES guidelines (id) ON DELETE CASCADE,
	seq          INTEGER NOT NULL,
	code         TEXT NOT NULL,
	section_ms   TEXT NOT NULL,
	section_en   TEXT NOT NULL,
	text_ms      TEXT NOT NULL,
	text_en      TEXT NOT NULL,
	subjects     INTEGER NOT NULL CHECK (subjects BETWEEN 1 AND 7), -- bit 0 operation, 1 prosecution, 2 shelter
	UNIQUE (guideline_id, code)
);

-- A checklist filled in for one operation or prosecution step (a case reference) or shelter.
CREATE TABLE guideline_checks (
	id           INTEGER PRIMARY KEY,
	guideline_id INTEGER NOT NULL REFERENCES guidelines (id),
	subject      TEXT NOT NULL CHECK (subject IN ('operation', 'prosecution', 'shelter')),
	subject_ref  TEXT NOT NULL,
	agency       TEXT NOT NULL,
	check_date   TEXT NOT NULL CHECK (check_date LIKE '____-__-__'),
	note         TEXT NOT NULL DEFAULT '',
	recorded_by  TEXT NOT NULL DEFAULT '',
	recorded_at  TEXT NOT NULL
);
CREATE INDEX guideline_checks_date ON guideline_checks (check_date, agency);

CREATE TABLE guideline_answers (
	check_id INTEGER NOT NULL REFERENCES guideline_checks (id) ON DELETE CASCADE,
	item_id  INTEGER NOT NULL REFERENCES guideline_items (id),
	answer   TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'na')),
	PRIMARY KEY (check_id, item_id)
);
