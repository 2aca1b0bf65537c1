#!/bin/sh
# run.sh BUILDDIR DBFILE: what `make run` does. Creates the demo database when DBFILE does not
# exist, then prints the council's statement for 30 June 2021 in Malay and English and the main
# tables for January-June 2021, makes the demo accounts and starts the web server.
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

# The key for personal data lives beside the database (DBFILE.key): demo makes it, and init
# (which keeps an existing key) adds it to a database made before demo did.
if [ -z "${MAPO_KEY_FILE:-}" ] && [ ! -e "$db.key" ]; then
	m init >/dev/null
fi

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
# Demo accounts (made once, with demo passwords: for trying mapo out, never for real data), then
# the server on the same database until Ctrl-C. MAPO_LISTEN picks another address.
listen=${MAPO_LISTEN:-127.0.0.1:8080}
demo_user() { # NAME PASSWORD ROLE [OPTIONS]
	name=$1 pass=$2
	shift 2
	m user list --format csv | cut -d, -f1 | grep -qx "$name" && return 0
	echo "$pass" | m user add "$name" --role "$@" >/dev/null
}
demo_user admin admin-demo-1 admin --name "Demo administrator" --lang en
demo_user secretariat secretariat-demo-1 secretariat --name "Demo secretariat"
demo_user pdrm pdrm-demo-1 agency-officer --agency PDRM --name "Demo PDRM officer"
demo_user jim jim-demo-1 agency-officer --agency JIM --name "Demo JIM officer"
demo_user prosecutor prosecutor-demo-1 prosecutor --name "Demo prosecutor"
demo_user protection protection-demo-1 protection-officer --name "Demo protection officer"
demo_user partner partner-demo-1 partner --org "Demo NGO" --name "Demo partner"
echo
echo "== The web application: http://$listen/"
echo "   Demo accounts (username / password):"
echo "     admin / admin-demo-1              administrator"
echo "     secretariat / secretariat-demo-1  secretariat"
echo "     pdrm / pdrm-demo-1                PDRM agency officer"
echo "     jim / jim-demo-1                  JIM agency officer"
echo "     prosecutor / prosecutor-demo-1    prosecutor"
echo "     protection / protection-demo-1    protection officer"
echo "     partner / partner-demo-1          partner organisation"
echo "   Stop the server with Ctrl-C."
exec "$mapo" --db "$db" serve --listen "$listen"
