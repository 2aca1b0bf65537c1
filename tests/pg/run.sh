#!/bin/sh
# run.sh PROGRAM [ARGS]: runs one test program against PostgreSQL instead of SQLite. The server
# comes from MAPO_TEST_PG_BASE (scripts/check.sh starts a throwaway cluster and sets it); the
# store's test seam (src/store/sql.c) then opens a fresh database of that server wherever the
# program opens a file. Without a server the test is skipped (status 77).
if [ -z "${MAPO_TEST_PG_BASE:-}" ]; then
	echo "MAPO_TEST_PG_BASE is not set: no PostgreSQL server to test against (make check starts one)"
	exit 77
fi
MAPO_TEST_PG=$MAPO_TEST_PG_BASE
export MAPO_TEST_PG
exec "$@"
