#!/bin/sh
# The demo on PostgreSQL writes what it writes on SQLite: `mapo demo --cases N` into both, then
# every case, offence, form, status change, person and role compared row by row with its id
# (the timestamps aside), and the protection part's rows (shelters, screenings, decisions,
# identities, consents, orders, stays, health screenings, referrals, permits, repatriations)
# with their ids, sealed values compared only as present or absent (each is sealed under its own
# database's key with a random nonce, and the blind indexes are keyed too). On PostgreSQL the
# demo goes through the store's bulk path (store_bulk_begin: batches of multi-row INSERTs, ids handed out from the
# sequences), on SQLite one row at a time, so this checks the one against the other; and that the sequences stand past
# the last ids, so the next row written one by one gets the id it would get on SQLite.
# Run through tests/pg/run.sh (MAPO_TEST_PG set); needs sqlite3 and psql.
MAPO=$1
if [ -z "${MAPO_TEST_PG:-}" ]; then
	echo "MAPO_TEST_PG is not set: run through tests/pg/run.sh"
	exit 77
fi
for tool in sqlite3 psql; do
	command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed"; exit 77; }
done
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

# SQLite: the seam off. PostgreSQL: the seam names a fresh database of run.sh's server.
env -u MAPO_TEST_PG "$MAPO" --db "$T/lite.db" demo --cases 700 --seed 5 >/dev/null 2>"$T/err" ||
	{ cat "$T/err" >&2; exit 1; }
"$MAPO" --db "$T/pg.db" demo --cases 700 --seed 5 >/dev/null 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
url="$MAPO_TEST_PG/$(cut -d' ' -f2 "$T/pg.db")"

# The queries run on both; NULLs and booleans spelled the same way.
while IFS= read -r q; do
	[ -n "$q" ] || continue
	sqlite3 -separator '|' "$T/lite.db" "$q" >"$T/s.txt" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
	psql -X -q -At -F '|' "$url" -c "$q" >"$T/p.txt" 2>"$T/err" || { cat "$T/err" >&2; exit 1; }
	[ -s "$T/s.txt" ] || fail "no rows: $q"
	cmp -s "$T/s.txt" "$T/p.txt" || { fail "differs ($(wc -l <"$T/s.txt") rows on SQLite, $(wc -l <"$T/p.txt") on PostgreSQL): $q"; diff "$T/s.txt" "$T/p.txt" | head -5 >&2; }
done <<'SQL'
SELECT id, ref, kind, agency, action_date, state, status, coalesce(related_id, 0), summary, version, coalesce(source_org, '') FROM cases ORDER BY id
SELECT case_id, offence, pos FROM case_offences ORDER BY case_id, pos
SELECT case_id, case_kind, case_action_date, form, pos FROM case_forms ORDER BY case_id, pos
SELECT id, case_id, status, version FROM case_status_history ORDER BY id
SELECT id, person_ref, sex, coalesce(birth_date, ''), coalesce(age, -1), coalesce(nationality, '') FROM persons ORDER BY id
SELECT id, case_id, case_kind, case_action_date, person_id, role, coalesce(arrest_date, ''), coalesce(suspect_role, ''), coalesce(trafficking_status, ''), coalesce(rescue_date, '') FROM case_persons ORDER BY id
SELECT id, code, name, operator, serves, capacity, coalesce(state, '') FROM shelters ORDER BY id
SELECT id, person_id, case_id, org, screened_on, outcome, indicators FROM screenings ORDER BY id
SELECT id, role_id, status, org, decided_on, CASE WHEN reason IS NULL THEN 0 ELSE 1 END FROM victim_status_history ORDER BY id
SELECT id, person_id, CASE WHEN name IS NULL THEN 0 ELSE 1 END, CASE WHEN id_number IS NULL THEN 0 ELSE 1 END, CASE WHEN id_number_index IS NULL THEN 0 ELSE 1 END, CASE WHEN passport_number IS NULL THEN 0 ELSE 1 END, CASE WHEN passport_index IS NULL THEN 0 ELSE 1 END FROM person_identities ORDER BY id
SELECT id, person_id, scope, given, decided_on, recorded_by FROM person_consents ORDER BY id
SELECT id, person_id, case_id, kind, section, court, start_date, end_date, coalesce(parent_id, 0), coalesce(outcome, ''), coalesce(outcome_date, '') FROM protection_orders ORDER BY id
SELECT id, shelter_id, person_id, admitted_on, coalesce(discharged_on, ''), warnings FROM shelter_stays ORDER BY id
SELECT id, stay_id, screened_on, recorded_by, CASE WHEN results IS NULL THEN 0 ELSE 1 END FROM health_screenings ORDER BY id
SELECT id, person_id, direction, org, service, referred_on, status, coalesce(decided_on, '') FROM referrals ORDER BY id
SELECT id, person_id, risk_assessed_on, medical_on, mental_health_on, kind, CASE WHEN employer IS NULL THEN 0 ELSE 1 END, valid_from, coalesce(valid_to, ''), status, version FROM movement_permits ORDER BY id
SELECT id, person_id, destination, on_date, org, CASE WHEN follow_up IS NULL THEN 0 ELSE 1 END, version FROM repatriations ORDER BY id
SQL

# The next ids, one row at a time after the bulk load, are SQLite's.
for table in cases persons case_persons case_status_history; do
	want=$(sqlite3 "$T/lite.db" "SELECT max(id) + 1 FROM $table")
	got=$(psql -X -q -At "$url" -c "SELECT nextval(pg_get_serial_sequence('$table', 'id'))")
	[ "$want" = "$got" ] || fail "$table: the next id is $got on PostgreSQL, $want on SQLite"
done

[ "$fails" -eq 0 ] || { echo "$fails checks failed" >&2; exit 1; }
echo "the demo is the same on both"
