#!/bin/sh
# run.sh BUILDDIR DBFILE: what `make run` does. Creates the demo database when DBFILE does not
# exist, then prints the council's statement for 30 June 2021 in Malay and English and the main
# tables for January-June 2021. (The web issue adds the server at the end.)
set -eu
build=${1:?usage: sh scripts/run.sh BUILDDIR DBFILE}
db=${2:-mapo.db}
mapo=$build/src/cli/mapo
[ -x "$mapo" ] || { echo "run.sh: no mapo binary in $build (build it first: make build)" >&2; exit 1; }
# An uninstalled build finds its catalogs and data through these (the built-in paths are the
# build's own; the environment wins when already set).
: "${MAPO_LOCALEDIR:=$build/locale}"
export MAPO_LOCALEDIR

if [ ! -e "$db" ]; then
	echo "Creating the demo database $db (synthetic data, 2015 to June 2021)..."
	"$mapo" --db "$db" demo
	echo
fi

m() { "$mapo" --db "$db" "$@"; }

echo "== Statement, 30 June 2021"
m statement --as-of 2021-06-30 --lang ms
m statement --as-of 2021-06-30 --lang en
echo
echo "== Cases by agency and kind, January-June 2021"
m stats --from 2021-01-01 --to 2021-06-30 --by agency --by kind
echo
echo "== By state, January-June 2021"
m stats --from 2021-01-01 --to 2021-06-30 --by state
echo
echo "== By form of exploitation, January-June 2021"
m stats --from 2021-01-01 --to 2021-06-30 --kind TIP --by form
echo
echo "More: $mapo --db $db --help"

# ---- the web interface ----------------------------------------------------------------------
# The web issue starts the server here, on the same database, e.g.:
#   exec "$mapo" --db "$db" serve
