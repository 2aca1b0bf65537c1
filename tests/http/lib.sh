# Shared by the HTTP tests (bash): a real `mapo serve` on a free loopback port against a
# temporary demo database, with one account per role made through `mapo user add`, and curl
# helpers. Source it after setting MAPO (the binary). Every test ends with stop_server, which
# checks that the server stops cleanly on SIGTERM (and, under ASan, leaks nothing).

set -u
WORK=$(mktemp -d)
DB=$WORK/mapo.db
SERVER_PID=
FAILS=0
CHECKS=0
export MAPO_TODAY=${MAPO_TODAY:-2021-07-15}
export MAPO_LANG=en

cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

ok() {
	CHECKS=$((CHECKS + 1))
}

# check DESCRIPTION EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then ok; else fail "$1: expected '$2', got '$3'"; fi
}

# contains DESCRIPTION NEEDLE FILE
contains() {
	if grep -qF -- "$2" "$3"; then ok; else fail "$1: '$2' not found in $(head -c 600 "$3")"; fi
}

lacks() {
	if grep -qF -- "$2" "$3"; then fail "$1: '$2' found"; else ok; fi
}

# Makes the demo database and one account per role; passwords are NAME-pass-1.
setup_db() {
	"$MAPO" --db "$DB" demo >/dev/null 2>"$WORK/demo.err" || { cat "$WORK/demo.err"; echo "demo failed" >&2; exit 1; }
	add_user admin --role admin
	add_user secretariat --role secretariat
	add_user pdrm --role agency-officer --agency PDRM
	add_user jim --role agency-officer --agency JIM
	add_user prosecutor --role prosecutor
	add_user protection --role protection-officer
	add_user partner --role partner --org "Tenaganita Demo"
}

add_user() {
	name=$1
	shift
	echo "$name-pass-1" | "$MAPO" --db "$DB" user add "$name" "$@" --lang en >/dev/null 2>"$WORK/user.err" ||
		{ cat "$WORK/user.err" >&2; echo "user add $name failed" >&2; exit 1; }
}

# start_server [serve options...]: sets BASE (http://127.0.0.1:PORT).
start_server() {
	: >"$WORK/server.out"
	"$MAPO" --db "$DB" serve --listen 127.0.0.1:0 --threads 4 "$@" >"$WORK/server.out" 2>"$WORK/server.err" &
	SERVER_PID=$!
	for _ in $(seq 1 100); do
		if grep -q 'listening on' "$WORK/server.out"; then
			BASE=$(sed -n 's/^mapo: listening on \(http:[^ ]*\)$/\1/p' "$WORK/server.out")
			PORT=${BASE##*:}
			return 0
		fi
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$WORK/server.err" >&2
	echo "the server did not start" >&2
	exit 1
}

# stop_server: SIGTERM, then the exit status must be 0 within ten seconds.
stop_server() {
	kill -TERM "$SERVER_PID"
	for _ in $(seq 1 100); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$SERVER_PID" 2>/dev/null; then
		fail "the server did not stop on SIGTERM"
		kill -KILL "$SERVER_PID"
	fi
	wait "$SERVER_PID"
	rc=$?
	check "server exit status after SIGTERM" 0 "$rc"
	[ "$rc" -eq 0 ] || tail -40 "$WORK/server.err" >&2
	SERVER_PID=
}

# req METHOD PATH [curl args...]: the status; the body in $WORK/body, headers in $WORK/headers.
req() {
	m=$1
	p=$2
	shift 2
	curl -s -X "$m" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' --max-time 30 "$@" "$BASE$p"
}

# sign_in NAME: a cookie jar $WORK/NAME.jar with a session, and CSRF_NAME in $WORK/NAME.csrf
sign_in() {
	rm -f "$WORK/$1.jar"
	s=$(curl -s -o /dev/null -w '%{http_code}' -c "$WORK/$1.jar" -b "$WORK/$1.jar" \
		--data-urlencode "username=$1" --data-urlencode "password=$1-pass-1" "$BASE/sign-in")
	check "sign-in of $1" 303 "$s"
	# the CSRF token is in every page's sign-out form
	curl -s -b "$WORK/$1.jar" "$BASE/dashboard" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1 >"$WORK/$1.csrf"
}

csrf_of() { cat "$WORK/$1.csrf"; }

# The header for a JSON request body, and auth TOKEN: the header that sends a Bearer token.
JSON='Content-Type: application/json'
auth() { echo "Authorization: Bearer $1"; }

# token NAME: a Bearer token through the API
token() {
	curl -s -H "$JSON" \
		-d "{\"username\":\"$1\",\"password\":\"$1-pass-1\"}" "$BASE/api/v1/sessions" | jq -r .token
}

# Requests as a role, for the tests that need them (a test may define its own instead):
# enc REF: a reference with its slashes as %2F, for a path segment.
enc() { printf '%s' "$1" | sed 's|/|%2F|g'; }
# api TOKEN METHOD PATH [JSON]: an API request with a Bearer token (and a JSON body).
api() {
	local t=$1 mth=$2 p=$3
	if [ $# -ge 4 ]; then
		req "$mth" "$p" -H "$(auth "$t")" -H "$JSON" -d "$4"
	else
		req "$mth" "$p" -H "$(auth "$t")"
	fi
}
# page USER PATH: a page as USER (signed in with sign_in).
page() { req GET "$2" -b "$WORK/$1.jar"; }
# post USER PATH FIELDS...: a page form's post as USER, its CSRF token added.
post() {
	local u=$1 p=$2
	shift 2
	local args=()
	for f in "$@"; do args+=(--data-urlencode "$f"); done
	req POST "$p" -b "$WORK/$u.jar" -H "Origin: $BASE" --data-urlencode "csrf=$(csrf_of "$u")" "${args[@]}"
}
# field_of FIELD: the message an API 422 answer gives for FIELD ("" none).
field_of() { jq -r "[.error.fields[] | select(.field == \"$1\") | .message] | first // \"\"" "$WORK/body"; }

finish() {
	if [ "$FAILS" -gt 0 ]; then
		echo "$FAILS of $((CHECKS + FAILS)) checks failed" >&2
		echo "--- server stderr (tail) ---" >&2
		tail -30 "$WORK/server.err" >&2 2>/dev/null
		exit 1
	fi
	echo "$CHECKS checks passed"
	exit 0
}
