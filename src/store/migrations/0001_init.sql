-- mapo schema, version 1: reference data, cases, persons and their roles.
--
-- Portable SQL: the same file is meant to run on PostgreSQL later. Dates are TEXT 'YYYY-MM-DD'
-- (they compare as strings), timestamps TEXT 'YYYY-MM-DDTHH:MM:SSZ' written by the store. The one
-- SQLite-specific spelling is "INTEGER PRIMARY KEY" for generated ids (docs/internals/store.md).

CREATE TABLE schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
);

-- Reference data, loaded from data/*.csv by `mapo init`.
CREATE TABLE agencies (
	code    TEXT PRIMARY KEY,
	name_ms TEXT NOT NULL,
	name_en TEXT NOT NULL,
	role    TEXT NOT NULL CHECK (role IN ('enforcement', 'prosecution', 'protection'))
);

CREATE TABLE states (
	code    TEXT PRIMARY KEY,
	name_ms TEXT NOT NULL,
	name_en TEXT NOT NULL
);

CREATE TABLE countries (
	code    TEXT PRIMARY KEY CHECK (length(code) = 3), -- ISO 3166-1 alpha-3
	alpha2  TEXT NOT NULL CHECK (length(alpha2) = 2),
	name_ms TEXT NOT NULL,
	name_en TEXT NOT NULL
);

CREATE TABLE offences (
	code    TEXT PRIMARY KEY,                          -- the section as the Act writes it: 12, 15A, 26A
	kind    TEXT NOT NULL CHECK (kind IN ('TIP', 'SOM')),
	name_ms TEXT NOT NULL,
	name_en TEXT NOT NULL
);

CREATE TABLE forms (
	code    TEXT PRIMARY KEY,
	name_ms TEXT NOT NULL,
	name_en TEXT NOT NULL
);

CREATE TABLE cases (
	id          INTEGER PRIMARY KEY,
	ref         TEXT NOT NULL UNIQUE,
	kind        TEXT NOT NULL CHECK (kind IN ('TIP', 'SOM')),
	agency      TEXT NOT NULL REFERENCES agencies (code),
	action_date TEXT NOT NULL CHECK (action_date LIKE '____-__-__'),
	state       TEXT NOT NULL REFERENCES states (code),
	status      TEXT NOT NULL
		CHECK (status IN ('investigation', 'charged', 'convicted', 'acquitted', 'closed')),
	related_id  INTEGER REFERENCES cases (id),
	summary     TEXT NOT NULL DEFAULT '',
	version     INTEGER NOT NULL CHECK (version >= 1),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	CHECK (related_id IS NULL OR related_id <> id),
	-- The target of the (case, kind, action date) copies in case_forms and case_persons, and the
	-- index that counts cases of one kind in a period without reading the table.
	UNIQUE (kind, action_date, id)
);
CREATE INDEX cases_related ON cases (related_id) WHERE related_id IS NOT NULL;
-- Listings by date, and the cases of a period with every key the statistics split them by.
CREATE INDEX cases_period ON cases (action_date, kind, agency, state, status);

CREATE TABLE case_offences (
	case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	offence TEXT NOT NULL REFERENCES offences (code),
	pos     INTEGER NOT NULL,
	PRIMARY KEY (case_id, offence)
);

-- Forms of exploitation, TIP cases only. case_kind and case_action_date copy the case's (kept
-- equal by the foreign key's ON UPDATE CASCADE) so that statistics read one index.
CREATE TABLE case_forms (
	case_id          INTEGER NOT NULL,
	case_kind        TEXT NOT NULL CHECK (case_kind = 'TIP'),
	case_action_date TEXT NOT NULL,
	form             TEXT NOT NULL REFERENCES forms (code),
	pos              INTEGER NOT NULL,
	PRIMARY KEY (case_id, form),
	FOREIGN KEY (case_id, case_kind, case_action_date)
		REFERENCES cases (id, kind, action_date) ON UPDATE CASCADE ON DELETE CASCADE
);
CREATE INDEX case_forms_tally ON case_forms (form, case_kind, case_action_date, case_id);

-- A person, shared by every role they hold in any case.
CREATE TABLE persons (
	id          INTEGER PRIMARY KEY,
	person_ref  TEXT NOT NULL UNIQUE,
	sex         TEXT NOT NULL CHECK (sex IN ('F', 'M', 'U')),
	birth_date  TEXT CHECK (birth_date LIKE '____-__-__'),
	age         INTEGER CHECK (age BETWEEN 0 AND 150),
	nationality TEXT REFERENCES countries (code)
);

-- The role of a person in a case. case_kind and case_action_date copy the case's, as in
-- case_forms; the two partial indexes answer the arrest and rescue counts on their own.
CREATE TABLE case_persons (
	id                 INTEGER PRIMARY KEY,
	case_id            INTEGER NOT NULL,
	case_kind          TEXT NOT NULL,
	case_action_date   TEXT NOT NULL,
	person_id          INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	role               TEXT NOT NULL CHECK (role IN ('suspect', 'victim', 'smuggled-migrant')),
	arrest_date        TEXT CHECK (arrest_date LIKE '____-__-__'),
	suspect_role       TEXT CHECK (suspect_role IN
		('recruiter', 'transporter', 'harbourer', 'exploiter', 'financier', 'other')),
	trafficking_status TEXT CHECK (trafficking_status IN ('possible', 'actual', 'not-a-victim')),
	rescue_date        TEXT CHECK (rescue_date LIKE '____-__-__'),
	UNIQUE (case_id, person_id, role),
	FOREIGN KEY (case_id, case_kind, case_action_date)
		REFERENCES cases (id, kind, action_date) ON UPDATE CASCADE ON DELETE CASCADE,
	CHECK (role = 'suspect' OR (arrest_date IS NULL AND suspect_role IS NULL)),
	CHECK (role = 'victim' OR (trafficking_status IS NULL AND rescue_date IS NULL))
);
CREATE INDEX case_persons_person ON case_persons (person_id);
CREATE INDEX case_persons_arrests
	ON case_persons (role, case_kind, case_action_date, arrest_date, case_id, person_id)
	WHERE arrest_date IS NOT NULL;
CREATE INDEX case_persons_rescues
	ON case_persons (role, case_action_date, rescue_date, case_kind, case_id, person_id)
	WHERE rescue_date IS NOT NULL;

-- Every status a case has had: written at insert and at each change of status.
CREATE TABLE case_status_history (
	id         INTEGER PRIMARY KEY,
	case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	status     TEXT NOT NULL
		CHECK (status IN ('investigation', 'charged', 'convicted', 'acquitted', 'closed')),
	version    INTEGER NOT NULL, -- the case version that set it
	changed_at TEXT NOT NULL
);
CREATE INDEX case_status_history_case ON case_status_history (case_id, id);
