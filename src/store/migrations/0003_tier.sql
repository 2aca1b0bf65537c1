-- mapo schema, version 3: the US Trafficking in Persons report's tier placements and the
-- versions of the rules (22 U.S.C. 7107(b)(2)(D)) that read them.
--
-- Portable SQL, as 0001. Both tables are loaded by `mapo init` from data/tiers.csv and
-- data/tier_rules.csv; the secretariat adds each new report with `mapo tier set` or
-- `mapo tier import`. Flags are INTEGER 0 or 1.

CREATE TABLE tier_placements (
	country   TEXT NOT NULL REFERENCES countries (code),
	year      INTEGER NOT NULL CHECK (year BETWEEN 2001 AND 9999), -- the report's year
	placement TEXT NOT NULL CHECK (placement IN
		('tier-1', 'tier-2', 'tier-2-watch-list', 'tier-3', 'special-case')),
	waiver    INTEGER NOT NULL DEFAULT 0 CHECK (waiver IN (0, 1)),
	source    TEXT NOT NULL DEFAULT '',
	exception TEXT NOT NULL DEFAULT '', -- why the rules do not explain it, when they do not
	PRIMARY KEY (country, year),
	CHECK (waiver = 0 OR placement = 'tier-2-watch-list')
);
CREATE INDEX tier_placements_year ON tier_placements (year, placement);

-- One row per version of the rules, in force from from_year to to_year (NULL: still in force).
CREATE TABLE tier_rules (
	from_year                INTEGER PRIMARY KEY CHECK (from_year BETWEEN 2001 AND 9999),
	to_year                  INTEGER CHECK (to_year IS NULL OR to_year >= from_year),
	auto_downgrade           INTEGER NOT NULL CHECK (auto_downgrade IN (0, 1)),
	watch_list_years         INTEGER NOT NULL CHECK (watch_list_years >= 1),
	max_consecutive_waivers  INTEGER NOT NULL CHECK (max_consecutive_waivers >= 0),
	one_year_after_downgrade INTEGER NOT NULL CHECK (one_year_after_downgrade IN (0, 1)),
	source                   TEXT NOT NULL DEFAULT ''
);
