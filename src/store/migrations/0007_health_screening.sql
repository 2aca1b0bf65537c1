-- mapo schema, protection: health screening on admission to a place of refuge (issue 8, part 5),
-- following the council's infectious-disease operating guideline.
--
-- The screening items are data (data/health_checks.csv, loaded by `mapo init`), kept in the
-- file's order. An admission (shelter_stays) has at most one screening: its date, whether the
-- person had to be isolated, and the result of each item done. A stay without one is "screening
-- pending". Results are codes, never free text.

CREATE TABLE health_checks (
	code    TEXT PRIMARY KEY,               -- tuberculosis, covid-19 ...
	seq     INTEGER NOT NULL,               -- the order of data/health_checks.csv
	name_ms TEXT NOT NULL,
	name_en TEXT NOT NULL
);

CREATE TABLE health_screenings (
	id          INTEGER PRIMARY KEY,
	stay_id     INTEGER NOT NULL UNIQUE REFERENCES shelter_stays (id) ON DELETE CASCADE,
	screened_on TEXT NOT NULL CHECK (screened_on LIKE '____-__-__'),
	isolation   INTEGER NOT NULL CHECK (isolation IN (0, 1)),
	recorded_by TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);

CREATE TABLE health_screening_items (
	screening_id INTEGER NOT NULL REFERENCES health_screenings (id) ON DELETE CASCADE,
	check_code   TEXT NOT NULL REFERENCES health_checks (code),
	result       TEXT NOT NULL CHECK (result IN ('negative', 'positive', 'pending', 'done')),
	PRIMARY KEY (screening_id, check_code)
);
