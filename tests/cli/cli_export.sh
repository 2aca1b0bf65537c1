#!/bin/sh
# mapo export: export, import into an empty database, export again: the same bytes. The lists'
# CSV is the export's format.
. ./lib.sh

db=$T/a.db
# A small demo gives every kind of value (both kinds, linked cases, all roles, missing dates).
run 0 --db "$db" demo --cases 300 --seed 7
# And a case with text that needs quoting.
run 0 --db "$db" case add --kind SOM --agency JIM --action-date 2021-06-01 --state MY-14 --offence "26B;26A" \
	--summary 'Dua baris,
dengan "petikan" dan koma, é ü 中文'
ref=$out

run 0 --db "$db" export --format csv "$T/one"
expect_contains "$out" "exported" "export says what it wrote"
[ -f "$T/one/cases.csv" ] && [ -f "$T/one/persons.csv" ] || fail "export did not write both files"
ncases=$(($(grep -c '^[A-Z]*/[0-9]*/[0-9]*,' "$T/one/cases.csv")))
[ "$ncases" -ge 300 ] || fail "export wrote $ncases cases, wanted at least 300"
expect_eq "$(head -n 1 "$T/one/cases.csv")" \
	"case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary" "cases.csv header"
expect_eq "$(head -n 1 "$T/one/persons.csv")" \
	"case_ref,person_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,trafficking_status,rescue_date" \
	"persons.csv header"
grep -q '26A;26B' "$T/one/cases.csv" || fail "offences are written in the Act's order"

# The round trip.
run 0 --db "$T/b.db" init
run 0 --db "$T/b.db" import "$T/one/cases.csv" "$T/one/persons.csv"
run 0 --db "$T/b.db" export "$T/two"
cmp "$T/one/cases.csv" "$T/two/cases.csv" || fail "cases.csv differs after the round trip"
cmp "$T/one/persons.csv" "$T/two/persons.csv" || fail "persons.csv differs after the round trip"
run 0 --db "$T/b.db" case show "$ref" --format json
expect_contains "$out" 'Dua baris,\ndengan \"petikan\" dan koma, é ü 中文' "the summary survives the round trip"

# case list and person list in CSV are the same rows as the export.
run 0 --db "$db" case list --format csv
cmp "$T/out" "$T/one/cases.csv" || fail "case list --format csv differs from cases.csv"
run 0 --db "$db" person list --format csv
cmp "$T/out" "$T/one/persons.csv" || fail "person list --format csv differs from persons.csv"

# Export into a directory that does not exist yet creates it; into a file is an error.
run 0 --db "$db" export "$T/new"
[ -f "$T/new/cases.csv" ] || fail "export did not create its directory"
: >"$T/plain"
run 1 --db "$db" export "$T/plain"
expect_one_error_line "export into a file"
# An empty database exports the header rows only.
run 0 --db "$T/c.db" init
run 0 --db "$T/c.db" export "$T/empty"
expect_eq "$(wc -l <"$T/empty/cases.csv")" "1" "an empty cases.csv has its header"
expect_eq "$(wc -l <"$T/empty/persons.csv")" "1" "an empty persons.csv has its header"

finish
