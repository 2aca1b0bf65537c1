# Sourced by every tests/cli/*.sh: $1 is the mapo binary. Gives a scratch directory $T (removed at
# exit), `run STATUS ARGS...` (runs mapo, keeps stdout in $T/out and $out, stderr in $T/err and
# $err, and checks the exit status), a few expectations, and `finish` (the script's exit status).
set -u
MAPO=${1:?usage: sh $0 PATH-TO-MAPO}
case $MAPO in /*) ;; *) MAPO=$(pwd)/$MAPO ;; esac
[ -x "$MAPO" ] || { echo "no mapo binary at $MAPO" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Tests speak English and run without a terminal, whatever the caller's environment.
unset MAPO_DB MAPO_LANG LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8
fails=0

fail() {
	echo "FAIL: $*" >&2
	fails=$((fails + 1))
}

run() {
	want=$1
	shift
	"$MAPO" "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
	if [ "$got" != "$want" ]; then
		fail "mapo $*: exit status $got, wanted $want; stderr: $err"
	fi
}

# expect_eq GOT WANT WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', wanted '$2'"
}

# expect_contains TEXT PART WHAT
expect_contains() {
	case $1 in
	*"$2"*) ;;
	*) fail "$3: '$1' does not contain '$2'" ;;
	esac
}

# expect_lacks TEXT PART WHAT
expect_lacks() {
	case $1 in
	*"$2"*) fail "$3: '$1' contains '$2'" ;;
	*) ;;
	esac
}

# expect_lines N TEXT WHAT: TEXT has exactly N lines
expect_lines() {
	n=$(printf '%s\n' "$2" | wc -l)
	[ -z "$2" ] && n=0
	[ "$n" -eq "$1" ] || fail "$3: $n lines, wanted $1: $2"
}

# A mapo error is exactly one line that starts with "mapo: ".
expect_one_error_line() {
	expect_lines 1 "$err" "$1: stderr lines"
	expect_contains "$err" "mapo: " "$1: stderr"
}

# A usage error: "mapo: ..." then the usage ("usage: mapo ...", maybe over several lines).
expect_usage_error() {
	first=$(printf '%s\n' "$err" | head -n 1)
	second=$(printf '%s\n' "$err" | sed -n 2p)
	expect_contains "$first" "mapo: " "$1: first line"
	expect_contains "$second" "usage: mapo " "$1: second line"
}

finish() {
	if [ "$fails" -gt 0 ]; then
		echo "$fails check(s) failed" >&2
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
