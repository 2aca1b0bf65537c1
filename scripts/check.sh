#!/bin/sh
# check.sh BUILDDIR: runs every test (meson test: unit, CLI, HTTP, browser and pg suites) and ends with
# the one line "N passed, N failed".
set -u
build=$1
log=$(mktemp)
# The 'pg' suite runs the store, statistics and CLI tests again on a throwaway PostgreSQL
# cluster (scripts/pg-test.sh), stopped and removed at the end even on failure.
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/mapo-pg.XXXXXX")
trap 'sh "$(dirname "$0")/pg-test.sh" stop "$pgdir"' EXIT
trap 'exit 130' INT TERM
if MAPO_TEST_PG_BASE=$(sh "$(dirname "$0")/pg-test.sh" start "$pgdir"); then
	export MAPO_TEST_PG_BASE
else
	echo "no PostgreSQL server could be started: the pg suite is skipped"
fi
meson test -C "$build" --print-errorlogs --num-processes 2 >"$log" 2>&1
rc=$?
cat "$log"
ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
expfail=$(sed -n 's/^Expected Fail: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
fail=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
unexp=$(sed -n 's/^Unexpected Pass: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
timeout=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
skipped=$(sed -n 's/^Skipped: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
rm -f "$log"
passed=$(( ${ok:-0} + ${expfail:-0} ))
failed=$(( ${fail:-0} + ${unexp:-0} + ${timeout:-0} ))
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1
fi
if [ "${skipped:-0}" -gt 0 ]; then
	echo "$passed passed, $failed failed, ${skipped} skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
