-- mapo schema, protection: the health screening's results sealed at rest (issue 8, parts 5 and 7).
--
-- A screening's results (each item's code and result, and whether the person had to be isolated)
-- are health data: from now on they are one value sealed under the key (core/vault.h), in
-- health_screenings.results, with the table, the column and the screening's id as associated
-- data. What stays in clear is what the lists and the dashboard need without the key: the stay,
-- the screening date, who recorded it and when ("screening pending" is a stay without a row).
-- NULL results: erased by retention, or not sealed yet (below).
--
-- SQL has no key, so the results of the screenings recorded before this migration cannot be
-- sealed here. They stay in clear, readable, until a mapo that holds the key seals them: the
-- isolation moves to health_unsealed (a row there marks a screening still in clear) and the items
-- stay in health_screening_items, which no new screening writes. A command that opens the key
-- (and `mapo key rotate`) seals them and deletes both; docs/internals/vault.md.

CREATE TABLE health_unsealed (
	screening_id INTEGER PRIMARY KEY REFERENCES health_screenings (id) ON DELETE CASCADE,
	isolation    INTEGER NOT NULL CHECK (isolation IN (0, 1))
);
INSERT INTO health_unsealed (screening_id, isolation) SELECT id, isolation FROM health_screenings;

ALTER TABLE health_screenings DROP COLUMN isolation;
ALTER TABLE health_screenings ADD COLUMN results BLOB;
