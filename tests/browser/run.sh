#!/bin/bash
# run.sh MAPO BUILDDIR SOURCEDIR: the browser tests. Installs playwright-core from npm into
# BUILDDIR/tests/browser/node (once), starts `mapo serve` on a demo database with one account per
# role (tests/http/lib.sh), and runs flow.mjs in Debian's Chromium. Screenshots of each page go
# to SOURCEDIR/build/screenshots/.
MAPO=$1
BUILD=$2
SRC=$3
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x /usr/bin/chromium ] || ! command -v npm >/dev/null 2>&1; then
	echo "skipped: needs /usr/bin/chromium and npm (scripts/install-deps.sh installs them)"
	exit 77
fi
node_dir=$BUILD/tests/browser/node
mkdir -p "$node_dir"
if [ ! -f "$node_dir/node_modules/playwright-core/package.json" ] || ! cmp -s "$here/package.json" "$node_dir/package.json"; then
	cp "$here/package.json" "$node_dir/package.json"
	(cd "$node_dir" && npm install --no-audit --no-fund --no-package-lock --loglevel=error) || {
		echo "npm install of playwright-core failed" >&2
		exit 1
	}
fi
. "$here/../http/lib.sh"
setup_db
start_server
shots=$SRC/build/screenshots
mkdir -p "$shots"
profile=$(mktemp -d)
NODE_DIR=$node_dir BASE=$BASE SHOTS=$shots PROFILE=$profile \
	node "$here/flow.mjs"
flow_rc=$? # not rc: stop_server (tests/http/lib.sh) sets rc to the server's exit status
rm -rf "$profile"
stop_server
[ "$flow_rc" -eq 0 ] || { tail -20 "$WORK/server.err" >&2; exit 1; }
finish
