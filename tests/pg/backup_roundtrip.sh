#!/bin/sh
# backup_roundtrip.sh MAPO (run with cwd tests/cli): a SQLite demo database with a sealed
# identity, backed up, restored into a new PostgreSQL database, backed up from there and restored
# into a new SQLite file. The three backups' table sections are the same bytes, the exports are
# the same, the audit trail verifies on each, the identity opens with the original key after
# the trip through bytea, PostgreSQL gives a new case a fresh id (its sequences were moved past
# the restored ids), and a non-empty PostgreSQL database is refused. Needs the server of
# MAPO_TEST_PG_BASE (scripts/pg-test.sh) and psql; skipped (77) without them.
if [ -z "${MAPO_TEST_PG_BASE:-}" ]; then
	echo "MAPO_TEST_PG_BASE is not set: no PostgreSQL server to test against (make check starts one)"
	exit 77
fi
psql=
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/psql" ] && psql=$d/psql
done
[ -n "$psql" ] || psql=$(command -v psql) || { echo "no psql"; exit 77; }
unset MAPO_TEST_PG
. ./lib.sh

base=$MAPO_TEST_PG_BASE
name=mapo_backup_$$
url=$base/$name
pq() { "$psql" -qtA -v ON_ERROR_STOP=1 "$1" -c "$2"; }
trap 'pq "$base/postgres" "DROP DATABASE IF EXISTS $name" >/dev/null 2>&1; rm -rf "$T"' EXIT
# as docs/deploy.md creates it: UTF-8, byte-order collation
pq "$base/postgres" "CREATE DATABASE $name TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" ||
	{ echo "cannot create the database $name"; exit 1; }

a=$T/a.db
c=$T/c.db
sq() { sqlite3 "$1" "$2"; }
sections() { sed '1d;$d' "$1"; }

run 0 --db "$a" demo --cases 300
run 0 --db "$a" init
victim=$(sq "$a" "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id
	WHERE cp.role = 'victim' ORDER BY p.person_ref LIMIT 1")
run 0 --db "$a" victim identity set "$victim" --name "Lim Sandaran Sintetik" --id-number 850505-05-5555
run 0 --db "$a" backup "$T/a.bk"

# SQLite -> PostgreSQL
run 0 --db "$url" restore "$T/a.bk"
expect_contains "$out" "restored" "restore into PostgreSQL"
run 0 --db "$url" backup "$T/p.bk"
sections "$T/a.bk" >"$T/a.tables"
sections "$T/p.bk" >"$T/p.tables"
cmp -s "$T/a.tables" "$T/p.tables" || fail "the PostgreSQL backup's tables differ from the SQLite one's"
run 0 --db "$url" audit verify
expect_contains "$out" "intact" "audit trail on PostgreSQL"
run 0 --db "$url" migrate
expect_contains "$out" "is up to date" "migrate on PostgreSQL"

# PostgreSQL -> SQLite
run 0 --db "$c" restore "$T/p.bk"
run 0 --db "$c" backup "$T/c.bk"
sections "$T/c.bk" >"$T/c.tables"
cmp -s "$T/a.tables" "$T/c.tables" || fail "the tables differ after SQLite -> PostgreSQL -> SQLite"
run 0 --db "$c" audit verify
expect_contains "$out" "intact" "audit trail after the round trip"
run 0 --db "$c" victim identity show "$victim" --key-file "$a.key"
expect_contains "$out" "Lim Sandaran Sintetik" "identity after the round trip"

# the exports of all three agree
run 0 --db "$a" export "$T/ea"
run 0 --db "$url" export "$T/ep"
run 0 --db "$c" export "$T/ec"
for f in cases.csv persons.csv; do
	cmp -s "$T/ea/$f" "$T/ep/$f" || fail "$f: PostgreSQL's export differs from SQLite's"
	cmp -s "$T/ea/$f" "$T/ec/$f" || fail "$f: the export differs after the round trip"
done

# fresh ids on PostgreSQL, and no restore over its data
max=$(pq "$url" "SELECT max(id) FROM cases")
run 0 --db "$url" case add --kind SOM --agency JIM --action-date 2021-06-30 --state MY-01
expect_eq "$(pq "$url" "SELECT id > $max FROM cases WHERE ref = '$out'")" "t" "a new case's id after restore"
run 0 --db "$url" audit verify
expect_contains "$out" "intact" "audit trail after new entries on PostgreSQL"
run 1 --db "$url" restore "$T/a.bk"
expect_contains "$err" "is not empty" "restore into a PostgreSQL database with data"
expect_eq "$(pq "$url" "SELECT count(*) FROM cases")" "301" "the refused restore changed nothing"

finish
