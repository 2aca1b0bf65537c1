#!/bin/sh
# mapo audit verify|list: the trail of account changes made on the command line, its filters,
# and tampering with the database (edit, delete, reorder: raw SQL on a copy, on SQLite or
# PostgreSQL) named at the right entry.
. ./lib.sh

db=$T/mapo.db
# sql_on FILE SQL: raw SQL on a database as someone with access to it would run it; on PostgreSQL
# (tests/pg) the file names the test database (src/store/sql.c)
pg_name() { cut -d' ' -f2 "$1"; }
sql_on() {
	if [ -n "${MAPO_TEST_PG:-}" ]; then
		psql -Atq -v ON_ERROR_STOP=1 "$MAPO_TEST_PG/$(pg_name "$1")" -c "$2"
	else
		sqlite3 "$1" "$2"
	fi
}
# copy_db FROM TO: a copy of the whole database: the file, or on PostgreSQL the database that TO
# names (mapo names it when it first opens TO) made afresh from FROM's as a template
copy_db() {
	if [ -n "${MAPO_TEST_PG:-}" ]; then
		if [ ! -s "$2" ]; then
			: >"$2"
			"$MAPO" --db "$2" audit verify >/dev/null 2>&1
		fi
		copy=$(pg_name "$2")
		[ -n "$copy" ] || return 1
		psql -Atq -v ON_ERROR_STOP=1 "$MAPO_TEST_PG/postgres" -c "DROP DATABASE IF EXISTS $copy" \
			-c "CREATE DATABASE $copy TEMPLATE $(pg_name "$1")" >/dev/null || return 1
	else
		cp "$1" "$2"
	fi
}

run 0 --db "$db" init
run 0 --db "$db" audit verify
expect_eq "$out" "the audit trail is intact: 0 entries checked" "an empty trail"

# Five entries: three accounts, a disable, a token.
printf 'password one\n' | "$MAPO" --db "$db" user add amina --role admin >/dev/null 2>&1 || fail "add amina"
printf 'password two\n' | "$MAPO" --db "$db" user add badrul --role agency-officer --agency PDRM >/dev/null 2>&1 || fail "add badrul"
printf 'password three\n' | "$MAPO" --db "$db" user add siti --role secretariat >/dev/null 2>&1 || fail "add siti"
run 0 --db "$db" user disable badrul
run 0 --db "$db" token create siti --label cron

run 0 --db "$db" audit verify
expect_eq "$out" "the audit trail is intact: 5 entries checked" "verify"

# list: newest first by default, in three formats
run 0 --db "$db" audit list
expect_lines 7 "$out" "audit list: heading, rule, five entries"
first=$(printf '%s\n' "$out" | sed -n 3p)
expect_contains "$first" "token-create" "newest first"
expect_contains "$out" "(command line)" "entries made on the command line"
run 0 --db "$db" audit list --oldest-first --format csv
expect_eq "$(printf '%s\n' "$out" | head -n 1)" "id,at,user,address,action,object_type,object_id,detail" "csv header"
expect_contains "$(printf '%s\n' "$out" | sed -n 2p)" "1," "oldest first"
expect_contains "$(printf '%s\n' "$out" | sed -n 2p)" ",user-create,user,amina,role=admin" "first entry"
run 0 --db "$db" audit list --format json --limit 1
expect_contains "$out" '"action": "token-create"' "json"
expect_contains "$out" '"hash": "' "json carries the hash"

# filters
run 0 --db "$db" audit list --action user-create --format csv
expect_lines 4 "$out" "three user-create entries and the header"
run 0 --db "$db" audit list --object badrul --format csv
expect_lines 3 "$out" "two entries about badrul and the header"
run 0 --db "$db" audit list --object-type case --format csv
expect_lines 1 "$out" "no case entries"
run 0 --db "$db" audit list --limit 2 --offset 1 --oldest-first --format csv
expect_eq "$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f1)" "2" "paging: first row"
expect_lines 3 "$out" "paging: two rows"
today=$(date -u +%Y-%m-%d)
run 0 --db "$db" audit list --from "$today" --to "$today" --format csv
expect_lines 6 "$out" "today's entries"
run 0 --db "$db" audit list --to 2000-01-01 --format csv
expect_lines 1 "$out" "no entries before 2000"
run 2 --db "$db" audit list --from 2021-02-30
expect_usage_error "bad date"
run 2 --db "$db" audit list --from 2021-03-01 --to 2021-02-01
expect_usage_error "from after to"
run 2 --db "$db" audit list --limit 0
expect_usage_error "bad limit"
run 2 --db "$db" audit frobnicate
expect_usage_error "unknown audit command"

# Tampering, each on a fresh copy of the database.
tamper() {
	copy_db "$db" "$T/t.db" || fail "copy the database for '$1'"
	sql_on "$T/t.db" "$1" || fail "tamper: '$1'"
	"$MAPO" --db "$T/t.db" audit verify >"$T/out" 2>"$T/err"
	got=$?
	err=$(cat "$T/err")
	[ "$got" = 1 ] || fail "verify after '$1': exit status $got, wanted 1"
	expect_contains "$err" "$2" "verify after '$1'"
	expect_one_error_line "verify after '$1'"
}
tamper "UPDATE audit_log SET detail = 'enabled' WHERE id = 4" "audit entry 4 was edited"
tamper "UPDATE audit_log SET username = 'amina' WHERE id = 2" "audit entry 2 was edited"
tamper "DELETE FROM audit_log WHERE id = 3" "audit entry 3 was removed"
tamper "DELETE FROM audit_log WHERE id = 1" "audit entry 1 was removed"
tamper "UPDATE audit_log SET id = 99 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 4;
	UPDATE audit_log SET id = 4 WHERE id = 99" "audit entry 2 is out of order"
tamper "DELETE FROM audit_log WHERE id = 2; UPDATE audit_log SET id = id - 1 WHERE id > 2" \
	"audit entry 2 is out of order"

# The original is untouched, and new entries keep the chain.
run 0 --db "$db" user enable badrul
run 0 --db "$db" audit verify
expect_eq "$out" "the audit trail is intact: 6 entries checked" "verify after more entries"

run 0 help audit
expect_contains "$out" "usage: mapo audit verify" "help audit"

finish
