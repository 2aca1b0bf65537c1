#!/bin/bash
# bench/pg.sh: `mapo statement` and `mapo stats` on SQLite beside the same on PostgreSQL, on the
# same demo register (1,000,000 cases by default), in the same run. Not part of `make check`;
# docs/bench.md describes it and keeps the latest figures.
#
# - SQLite: DATA/demo-N.db, made once by `mapo demo --cases N` (as bench/statement.sh does) and
#   reused while it holds N cases.
# - PostgreSQL: a throwaway cluster of its own (initdb in a temporary folder, a free loopback
#   port, stopped and removed at the end), `mapo init` on it, then the case tables copied from the
#   SQLite file (sqlite3 -csv into COPY, every column both schemas have, ids included), then
#   VACUUM ANALYZE (as autovacuum would have done on a live database). Both databases then hold
#   the same rows.
# - Each measure runs once untimed on each (the warm-up) and the two outputs must be the same
#   bytes (the statement's sentence; stats as JSON); then RUNS timed runs each, alternating, each
#   run a new process, every output the same as the first. Medians, the ratio PostgreSQL / SQLite.
#
# Options: --cases N (default 1000000), --runs N (default 5), --build DIR (default build-release),
# --data DIR (default ../bench-data beside the clone, or $MAPO_BENCH_DATA), --no-build,
# --keep-pg DIR (keep the loaded cluster in DIR and reuse it on the next run with the same DIR).
# Needs sqlite3, psql and PostgreSQL's server binaries (Debian: postgresql), GNU time.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cases=1000000
runs=5
build=build-release
data=${MAPO_BENCH_DATA:-$(dirname "$here")/bench-data}
no_build=0
keep_pg=
while [ $# -gt 0 ]; do
	case $1 in
	--cases) cases=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--data) data=$2; shift 2 ;;
	--no-build) no_build=1; shift ;;
	--keep-pg) keep_pg=$2; shift 2 ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench/pg.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
done
die() { echo "bench/pg.sh: $*" >&2; exit 1; }

for tool in sqlite3 psql python3; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is not installed"
pgbin=
for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && pgbin=$d; done
[ -n "$pgbin" ] || die "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb)"

case $build in /*) bdir=$build ;; *) bdir=$here/$build ;; esac
if [ "$no_build" = 0 ]; then
	if [ ! -f "$bdir/build.ninja" ]; then
		echo "setting up a release build in $bdir..." >&2
		meson setup "$bdir" "$here" --buildtype=release -Db_sanitize=none -Dc_args=-Wno-error >/dev/null
	fi
	nice ninja -C "$bdir" -j2 src/cli/mapo >/dev/null || die "the build failed"
fi
mapo=$bdir/src/cli/mapo
[ -x "$mapo" ] || die "$mapo: not built"
export MAPO_DATADIR=${MAPO_DATADIR:-$here/data}
export MAPO_LOCALEDIR=${MAPO_LOCALEDIR:-$bdir/locale}
unset MAPO_DEBUG_SQL MAPO_DB MAPO_TEST_PG

work=$(mktemp -d)
chmod 755 "$work" # the postgres user runs the cluster inside it
pgdir=${keep_pg:-$work/pg}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
	if [ -z "$keep_pg" ] && [ -f "$pgdir/data/postmaster.pid" ]; then
		as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$work"
}
trap cleanup EXIT
# the demo and init make the protection key beside a database file; a URL has no "beside"
export MAPO_KEY_FILE=${MAPO_KEY_FILE:-$work/mapo.key}

# ---- SQLite: the demo file, generated once -------------------------------------------------------
mkdir -p "$data"
db=$data/demo-$cases.db
if [ -f "$db" ]; then
	n=$(sqlite3 "$db" 'SELECT count(*) FROM cases') || die "$db: cannot read it"
	[ "$n" = "$cases" ] || die "$db holds $n cases, not $cases: remove it to generate it again"
	echo "reusing $db ($n cases)" >&2
else
	echo "generating $cases demo cases into $db (nice)..." >&2
	nice -n 10 "$mapo" --db "$db.partial" demo --cases "$cases" >"$data/gen-$cases.log" 2>&1 ||
		{ tail -n 20 "$data/gen-$cases.log" >&2; die "the demo generation failed"; }
	mv "$db.partial" "$db"
	rm -f "$db.partial-shm" "$db.partial-wal"
fi
# mapo migrates an older file when it opens it: do it now, before anything is timed
"$mapo" --db "$db" case list --limit 1 >/dev/null

# ---- PostgreSQL: a cluster of our own, loaded with the same rows -----------------------------------
user=$(id -un)
[ "$(id -u)" -eq 0 ] && user=postgres
if [ -f "$pgdir/data/PG_VERSION" ]; then
	echo "reusing the cluster in $pgdir" >&2
	port=$(cat "$pgdir/port")
	[ -f "$pgdir/data/postmaster.pid" ] || as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 120 start >/dev/null
else
	mkdir -p "$pgdir"
	[ "$(id -u)" -eq 0 ] && chown postgres "$pgdir"
	as_pg "$pgbin/initdb" -D "$pgdir/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >"$pgdir/initdb.log" 2>&1 ||
		die "initdb failed: $(tail -n 3 "$pgdir/initdb.log")"
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	echo "$port" >"$pgdir/port"
	# Server settings: the defaults but for memory a small dedicated server would have. fsync
	# off only speeds the load; the timed queries only read.
	cat >>"$pgdir/data/postgresql.conf" <<-EOF
		listen_addresses = '127.0.0.1'
		port = $port
		unix_socket_directories = '$pgdir'
		shared_buffers = 512MB
		work_mem = 64MB
		maintenance_work_mem = 256MB
		effective_cache_size = 2GB
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		max_wal_size = 4GB
	EOF
	as_pg "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 120 start >/dev/null ||
		die "the PostgreSQL server did not start: $(tail -n 5 "$pgdir/server.log")"
fi
base="postgresql://$user@127.0.0.1:$port"
url="$base/mapo"
if [ "$(psql -X -At "$base/postgres" -c "SELECT count(*) FROM pg_database WHERE datname = 'mapo'")" = 0 ] ||
	[ "$(psql -X -At "$url" -c 'SELECT count(*) FROM cases' 2>/dev/null || echo x)" != "$cases" ]; then
	psql -X -q "$base/postgres" -c 'DROP DATABASE IF EXISTS mapo' -c \
		"CREATE DATABASE mapo TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
	"$mapo" --db "$url" init >/dev/null
	echo "copying the case tables from $db into PostgreSQL..." >&2
	t0=$EPOCHREALTIME
	for table in cases case_offences case_forms case_status_history persons case_persons; do
		pgcols=$(psql -X -At "$url" -c "SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = '$table' ORDER BY ordinal_position")
		cols=$(sqlite3 "$db" "SELECT name FROM pragma_table_info('$table')" | grep -Fxf <(echo "$pgcols") | paste -sd, -)
		[ -n "$cols" ] || die "$table: no columns in common"
		# sqlite3 -csv writes NULL as nothing and '' as "": COPY's CSV reads them back the same
		sqlite3 -csv "$db" "SELECT $cols FROM $table ORDER BY rowid" |
			psql -X -q -v ON_ERROR_STOP=1 "$url" -c "COPY $table ($cols) FROM STDIN WITH (FORMAT csv)" ||
			die "$table: the copy failed"
		case " $(echo "$pgcols" | tr '\n' ' ')" in
		*" id "*) psql -X -q "$url" -c "SELECT setval(pg_get_serial_sequence('$table', 'id'),
			(SELECT COALESCE(max(id), 0) + 1 FROM $table), false)" >/dev/null ;;
		esac
	done
	psql -X -q "$url" -c 'VACUUM ANALYZE'
	echo "copied and vacuumed in $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.0f", b - a}') s" >&2
fi
for table in cases case_persons persons; do
	a=$(sqlite3 "$db" "SELECT count(*) FROM $table")
	b=$(psql -X -At "$url" -c "SELECT count(*) FROM $table")
	[ "$a" = "$b" ] || die "$table: $a rows in SQLite, $b in PostgreSQL"
done

# ---- the measures ---------------------------------------------------------------------------
measures="statement-h1|statement --as-of 2021-06-30 --lang en
statement-all|statement --as-of 2021-06-30 --from 2015-01-01 --lang en
stats-h1|stats --from 2021-01-01 --to 2021-06-30 --by agency --by month --format json
stats-all|stats --from 2015-01-01 --to 2021-06-30 --by agency --by month --format json"

# run OUT DB ARGS...: sets secs (wall, from bash's clock) and rss (KiB).
run() {
	local out=$1 where=$2 t0 t1
	shift 2
	t0=$EPOCHREALTIME
	/usr/bin/time -f %M -o "$work/rss" "$mapo" --db "$where" "$@" >"$out" 2>"$work/err" ||
		{ cat "$work/err" >&2; die "failed: mapo --db $where $*"; }
	t1=$EPOCHREALTIME
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", b - a}')
	rss=$(tail -n 1 "$work/rss")
}
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
echo "database: $cases cases; SQLite $db ($(du -h "$db" | cut -f1)); PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}')" \
	"($(psql -X -At "$url" -c "SELECT pg_size_pretty(pg_database_size('mapo'))"), shared_buffers 512MB, on 127.0.0.1)"
echo "mapo: $mapo (tree $(git -C "$here" describe --always --dirty 2>/dev/null || echo unknown))"
echo "machine: $(nproc) cores, load $load_before at the start; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "$runs timed runs each after a warm-up run each, alternating; medians of wall-clock time (process start to exit)"
echo

results=() raw=()
while IFS='|' read -r name args; do
	echo "$name: mapo $args" >&2
	# shellcheck disable=SC2086 # args is a word list
	run "$work/$name.lite" "$db" $args
	# shellcheck disable=SC2086
	run "$work/$name.pg" "$url" $args
	cmp -s "$work/$name.lite" "$work/$name.pg" ||
		{ diff "$work/$name.lite" "$work/$name.pg" | head -n 10 >&2; die "$name: MISMATCH: SQLite and PostgreSQL answer differently"; }
	: >"$work/l.t"; : >"$work/p.t"; : >"$work/l.r"; : >"$work/p.r"
	for i in $(seq 1 "$runs"); do
		for side in $([ $((i % 2)) -eq 1 ] && echo "l p" || echo "p l"); do
			if [ "$side" = l ]; then where=$db; else where=$url; fi
			# shellcheck disable=SC2086
			run "$work/out" "$where" $args
			cmp -s "$work/out" "$work/$name.lite" || die "$name: the output changed between runs"
			echo "$secs" >>"$work/$side.t"
			echo "$rss" >>"$work/$side.r"
		done
	done
	lt=$(median <"$work/l.t") pt=$(median <"$work/p.t")
	lr=$(sort -g "$work/l.r" | tail -n 1) pr=$(sort -g "$work/p.r" | tail -n 1)
	results+=("$name $lt $pt $lr $pr")
	raw+=("$name: SQLite$(awk '{printf " %.3f", $1}' "$work/l.t"); PostgreSQL$(awk '{printf " %.3f", $1}' "$work/p.t")")
done <<<"$measures"

printf '%-48s %10s %10s %7s %10s %10s\n' measure "SQLite s" "PG s" "PG/SQL" "SQLite RSS" "mapo RSS PG"
for r in "${results[@]}"; do
	# shellcheck disable=SC2086
	set -- $r
	case $1 in
	statement-h1) label="statement --as-of 2021-06-30" ;;
	statement-all) label="statement --as-of 2021-06-30 --from 2015-01-01" ;;
	stats-h1) label="stats 2021-01-01..2021-06-30 by agency, month" ;;
	stats-all) label="stats 2015-01-01..2021-06-30 by agency, month" ;;
	esac
	awk -v l="$label" -v a="$2" -v b="$3" -v ar="$4" -v br="$5" 'BEGIN {
		printf "%-48s %10.3f %10.3f %7.2f %7.1f MB %8.1f MB\n", l, a, b, b / a, ar / 1024, br / 1024 }'
done
echo "figures checked: SQLite and PostgreSQL print the same bytes for every measure"
echo "every run, in order (s):"
printf '  %s\n' "${raw[@]}"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
