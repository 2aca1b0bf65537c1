#!/bin/sh
# mapo init: creates the database and loads the reference data; idempotent; --data; errors.
. ./lib.sh

db=$T/mapo.db

# Commands other than init refuse a database that does not exist, and do not create it.
run 1 --db "$db" case list
expect_eq "$err" "mapo: no database at '$db'; create it with 'mapo init'" "case list before init"
[ -e "$db" ] && fail "case list created the database"

run 0 --db "$db" init
expect_eq "$out" "$db: ready (7 agencies, 16 states, 249 countries, 22 offence sections, 8 forms)" "init output"
[ -f "$db" ] || fail "init did not create $db"
run 0 --db "$db" case list --format csv
expect_eq "$out" "case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary" \
	"an initialised database has no cases"

# Again: nothing changes, nothing fails, and cases survive.
run 0 --db "$db" case add --kind SOM --agency JIM --action-date 2021-03-01 --state MY-01 --offence 26A
ref=$out
run 0 --db "$db" init
expect_contains "$out" "ready (7 agencies" "second init"
run 0 --db "$db" case show "$ref"
expect_contains "$out" "$ref" "the case survives a second init"

# $MAPO_DB is the default database, --db wins over it.
MAPO_DB=$db run 0 case show "$ref"
MAPO_DB=$T/other.db run 0 --db "$db" case show "$ref"
[ -e "$T/other.db" ] && fail "--db did not win over MAPO_DB"
# Else ./mapo.db.
(cd "$T" && "$MAPO" init >/dev/null 2>&1) || fail "init in a directory without --db"
[ -f "$T/mapo.db" ] || fail "the default database is ./mapo.db"

# --data DIR loads another council's files: here one agency more, one section less.
data=$T/data
mkdir "$data"
cp "$MAPO_DATADIR"/agencies.csv "$MAPO_DATADIR"/states.csv "$MAPO_DATADIR"/countries.csv \
	"$MAPO_DATADIR"/offences.csv "$MAPO_DATADIR"/forms.csv "$data"/
printf 'XYZ,Agensi Contoh,Example Agency,enforcement\n' >>"$data/agencies.csv"
db2=$T/other2.db
run 0 --db "$db2" init --data "$data"
expect_contains "$out" "(8 agencies," "init --data with an extra agency"
run 0 --db "$db2" case add --kind SOM --agency XYZ --action-date 2021-03-01 --state MY-01 --offence 26A
expect_eq "$out" "XYZ/2021/000001" "a case of the new agency"

# Bad reference data: every problem as FILE:LINE: COLUMN: reason, nothing loaded, exit 1.
printf 'code,name_ms,name_en,role\nPDRM,Polis,Police,enforcement\nPDRM,Polis,Police,enforcement\nABC,,Abc,enforcement\n' \
	>"$data/agencies.csv"
run 1 --db "$T/bad.db" init --data "$data"
expect_contains "$err" "agencies.csv:3:" "duplicate agency code reported with its line"
expect_contains "$err" "agencies.csv:4:" "missing name reported with its line"
last=$(printf '%s\n' "$err" | tail -n 1)
expect_contains "$last" "mapo: " "the last line is the verdict"
run 1 --db "$T/bad.db" init --data "$T/nowhere"
expect_one_error_line "init --data of a missing directory"

# A file that is not a database.
printf 'not a database at all, just text\n' >"$T/text.db"
run 1 --db "$T/text.db" case list
expect_one_error_line "a file that is not a database"
expect_lacks "$err" "SQL" "no SQL in messages"

finish
