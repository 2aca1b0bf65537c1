#!/bin/sh
# Installs the Debian packages mapo needs to build, run and test, and only those missing.
# Quiet when nothing is missing. Runs as root, or through sudo.
set -eu

pkgs="build-essential pkg-config meson ninja-build gettext
libsqlite3-dev sqlite3 libpq-dev postgresql
libjansson-dev libsodium-dev libcmocka-dev libmicrohttpd-dev libcsv-dev libutf8proc-dev
libxlsxwriter-dev libzip-dev libexpat1-dev libcairo2-dev libpango1.0-dev
libclang-rt-14-dev curl jq chromium"

missing=""
for p in $pkgs; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
# Node.js may come from elsewhere (its own npm inside); only Debian's is installed when absent.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "install-deps: missing packages:$missing (run as root or install sudo)" >&2
	exit 1
fi

echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
