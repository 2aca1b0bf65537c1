-- mapo schema, protection: victims' identities (encrypted), identification, protection orders,
-- places of refuge, referrals, freedom of movement and work, repatriation (issue 8).
--
-- Personal data is never stored in clear: the columns of person_identities marked "sealed" hold
-- XChaCha20-Poly1305 ciphertext made by src/core/vault.c (key version, nonce, ciphertext and
-- tag) with the table, column and row id as associated data; the *_index columns hold a keyed
-- BLAKE2b blind index for exact-match search. The key lives outside the database
-- (docs/internals/vault.md). Free-text reasons and notes are sealed too.

-- Reference data loaded by `mapo init` from data/orders.csv and data/indicators.csv.
CREATE TABLE order_kinds (
	kind     TEXT PRIMARY KEY,               -- interim, protection, extension
	section  TEXT NOT NULL,                  -- 44, 51, 54(3)
	duration INTEGER NOT NULL CHECK (duration > 0),
	unit     TEXT NOT NULL CHECK (unit IN ('days', 'months')),
	follows  TEXT NOT NULL DEFAULT '',       -- ';'-separated kinds it may follow ('' = none)
	name_ms  TEXT NOT NULL,
	name_en  TEXT NOT NULL
);

CREATE TABLE indicators (
	code        TEXT PRIMARY KEY,            -- debt-bondage, withholds-documents ...
	htcds_field TEXT NOT NULL,               -- MethodsOfControlDebtBondage ...
	name_ms     TEXT NOT NULL,
	name_en     TEXT NOT NULL
);

-- One row per person with identities recorded.
CREATE TABLE person_identities (
	id                INTEGER PRIMARY KEY,
	person_id         INTEGER NOT NULL UNIQUE REFERENCES persons (id) ON DELETE CASCADE,
	name              BLOB,  -- sealed
	id_number         BLOB,  -- sealed
	id_number_index   TEXT,
	passport_number   BLOB,  -- sealed
	passport_index    TEXT,
	address           BLOB,  -- sealed
	phone             BLOB,  -- sealed
	photo             BLOB,  -- sealed
	erased_at         TEXT,  -- retention: when the sealed fields were erased
	updated_at        TEXT NOT NULL
);
CREATE INDEX person_identities_id_number ON person_identities (id_number_index)
	WHERE id_number_index IS NOT NULL;
CREATE INDEX person_identities_passport ON person_identities (passport_index)
	WHERE passport_index IS NOT NULL;

-- Consent to the processing and sharing of a person's data: every decision, newest last.
CREATE TABLE person_consents (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	scope       TEXT NOT NULL CHECK (scope IN ('processing', 'sharing', 'photo')),
	given       INTEGER NOT NULL CHECK (given IN (0, 1)),
	decided_on  TEXT NOT NULL CHECK (decided_on LIKE '____-__-__'),
	recorded_by TEXT NOT NULL,
	recorded_at TEXT NOT NULL
);
CREATE INDEX person_consents_person ON person_consents (person_id, id);

-- Every trafficking-status decision on a victim role (HTCDS trafficking status and the deciding
-- organisation). case_persons.trafficking_status keeps the latest for the statistics.
CREATE TABLE victim_status_history (
	id          INTEGER PRIMARY KEY,
	role_id     INTEGER NOT NULL REFERENCES case_persons (id) ON DELETE CASCADE,
	status      TEXT NOT NULL CHECK (status IN ('possible', 'actual', 'not-a-victim')),
	org         TEXT NOT NULL,
	decided_on  TEXT NOT NULL CHECK (decided_on LIKE '____-__-__'),
	reason      BLOB,  -- sealed
	recorded_at TEXT NOT NULL
);
CREATE INDEX victim_status_history_role ON victim_status_history (role_id, id);

-- Screenings: the HTCDS methods-of-control indicators found (codes of data/indicators.csv).
CREATE TABLE screenings (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	org         TEXT NOT NULL,
	screened_on TEXT NOT NULL CHECK (screened_on LIKE '____-__-__'),
	outcome     TEXT NOT NULL CHECK (outcome IN ('possible', 'actual', 'not-a-victim')),
	indicators  TEXT NOT NULL DEFAULT '',  -- ';'-separated indicator codes
	recorded_at TEXT NOT NULL
);
CREATE INDEX screenings_person ON screenings (person_id, id);

-- Court orders (s.44 interim protection order, s.51 protection order, s.54(3) extension).
-- The sections, kinds and durations are data (data/orders.csv); end_date is computed from them.
CREATE TABLE protection_orders (
	id           INTEGER PRIMARY KEY,
	person_id    INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	kind         TEXT NOT NULL,
	section      TEXT NOT NULL,
	court        TEXT NOT NULL,
	start_date   TEXT NOT NULL CHECK (start_date LIKE '____-__-__'),
	end_date     TEXT NOT NULL CHECK (end_date LIKE '____-__-__'),
	parent_id    INTEGER REFERENCES protection_orders (id),
	outcome      TEXT CHECK (outcome IN ('released', 'immigration', 'repatriated', 'placed-elsewhere',
		'superseded')),
	outcome_date TEXT CHECK (outcome_date LIKE '____-__-__'),
	created_at   TEXT NOT NULL,
	CHECK (end_date >= start_date)
);
CREATE INDEX protection_orders_open ON protection_orders (end_date) WHERE outcome IS NULL;
CREATE INDEX protection_orders_person ON protection_orders (person_id, start_date);

-- Places of refuge and who stays there.
CREATE TABLE shelters (
	id        INTEGER PRIMARY KEY,
	code      TEXT NOT NULL UNIQUE,
	name      TEXT NOT NULL,
	operator  TEXT NOT NULL CHECK (operator IN ('government', 'ngo')),
	serves    TEXT NOT NULL CHECK (serves IN ('women', 'men', 'children')),
	capacity  INTEGER NOT NULL CHECK (capacity >= 0),
	state     TEXT REFERENCES states (code)
);

CREATE TABLE shelter_stays (
	id            INTEGER PRIMARY KEY,
	shelter_id    INTEGER NOT NULL REFERENCES shelters (id),
	person_id     INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	admitted_on   TEXT NOT NULL CHECK (admitted_on LIKE '____-__-__'),
	discharged_on TEXT CHECK (discharged_on LIKE '____-__-__'),
	warnings      TEXT NOT NULL DEFAULT '',  -- 'capacity;separation' when the admission broke them
	CHECK (discharged_on IS NULL OR discharged_on >= admitted_on)
);
CREATE INDEX shelter_stays_shelter ON shelter_stays (shelter_id, admitted_on);
CREATE INDEX shelter_stays_person ON shelter_stays (person_id, admitted_on);

-- Services and referrals (HTCDS referral fields). direction 'in': the organisation referred the
-- person to the council; 'out': the council referred the person to the organisation.
CREATE TABLE referrals (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	direction   TEXT NOT NULL CHECK (direction IN ('in', 'out')),
	org         TEXT NOT NULL,
	service     TEXT NOT NULL CHECK (service IN ('identification', 'shelter', 'medical', 'psychosocial',
		'legal-aid', 'interpreter', 'allowance', 'skills', 'other')),
	referred_on TEXT NOT NULL CHECK (referred_on LIKE '____-__-__'),
	status      TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused')),
	decided_on  TEXT CHECK (decided_on LIKE '____-__-__'),
	recorded_at TEXT NOT NULL
);
CREATE INDEX referrals_org ON referrals (org, direction, person_id);
CREATE INDEX referrals_person ON referrals (person_id, id);

-- s.51A: freedom of movement and permission to work after assessment.
CREATE TABLE movement_permits (
	id               INTEGER PRIMARY KEY,
	person_id        INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	risk_assessed_on TEXT CHECK (risk_assessed_on LIKE '____-__-__'),
	medical_on       TEXT CHECK (medical_on LIKE '____-__-__'),
	mental_health_on TEXT CHECK (mental_health_on LIKE '____-__-__'),
	kind             TEXT NOT NULL CHECK (kind IN ('movement', 'work')),
	employer         BLOB,  -- sealed
	valid_from       TEXT NOT NULL CHECK (valid_from LIKE '____-__-__'),
	valid_to         TEXT CHECK (valid_to LIKE '____-__-__'),
	recorded_at      TEXT NOT NULL
);
CREATE INDEX movement_permits_person ON movement_permits (person_id);

-- Repatriation and reintegration.
CREATE TABLE repatriations (
	id          INTEGER PRIMARY KEY,
	person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
	destination TEXT NOT NULL REFERENCES countries (code),
	on_date     TEXT NOT NULL CHECK (on_date LIKE '____-__-__'),
	org         TEXT NOT NULL,
	follow_up   BLOB,  -- sealed
	recorded_at TEXT NOT NULL
);
CREATE INDEX repatriations_person ON repatriations (person_id);
