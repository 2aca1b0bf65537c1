#!/bin/sh
# mapo demo: initialises, reproduces the published figures, refuses a database with cases
# unless --force, is deterministic, scales with --cases; its protection part is there, consistent
# with the register, and keeps personal data sealed.
. ./lib.sh

json_is() {
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$T/out" \
		|| fail "$2: $(cat "$T/out")"
}

# The default demo on a database that does not exist yet: demo initialises it.
db=$T/demo.db
run 0 --db "$db" demo
expect_contains "$out" "demo cases" "demo says what it added"
# stderr holds only the notice of the key file for personal data, which demo makes as init does
expect_eq "$err" "$db.key: new key file for personal data; keep it secret and keep a copy apart from the database" \
	"no progress bar when stderr is not a terminal"
[ -f "$db.key" ] || fail "demo made no key file at $db.key"

# The council's published figures.
run 0 --db "$db" stats --from 2020-01-01 --to 2020-12-31 --format json
json_is "j['totals']['tip_cases'] == 165 and j['totals']['som_cases'] == 265" "165 TIP and 265 SOM cases in 2020"
run 0 --db "$db" stats --from 2015-01-01 --to 2021-06-30 --format json
json_is "j['totals']['tip_cases'] == 1854" "1,854 TIP cases 2015 to June 2021"
json_is "j['totals']['tip_arrests'] == 2732" "2,732 persons arrested in TIP cases"
json_is "j['totals']['victims_rescued'] == 10463" "10,463 victims rescued"
run 0 --db "$db" stats --from 2021-01-01 --to 2021-06-30 --format json
json_is "j['totals'] == dict(tip_cases=58, tip_arrests=131, tip_forced_labour_cases=37, som_cases=142, som_arrests=233, victims_rescued=j['totals']['victims_rescued'])" \
	"January-June 2021"

# All five agencies and all sixteen states appear; TIP and SOM stay apart.
run 0 --db "$db" stats --from 2015-01-01 --to 2021-06-30 --by agency --format json
json_is "set(r['agency'] for r in j['rows']) >= {'PDRM','JIM','KDRM','APMM','JTK'}" "all five agencies"
run 0 --db "$db" stats --from 2015-01-01 --to 2021-06-30 --by state --format json
json_is "len([r for r in j['rows'] if r['state']]) == 16" "all sixteen states"
run 0 --db "$db" case list --kind SOM --form sexual --format csv
expect_lines 1 "$out" "no SOM case has a form of exploitation"

# The protection part: 6 to 10 places of refuge, orders of which some are past their end with no
# outcome, every order's person a possible or actual victim, every decision the role's status.
run 0 --db "$db" shelter list --format csv
n=$(($(printf '%s\n' "$out" | wc -l) - 1))
[ "$n" -ge 6 ] && [ "$n" -le 10 ] || fail "6 to 10 shelters, got $n"
run 0 --db "$db" order list --overdue --format csv
[ "$(printf '%s\n' "$out" | wc -l)" -gt 1 ] || fail "no order past its end with no outcome: $out"
run 0 --db "$db" victim stats --from 2015-01-01 --to 2021-06-30 --by outcome --format json
json_is "sum(r['count'] for r in j['rows']) > 100 and 'running' in [r['key'] for r in j['rows']]" "orders by outcome, some running"
if command -v sqlite3 >/dev/null 2>&1; then
	sq() { sqlite3 "$db" "$1"; }
	expect_eq "$(sq "SELECT count(*) FROM protection_orders o WHERE NOT EXISTS (SELECT 1 FROM case_persons cp
		WHERE cp.person_id = o.person_id AND cp.case_id = o.case_id AND cp.role = 'victim'
		AND cp.trafficking_status IN ('possible', 'actual'))")" 0 "orders only for possible or actual victims"
	expect_eq "$(sq "SELECT count(*) FROM victim_status_history h JOIN case_persons cp ON cp.id = h.role_id
		WHERE h.status <> cp.trafficking_status")" 0 "every decision is the role's status"
	[ "$(sq "SELECT count(*) FROM victim_status_history")" -le 400 ] || fail "more than 400 persons identified"
	[ "$(sq "SELECT count(*) FROM shelter_stays WHERE warnings <> ''")" -gt 0 ] || fail "no admission with a warning"
	[ "$(sq "SELECT count(*) FROM referrals WHERE org = 'Demo NGO' AND direction = 'in'")" -gt 0 ] ||
		fail "the partner of make run referred no one"
	# No name, identity or passport number, health result or employer in clear in the file.
	for person in $(sq "SELECT p.person_ref FROM person_identities i JOIN persons p ON p.id = i.person_id
		ORDER BY i.id LIMIT 3"); do
		run 0 --db "$db" victim identity show "$person" --format json
		for field in name id_number passport_number; do
			value=$(python3 -c "import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(v or '')" \
				"$T/out" "$field")
			[ -z "$value" ] && continue
			for f in "$db" "$db-wal"; do
				[ -f "$f" ] && grep -q -a "$value" "$f" && fail "$field '$value' in clear in $f"
			done
		done
	done
	for secret in "tuberculosis=" "isolation=" "Ladang Demo" "Indicators found at the screening"; do
		for f in "$db" "$db-wal"; do
			[ -f "$f" ] && grep -q -a "$secret" "$f" && fail "'$secret' in clear in $f"
		done
	done
fi

# A database with cases: refused without --force, nothing added.
run 0 --db "$db" case list --format csv
before=$(printf '%s\n' "$out" | wc -l)
run 1 --db "$db" demo
expect_contains "$err" "--force" "demo on a database with cases says how to go on"
expect_one_error_line "demo refused"
run 0 --db "$db" case list --format csv
expect_eq "$(printf '%s\n' "$out" | wc -l)" "$before" "the refused demo added nothing"

# Deterministic: the same seed gives the same bytes; another seed other data, same totals.
run 0 --db "$T/s1.db" demo --cases 200 --seed 42
run 0 --db "$T/s1.db" export "$T/s1"
run 0 --db "$T/s2.db" demo --cases 200 --seed 42
run 0 --db "$T/s2.db" export "$T/s2"
cmp -s "$T/s1/cases.csv" "$T/s2/cases.csv" && cmp -s "$T/s1/persons.csv" "$T/s2/persons.csv" \
	|| fail "the same seed gave different data"
run 0 --db "$T/s1.db" order list --format csv
printf '%s\n' "$out" >"$T/s1.orders"
run 0 --db "$T/s2.db" order list --format csv
[ "$(printf '%s\n' "$out" | wc -l)" -gt 1 ] && printf '%s\n' "$out" | cmp -s - "$T/s1.orders" \
	|| fail "the same seed gave other protection orders"
run 0 --db "$T/s3.db" demo --cases 200 --seed 43
run 0 --db "$T/s3.db" export "$T/s3"
cmp -s "$T/s1/persons.csv" "$T/s3/persons.csv" && fail "another seed gave the same data"
run 0 --db "$T/s1.db" stats --from 2015-01-01 --to 2021-06-30 --format json
cp "$T/out" "$T/s1.json"
run 0 --db "$T/s3.db" stats --from 2015-01-01 --to 2021-06-30 --format json
cmp -s "$T/out" "$T/s1.json" || fail "the totals depend on the seed"

# --cases scales the volume exactly.
n=$(($(wc -l <"$T/s1/cases.csv") - 1))
expect_eq "$n" "200" "--cases 200 gives 200 cases"

# --force adds to a database that has cases, keeping them.
run 0 --db "$T/s1.db" demo --cases 100 --force
run 0 --db "$T/s1.db" export "$T/s1b"
n=$(($(wc -l <"$T/s1b/cases.csv") - 1))
expect_eq "$n" "300" "--force added 100 cases to 200"

# On a terminal a long demo shows its progress (MAPO_PROGRESS_DELAY=0: from the start).
if command -v script >/dev/null 2>&1 && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	MAPO_PROGRESS_DELAY=0 script -qec "'$MAPO' --db '$T/tty.db' demo --cases 2000" /dev/null </dev/null \
		>"$T/tty.out" 2>&1 || fail "demo on a terminal: $(cat "$T/tty.out")"
	grep -q 'demo \[' "$T/tty.out" || fail "no progress bar on a terminal: $(cat "$T/tty.out")"
fi

finish
