#!/bin/bash
# bench/statement.sh [--cases N] [--runs N] [--build DIR] [--data DIR] [--only LIST] [--explain] [--no-build]:
# `mapo statement` and `mapo stats --by agency --by month` on a large demo database, beside the
# same aggregates as SQL through the sqlite3 shell on the same file, in the same run.
# Not part of `make check`; see docs/bench.md.
#
# - Builds mapo in a release build dir of its own (default build-release: --buildtype=release,
#   no sanitizers), from the tree as it is.
# - Generates a demo database of N cases (default 10,000,000) into the data dir (default
#   ../bench-data beside the clone, or $MAPO_BENCH_DATA) once, under `nice`, and reuses it when a
#   file of that name holds exactly N cases. 10M cases: about 20-40 minutes, 19 GB (38 GB free
#   space while generating: the single transaction's WAL is as large as the database).
# - Times each command --runs times (default 7, 3 when one run takes over 20 s; mapo and sqlite3
#   alternate, after one untimed warm-up run each, so the page cache is warm) and prints the
#   medians, their ratio (mapo / sqlite3) and the peak RSS of each process (/usr/bin/time -v).
# - --only takes measures by name, separated by commas (statement-h1, statement-all, stats-h1,
#   stats-all; default all four): at 10,000,000 cases stats-all takes about six minutes a run.
# - Checks that sqlite3's numbers equal mapo's, and every timed run's output the warm-up's: exit 1
#   if not. Warns if the SQL mapo runs (MAPO_DEBUG_SQL) is no longer the SQL copied below.
# - The first bar (issue 2): the statement for January-June 2021 over 10,000,000 cases in under one
#   second and no slower than sqlite3. When it is missed (or with --explain), prints the query plan
#   and the time of each of the statement's six sub-queries.
set -eu
export LC_ALL=C MAPO_LANG=en

cases=10000000
runs=7
build="build-release"
explain=0
build_it=1
only=statement-h1,statement-all,stats-h1,stats-all
here=$(cd "$(dirname "$0")/.." && pwd)
data=${MAPO_BENCH_DATA:-$(dirname "$here")/bench-data}

usage() {
	echo "usage: bench/statement.sh [--cases N] [--runs N] [--build DIR] [--data DIR] [--only LIST] [--explain] [--no-build]" >&2
	exit 2
}
die() {
	echo "bench/statement.sh: $*" >&2
	exit 1
}
while [ $# -gt 0 ]; do
	case $1 in
	--cases) [ $# -ge 2 ] || usage; cases=$2; shift 2 ;;
	--runs) [ $# -ge 2 ] || usage; runs=$2; shift 2 ;;
	--build) [ $# -ge 2 ] || usage; build=$2; shift 2 ;;
	--data) [ $# -ge 2 ] || usage; data=$2; shift 2 ;;
	--only) [ $# -ge 2 ] || usage; only=$2; shift 2 ;;
	--explain) explain=1; shift ;;
	--no-build) build_it=0; shift ;;
	-h | --help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 0 ;;
	*) usage ;;
	esac
done
case $cases in '' | *[!0-9]*) usage ;; esac
case $runs in '' | *[!0-9]*) usage ;; esac
if [ "$cases" -lt 1 ] || [ "$cases" -gt 10000000 ]; then die "--cases must be 1 to 10000000"; fi
[ "$runs" -ge 1 ] || die "--runs must be at least 1"
for m in ${only//,/ }; do
	case $m in statement-h1 | statement-all | stats-h1 | stats-all) ;; *) die "--only: no measure '$m'" ;; esac
done

# ---- tools ------------------------------------------------------------------------------------
need=""
command -v sqlite3 >/dev/null 2>&1 || need="$need sqlite3"
[ -x /usr/bin/time ] || need="$need time"
command -v python3 >/dev/null 2>&1 || need="$need python3"
if [ -n "$need" ]; then
	[ "$(id -u)" -eq 0 ] || die "install$need first"
	# shellcheck disable=SC2086 # a word list
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi

# ---- a release build of the tree as it is -------------------------------------------------------
case $build in /*) bdir=$build ;; *) bdir=$here/$build ;; esac
if [ ! -f "$bdir/build.ninja" ]; then
	echo "setting up a release build in $bdir..." >&2
	# Warnings are errors in the test builds; at -O3 GCC finds a few more (maybe-uninitialized,
	# string-compare) that should not stop a measurement, so here they stay warnings.
	meson setup "$bdir" "$here" --buildtype=release -Db_sanitize=none -Dc_args=-Wno-error >/dev/null
fi
meson introspect --buildoptions "$bdir" | python3 -c '
import json, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
if o["buildtype"] != "release" or o["b_sanitize"] != "none":
    sys.exit("%s: buildtype %s, b_sanitize %s: need release and none" % (sys.argv[1], o["buildtype"], o["b_sanitize"]))
' "$bdir"
mapo=$bdir/src/cli/mapo
if [ "$build_it" = 1 ]; then
	echo "building mapo in $bdir..." >&2
	nice ninja -C "$bdir" -j2 src/cli/mapo >"$bdir/bench-build.log" 2>&1 || {
		grep -E -A5 'FAILED|error' "$bdir/bench-build.log" | head -n 30 >&2
		die "the build failed (log: $bdir/bench-build.log); --no-build measures the mapo already built"
	}
else
	[ -x "$mapo" ] || die "$mapo: not built"
	echo "not building: $mapo as built $(date -u -r "$mapo" '+%Y-%m-%d %H:%M UTC')" >&2
fi
export MAPO_DATADIR=${MAPO_DATADIR:-$here/data}
export MAPO_LOCALEDIR=${MAPO_LOCALEDIR:-$bdir/locale}
unset MAPO_DEBUG_SQL MAPO_DB

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# ---- the database: generated once, then reused --------------------------------------------------
mkdir -p "$data"
db=$data/demo-$cases.db
if [ -f "$db" ]; then
	n=$(sqlite3 "$db" 'SELECT count(*) FROM cases') || die "$db: cannot read it"
	[ "$n" = "$cases" ] || die "$db holds $n cases, not $cases: remove it to generate it again"
	echo "reusing $db ($n cases)" >&2
else
	[ ! -e "$db.partial-wal" ] || die "$db.partial-wal exists: is a generation running? remove $db.partial* if not"
	avail=$(df -Pk "$data" | awk 'NR == 2 {print $4}')
	want=$((cases * 4)) # KiB: the database (~1.9 KB a case) and, until it commits, its WAL
	[ "$avail" -ge "$want" ] || die "$data: $((avail / 1024)) MiB free, generating $cases cases needs about $((want / 1024)) MiB"
	rm -f "$db.partial" "$db.partial-shm"
	echo "generating $cases demo cases into $db (nice; log in $data/gen-$cases.log)..." >&2
	if ! nice -n 10 /usr/bin/time -v "$mapo" --db "$db.partial" demo --cases "$cases" >"$data/gen-$cases.log" 2>&1; then
		tail -n 30 "$data/gen-$cases.log" >&2
		die "the demo generation failed"
	fi
	[ ! -e "$db.partial-wal" ] || die "$db.partial-wal left behind: the generation did not close cleanly"
	mv "$db.partial" "$db"
	rm -f "$db.partial-shm"
	sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): /generated in /p' "$data/gen-$cases.log" >&2
fi

# ---- the SQL, as the store writes it (src/store: sql_tally_totals, tally_sql; docs/internals/store.md) --
# ?1 and ?2 are the period's first and last days; sqlite3 gets them as literals.

# Without dimensions: `mapo statement`, and the totals of `mapo stats`.
sql_totals="SELECT
 (SELECT count(*) FROM cases WHERE kind = 'TIP' AND action_date BETWEEN ?1 AND ?2),
 (SELECT count(*) FROM case_persons WHERE role = 'suspect' AND case_kind = 'TIP'
   AND case_action_date BETWEEN ?1 AND ?2 AND arrest_date BETWEEN ?1 AND ?2),
 (SELECT count(*) FROM case_forms WHERE form = 'forced-labour' AND case_kind = 'TIP'
   AND case_action_date BETWEEN ?1 AND ?2),
 (SELECT count(*) FROM cases WHERE kind = 'SOM' AND action_date BETWEEN ?1 AND ?2),
 (SELECT count(*) FROM case_persons WHERE role = 'suspect' AND case_kind = 'SOM'
   AND case_action_date BETWEEN ?1 AND ?2 AND arrest_date BETWEEN ?1 AND ?2),
 (SELECT count(*) FROM case_persons WHERE role = 'victim'
   AND case_action_date BETWEEN ?1 AND ?2 AND rescue_date BETWEEN ?1 AND ?2)"

# `mapo stats --by agency --by month`: the arms (cases, forced labour, arrests, rescues) summed
# by key. mapo runs the totals above first, then this.
sql_by_agency_month="SELECT k0, k1, COALESCE(SUM(tc), 0), COALESCE(SUM(ta), 0), COALESCE(SUM(fl), 0),
 COALESCE(SUM(sc), 0), COALESCE(SUM(sa), 0), COALESCE(SUM(vr), 0) FROM (
 SELECT k0, k1, CASE WHEN kind = 'TIP' THEN 1 ELSE 0 END AS tc, 0 AS ta, 0 AS fl,
  CASE WHEN kind = 'SOM' THEN 1 ELSE 0 END AS sc, 0 AS sa, 0 AS vr
 FROM (SELECT c.agency AS k0, substr(c.action_date, 1, 7) AS k1, c.id AS id, c.kind AS kind
  FROM cases c WHERE c.action_date BETWEEN ?1 AND ?2) arm
 UNION ALL
 SELECT k0, k1, 0 AS tc, 0 AS ta, 1 AS fl, 0 AS sc, 0 AS sa, 0 AS vr
 FROM (SELECT c.agency AS k0, substr(fx.case_action_date, 1, 7) AS k1, fx.case_id AS id,
  fx.case_kind AS kind FROM case_forms fx JOIN cases c ON c.id = fx.case_id
  WHERE fx.form = 'forced-labour' AND fx.case_kind = 'TIP' AND fx.case_action_date BETWEEN ?1 AND ?2) arm
 UNION ALL
 SELECT k0, k1, 0 AS tc, CASE WHEN kind = 'TIP' THEN 1 ELSE 0 END AS ta, 0 AS fl, 0 AS sc,
  CASE WHEN kind = 'SOM' THEN 1 ELSE 0 END AS sa, 0 AS vr
 FROM (SELECT c.agency AS k0, substr(cp.case_action_date, 1, 7) AS k1, cp.case_id AS id,
  cp.case_kind AS kind FROM case_persons cp JOIN cases c ON c.id = cp.case_id
  WHERE cp.role = 'suspect' AND cp.case_kind IN ('TIP', 'SOM') AND cp.case_action_date BETWEEN ?1 AND ?2
  AND cp.arrest_date BETWEEN ?1 AND ?2) arm
 UNION ALL
 SELECT k0, k1, 0 AS tc, 0 AS ta, 0 AS fl, 0 AS sc, 0 AS sa, 1 AS vr
 FROM (SELECT c.agency AS k0, substr(cp.case_action_date, 1, 7) AS k1, cp.case_id AS id,
  cp.case_kind AS kind FROM case_persons cp JOIN cases c ON c.id = cp.case_id
  WHERE cp.role = 'victim' AND cp.case_action_date BETWEEN ?1 AND ?2 AND cp.rescue_date BETWEEN ?1 AND ?2) arm
) t GROUP BY k0, k1 ORDER BY k0, k1"

# SQL with the period in place of ?1 and ?2, on one line.
bind() { # SQL FROM TO
	local s=${1//\?1/\'$2\'}
	s=${s//\?2/\'$3\'}
	printf '%s' "$s" | tr -s ' \n' '  '
}
flat() { printf '%s' "$1" | tr -s ' \n' '  ' | sed 's/( /(/g; s/ )/)/g'; }

sqlite() { sqlite3 -batch -bail -noheader -list -separator , "$db" "$@"; }

# ---- does mapo still run this SQL? ---------------------------------------------------------------
MAPO_DEBUG_SQL=1 "$mapo" --db "$db" stats --from 2021-01-01 --to 2021-06-30 --by agency --by month \
	--format csv 2>"$work/debug.sql" >/dev/null
sed -n 's/^mapo: sqlite: //p' "$work/debug.sql" | sed 's/( /(/g; s/ )/)/g' >"$work/mapo.sql"
{ flat "$sql_totals"; echo; flat "$sql_by_agency_month"; echo; } >"$work/ours.sql"
if cmp -s "$work/mapo.sql" "$work/ours.sql"; then
	sql_same="the same SQL text as mapo runs (checked with MAPO_DEBUG_SQL)"
else
	sql_same="WARNING: NOT the SQL mapo runs now; update bench/statement.sh from MAPO_DEBUG_SQL=1"
	echo "bench/statement.sh: $sql_same:" >&2
	diff "$work/ours.sql" "$work/mapo.sql" >&2 || true
fi

# ---- the measures ------------------------------------------------------------------------------
# name | period from | period to | mapo arguments
measures="statement-h1|2021-01-01|2021-06-30|statement --as-of 2021-06-30 --lang en
statement-all|2015-01-01|2021-06-30|statement --as-of 2021-06-30 --from 2015-01-01 --lang en
stats-h1|2021-01-01|2021-06-30|stats --from 2021-01-01 --to 2021-06-30 --by agency --by month
stats-all|2015-01-01|2021-06-30|stats --from 2015-01-01 --to 2021-06-30 --by agency --by month"

sql_for() { # NAME FROM TO
	case $1 in
	statement-*) bind "$sql_totals" "$2" "$3" ;;
	stats-*) bind "$sql_totals" "$2" "$3"; printf ';\n'; bind "$sql_by_agency_month" "$2" "$3" ;;
	esac
}

# run OUT CMD...: runs CMD under /usr/bin/time -v; sets secs (wall, microseconds) and rss (KiB).
run() {
	local out=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$out" 2>"$work/stderr.txt"; then
		cat "$work/stderr.txt" "$work/time.txt" >&2
		die "failed: $*"
	fi
	t1=$EPOCHREALTIME
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.6f", b - a}')
	rss=$(sed -n 's/^\tMaximum resident set size (kbytes): //p' "$work/time.txt")
}

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
maxof() { sort -g | tail -n 1; }

# Checks mapo's figures against sqlite3's for one measure (outputs of the warm-up runs).
check() { # NAME FROM TO MAPO_OUT SQLITE_OUT
	local name=$1 from=$2 to=$3 mout=$4 sout=$5
	local totals
	totals=$(head -n 1 "$sout")
	case $name in
	statement-*)
		# The sentence's five counts, in the order of the tally's first five columns.
		local nums
		nums=$(sed 's/^[^,]*, //' "$mout" | grep -oE '[0-9]+(,[0-9]{3})*' | tr -d , | paste -sd,)
		[ "$nums" = "${totals%,*}" ] ||
			die "$name: MISMATCH: mapo's sentence says $nums, sqlite3 says ${totals%,*} (of $totals): $(cat "$mout")"
		# The sixth, victims rescued, is not in the sentence: the same totals through mapo stats.
		"$mapo" --db "$db" stats --from "$from" --to "$to" --format csv >"$work/check.csv"
		local m
		m=$(tail -n 1 "$work/check.csv")
		[ "$m" = "$totals" ] || die "$name: MISMATCH: mapo stats totals $m, sqlite3 $totals"
		;;
	stats-*)
		# mout is the same command's JSON.
		python3 - "$mout" "$sout" "$name" <<-'EOF' || exit 1
			import json, sys
			doc = json.load(open(sys.argv[1]))
			lines = open(sys.argv[2]).read().split("\n")
			name = sys.argv[3]
			codes = ["tip_cases", "tip_arrests", "tip_forced_labour_cases", "som_cases", "som_arrests", "victims_rescued"]
			mt = [doc["totals"][c] for c in codes]
			st = [int(x) for x in lines[0].split(",")]
			if mt != st:
			    sys.exit("%s: MISMATCH: mapo totals %s, sqlite3 %s" % (name, mt, st))
			# mapo fills the months without any figure with zero rows; sqlite3 has no such rows.
			mr = sorted((r["agency"], r["month"], *[r[c] for c in codes]) for r in doc["rows"]
			            if any(r[c] for c in codes))
			sr = []
			for l in lines[1:]:
			    if l:
			        f = l.split(",")
			        sr.append((f[0], f[1], *[int(x) for x in f[2:]]))
			sr.sort()
			if mr != sr:
			    extra = sorted(set(mr) - set(sr))[:5]
			    missing = sorted(set(sr) - set(mr))[:5]
			    sys.exit("%s: MISMATCH: %d rows from mapo, %d from sqlite3; only mapo: %s; only sqlite3: %s"
			             % (name, len(mr), len(sr), extra, missing))
			if [sum(r[2 + i] for r in mr) for i in range(6)] != st:
			    sys.exit("%s: MISMATCH: mapo's rows do not add up to its totals" % name)
		EOF
		;;
	esac
}

host_cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)
commit=$(git -C "$here" describe --always --dirty 2>/dev/null || echo unknown)
echo "database: $db ($(du -h "$db" | cut -f1), $cases cases)"
libsql() { ldd "$1" | sed -n 's/.*libsqlite3[^ ]* => \([^ ]*\).*/\1/p'; }
lib=$(libsql "$mapo")
[ "$lib" = "$(libsql "$(command -v sqlite3)")" ] && lib="both link $lib" ||
	lib="mapo links ${lib:-SQLite statically}, the shell $(libsql "$(command -v sqlite3)")"
echo "mapo: $mapo (release, tree $commit); sqlite3 $(sqlite3 --version | cut -d' ' -f1) ($lib)"
echo "machine: $(nproc) cores ($host_cpu), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "$runs timed runs each (3 for a query over 20 s), medians, after one warm-up run each; sqlite3 runs $sql_same"
echo

results=() raw=()
bar_secs='' bar_ratio=''
while IFS='|' read -r name from to args; do
	case ",$only," in *",$name,"*) ;; *) continue ;; esac
	sql=$(sql_for "$name" "$from" "$to")
	# shellcheck disable=SC2086 # args is a word list
	set -- "$mapo" --db "$db" $args
	echo "$name: mapo $args / sqlite3" >&2
	# The warm-up runs give the figures to check: the statement's sentence, stats as JSON (the
	# timed stats runs print the table, each the same as the first).
	case $name in
	stats-*) run "$work/$name.mapo.check" "$@" --format json ;;
	*) run "$work/$name.mapo.check" "$@" ;;
	esac
	warm=$secs
	run "$work/$name.sqlite.ref" sqlite3 -batch -bail -noheader -list -separator , "$db" "$sql"
	check "$name" "$from" "$to" "$work/$name.mapo.check" "$work/$name.sqlite.ref"
	n=$runs
	# A query of minutes (all of 2015-2021 by agency and month at 10M cases) gets fewer runs.
	if awk -v w="$warm" 'BEGIN {exit !(w > 20)}' && [ "$n" -gt 3 ]; then n=3; fi
	rm -f "$work/$name.mapo.ref"
	: >"$work/m.t"; : >"$work/m.r"; : >"$work/s.t"; : >"$work/s.r"
	for i in $(seq 1 "$n"); do
		for side in $([ $((i % 2)) -eq 1 ] && echo "m s" || echo "s m"); do
			if [ "$side" = m ]; then
				run "$work/out" "$@"
				[ -f "$work/$name.mapo.ref" ] || cp "$work/out" "$work/$name.mapo.ref"
				cmp -s "$work/out" "$work/$name.mapo.ref" || die "$name: mapo's output changed between runs"
			else
				run "$work/out" sqlite3 -batch -bail -noheader -list -separator , "$db" "$sql"
				cmp -s "$work/out" "$work/$name.sqlite.ref" || die "$name: sqlite3's output changed between runs"
			fi
			echo "$secs" >>"$work/$side.t"
			echo "$rss" >>"$work/$side.r"
		done
	done
	mt=$(median <"$work/m.t") st=$(median <"$work/s.t")
	mr=$(maxof <"$work/m.r") sr=$(maxof <"$work/s.r")
	results+=("$name $mt $st $mr $sr $n")
	raw+=("$name: mapo$(awk '{printf " %.3f", $1}' "$work/m.t"); sqlite3$(awk '{printf " %.3f", $1}' "$work/s.t")")
	if [ "$name" = statement-h1 ]; then
		bar_ratio=$(awk -v a="$mt" -v b="$st" 'BEGIN {printf "%.2f", a / b}')
		bar_secs=$(awk -v a="$mt" 'BEGIN {printf "%.3f", a}')
	fi
done <<<"$measures"

printf '\n%-48s %10s %10s %7s %10s %10s %5s\n' "measure" "mapo s" "sqlite3 s" "ratio" "mapo RSS" "sqlite RSS" "runs"
for r in "${results[@]}"; do
	# shellcheck disable=SC2086 # a word list
	set -- $r
	case $1 in
	statement-h1) label="statement --as-of 2021-06-30" ;;
	statement-all) label="statement --as-of 2021-06-30 --from 2015-01-01" ;;
	stats-h1) label="stats 2021-01-01..2021-06-30 by agency, month" ;;
	stats-all) label="stats 2015-01-01..2021-06-30 by agency, month" ;;
	esac
	awk -v l="$label" -v mt="$2" -v st="$3" -v mr="$4" -v sr="$5" -v n="$6" 'BEGIN {
		printf "%-48s %10.3f %10.3f %7.2f %7.1f MB %7.1f MB %5d\n", l, mt, st, mt / st, mr / 1024, sr / 1024, n }'
done
echo "(wall-clock medians in seconds, warm page cache; RSS: peak resident set of the process; ratio mapo / sqlite3)"
echo "figures checked: sqlite3's counts equal mapo's for every measure"
echo "every run, in order (s):"
printf '  %s\n' "${raw[@]}"

echo
met=$(awk -v s="$bar_secs" -v r="$bar_ratio" 'BEGIN {print (s < 1 && r <= 1) ? 1 : 0}')
if [ -z "$bar_secs" ]; then
	echo "first bar (statement over 10,000,000 cases < 1 s, no slower than sqlite3): not judged (statement-h1 not measured)"
elif [ "$cases" -ne 10000000 ]; then
	echo "first bar (statement over 10,000,000 cases < 1 s, no slower than sqlite3): not judged at $cases cases" \
		"(here ${bar_secs}s, ratio $bar_ratio)"
elif [ "$met" = 1 ]; then
	echo "first bar MET: the statement over $cases cases in ${bar_secs}s, ratio to sqlite3 $bar_ratio"
else
	echo "first bar NOT MET: the statement over $cases cases in ${bar_secs}s, ratio to sqlite3 $bar_ratio"
	explain=1
fi

# ---- what the statement's time is made of --------------------------------------------------------
if [ "$explain" = 1 ]; then
	echo
	echo "the statement's query plan (2021-01-01..2021-06-30):"
	sqlite "EXPLAIN QUERY PLAN $(bind "$sql_totals" 2021-01-01 2021-06-30)" | sed 's/^/  /'
	echo "each of its six counts alone through sqlite3 (median of 5, seconds; includes process start):"
	bind "$sql_totals" 2021-01-01 2021-06-30 | sed 's/^SELECT *//' | python3 -c '
import sys
s = sys.stdin.read().strip()
depth, start, parts = 0, 0, []
for i, ch in enumerate(s):
    if ch == "(":
        depth += 1
        if depth == 1: start = i + 1
    elif ch == ")":
        depth -= 1
        if depth == 0: parts.append(s[start:i])
print("\n".join(parts))' >"$work/parts.sql"
	labels=(tip_cases tip_arrests tip_forced_labour_cases som_cases som_arrests victims_rescued)
	k=0
	while IFS= read -r part; do
		: >"$work/p.t"
		for _ in 1 2 3 4 5; do
			run "$work/out" sqlite3 -batch -bail -noheader "$db" "$part"
			echo "$secs" >>"$work/p.t"
		done
		printf '  %-24s %8.3f  (count %s)\n' "${labels[$k]}" "$(median <"$work/p.t")" "$(cat "$work/out")"
		k=$((k + 1))
	done <"$work/parts.sql"
	: >"$work/p.t"
	for _ in 1 2 3 4 5; do
		run "$work/out" sqlite3 -batch -bail -noheader "$db" "SELECT 1"
		echo "$secs" >>"$work/p.t"
	done
	printf '  %-24s %8.3f\n' "(sqlite3 SELECT 1)" "$(median <"$work/p.t")"
	: >"$work/p.t"
	for _ in 1 2 3 4 5; do
		run "$work/out" "$mapo" --db "$db" statement --as-of 2015-01-01 --from 2015-01-01 --lang en
		echo "$secs" >>"$work/p.t"
	done
	printf '  %-24s %8.3f\n' "(mapo statement, 1 day)" "$(median <"$work/p.t")"
fi
