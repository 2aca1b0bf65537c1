#!/bin/sh
# mapo permit and mapo repatriation: s.51A permits and repatriations recorded, listed by person
# and by period, and updated with their versions (a stale version refused, exit 1); the employer
# and the follow-up never in the raw file; usage errors (exit 2).
. ./lib.sh

db=$T/mapo.db
if [ -n "${MAPO_TEST_PG:-}" ]; then
	sq() { psql -Atq "$MAPO_TEST_PG/$(cut -d' ' -f2 "$db")" -c "$1"; }
else
	sq() { sqlite3 "$db" "$1"; }
fi
# the demo's register without its protection part (a plan directory without demo/protection.csv):
# this test records and counts every permit and repatriation itself
cp -R "$MAPO_DATADIR" "$T/data" && rm "$T/data/demo/protection.csv" || fail "no copy of the data directory"
run 0 --db "$db" demo --cases 300 --data "$T/data"
victim=$(sq "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id
	WHERE cp.role = 'victim' AND cp.trafficking_status IN ('possible', 'actual') ORDER BY p.person_ref LIMIT 1")
migrant=$(sq "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id
	WHERE cp.role = 'smuggled-migrant' AND NOT EXISTS (SELECT 1 FROM case_persons v WHERE v.person_id = p.id
	AND v.role = 'victim') ORDER BY p.person_ref LIMIT 1")
[ -n "$victim" ] && [ -n "$migrant" ] || fail "no demo victim or migrant found"

# permits
run 0 --db "$db" permit add --person "$victim" --work --employer "Kilang Sintetik Sdn Bhd" \
	--risk-assessed 2021-06-01 --medical 2021-06-02 --mental-health 2021-06-03 --from 2021-06-10 --to 2021-12-31
expect_eq "$out" "permit 1" "permit add"
run 1 --db "$db" permit add --person "$victim" --work --risk-assessed 2021-06-01 --medical 2021-06-02 \
	--mental-health 2021-06-03 --from 2021-06-10
expect_contains "$err" "employer" "a work permit names its employer"
run 1 --db "$db" permit add --person "$victim" --movement --risk-assessed 2021-06-20 --medical 2021-06-02 \
	--mental-health 2021-06-03 --from 2021-06-10
expect_contains "$err" "s.51A" "assessments before the permit"
run 1 --db "$db" permit add --person "$migrant" --movement --risk-assessed 2021-06-01 --medical 2021-06-02 \
	--mental-health 2021-06-03 --from 2021-06-10
expect_contains "$err" "s.41A" "a smuggled migrant is not under protection"
run 2 --db "$db" permit add --person "$victim" --movement --work --risk-assessed 2021-06-01
expect_contains "$err" "usage:" "usage error"
run 0 --db "$db" permit add --person "$victim" --movement --risk-assessed 2021-06-01 --medical 2021-06-02 \
	--mental-health 2021-06-03 --from 2022-01-01
expect_eq "$out" "permit 2" "second permit"
run 0 --db "$db" permit list --format csv
expect_lines 3 "$out" "two permits and a header"
expect_contains "$out" "Kilang Sintetik Sdn Bhd" "the employer opened with the key"
run 0 --db "$db" permit list --from 2021-07-01 --to 2021-07-31 --format json
expect_eq "$(printf '%s' "$out" | jq -r '[.[].id] | join(" ")')" "1" "valid in July 2021"
run 0 --db "$db" permit list --person "$victim" --from 2022-02-01 --format json
expect_eq "$(printf '%s' "$out" | jq -r '[.[].id] | join(" ")')" "2" "the open-ended one later"
run 1 --db "$db" permit list --person NOBODY
run 0 --db "$db" permit update 1 --version 1 --to 2021-09-30 --status revoked --employer "Ladang Sintetik"
expect_eq "$out" "permit 1: version 2" "permit update"
run 1 --db "$db" permit update 1 --version 1 --status ended
expect_contains "$err" "changed by someone else" "a stale version"
run 1 --db "$db" permit update 1 --version 2 --to 2021-01-01
expect_contains "$err" "valid_to" "the last day before the first"
run 2 --db "$db" permit update 1 --version 2 --status lapsed
run 2 --db "$db" permit update 1 --status ended
expect_contains "$err" "--version" "the version is required"
run 0 --db "$db" permit list --person "$victim" --to 2021-12-31 --format json
expect_eq "$(printf '%s' "$out" | jq -r '.[0] | "\(.version) \(.status) \(.valid_to) \(.employer)"')" \
	"2 revoked 2021-09-30 Ladang Sintetik" "after the update"
expect_eq "$(sq "SELECT detail FROM audit_log WHERE action = 'permit-update'")" "valid_to status employer" \
	"audited with the field names"

# repatriations
run 0 --db "$db" repatriation add --person "$victim" --destination IDN --date 2021-10-01 --org "IOM Sintetik" \
	--follow-up "lawatan susulan Disember"
expect_eq "$out" "repatriation 1" "repatriation add"
run 1 --db "$db" repatriation add --person "$victim" --destination ZZ --date 2021-10-01 --org "IOM Sintetik"
run 0 --db "$db" repatriation list --from 2021-10-01 --to 2021-10-31 --format json
expect_eq "$(printf '%s' "$out" | jq -r '.[0] | "\(.destination) \(.follow_up) \(.version)"')" \
	"IDN lawatan susulan Disember 1" "listed in October"
run 0 --db "$db" repatriation list --to 2021-09-30 --format csv
expect_lines 1 "$out" "none before October"
run 1 --db "$db" repatriation update 1 --version 1 --destination ZZZ
expect_contains "$err" "unknown country 'ZZZ'" "an unknown country"
run 0 --db "$db" repatriation update 1 --version 1 --destination PHL --follow-up ""
expect_eq "$out" "repatriation 1: version 2" "repatriation update"
run 1 --db "$db" repatriation update 1 --version 1 --org "Other"
expect_contains "$err" "changed by someone else" "a stale repatriation"
run 0 --db "$db" repatriation list --person "$victim"
expect_contains "$out" "PHL" "the new destination"
expect_lacks "$out" "lawatan" "the follow-up removed"

# never in clear in the file
if [ -z "${MAPO_TEST_PG:-}" ]; then
	for f in "$db" "$db-wal"; do
		[ -f "$f" ] && grep -q -a "Ladang Sintetik" "$f" && fail "the employer is in clear in $f"
		[ -f "$f" ] && grep -q -a "lawatan susulan" "$f" && fail "the follow-up is in clear in $f"
	done
fi
run 0 help permit
expect_contains "$out" "mapo permit update ID --version N" "help"
finish
