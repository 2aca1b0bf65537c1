#!/bin/sh
# How mapo fails: exit 1 with one line "mapo: ..." for a person (never SQL), exit 2 for usage;
# bad database paths, a file that is not a database, a database newer than mapo, output that
# cannot be written, and nothing half-written afterwards.
. ./lib.sh

db=$T/mapo.db
run 0 --db "$db" init

# user_error WHAT ARGS...: exit 1, one line, "mapo: " then a lowercase word, no SQL.
user_error() {
	what=$1
	shift
	run 1 "$@"
	expect_one_error_line "$what"
	case $err in
	"mapo: "[a-z\'/]*) ;;
	*) fail "$what: the message does not start lowercase: $err" ;;
	esac
	# the temporary directory's random name may hold any of the words: not it
	bare=$(printf '%s' "$err" | sed "s|$T|TMP|g")
	for word in SELECT INSERT UPDATE sqlite SQLITE constraint 0x; do
		expect_lacks "$bare" "$word" "$what: no internals in the message"
	done
	expect_eq "$out" "" "$what: nothing on stdout"
}

user_error "a missing case" --db "$db" case show PDRM/2021/000001
user_error "a database in a missing directory" --db "$T/no/such/dir/x.db" init
user_error "a database that is a directory" --db "$T" case list
user_error "a stale edit of nothing" --db "$db" case edit PDRM/2021/000001 --version 1 --status closed
user_error "deleting nothing" --db "$db" case delete PDRM/2021/000001
user_error "an unknown filter code" --db "$db" case list --state MY-99
user_error "a missing import file" --db "$db" import "$T/none.csv"
user_error "an import file that is a directory" --db "$db" import "$T"
user_error "a missing demo plan" --db "$T/d.db" demo --data "$T"
user_error "reference data that is missing" --db "$T/e.db" init --data "$T/nowhere"

printf 'SQLite format 3\000 but then nothing a database needs, only text that goes on and on\n' >"$T/junk.db"
user_error "a file that only looks like a database" --db "$T/junk.db" case list
printf 'hello\n' >"$T/text.db"
user_error "a text file" --db "$T/text.db" statement --as-of 2021-06-30

# A database from a newer mapo is refused before anything else happens.
if command -v sqlite3 >/dev/null 2>&1; then
	cp "$db" "$T/newer.db"
	sqlite3 "$T/newer.db" "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2099-01-01T00:00:00Z');"
	user_error "a database newer than mapo" --db "$T/newer.db" case list
	expect_contains "$err" "newer" "the message says why"
	user_error "init on a newer database" --db "$T/newer.db" init
fi

# Output that cannot be written is an error, not silence.
if [ -w /dev/full ]; then
	"$MAPO" --version >/dev/full 2>"$T/err"
	rc=$?
	expect_eq "$rc" "1" "--version into a full disk"
	expect_contains "$(cat "$T/err")" "mapo: " "a full disk is reported"
	"$MAPO" --db "$db" case list --format json >/dev/full 2>"$T/err"
	expect_eq "$?" "1" "case list into a full disk"
fi

# A failed add leaves the database as it was: a SOM case with forms is refused and the next
# add still gets the first sequence number.
user_error "a SOM case with forms" --db "$db" case add --kind SOM --agency JIM --action-date 2021-01-01 \
	--state MY-01 --offence 26A --form sexual
run 0 --db "$db" case add --kind SOM --agency JIM --action-date 2021-01-01 --state MY-01 --offence 26A
expect_eq "$out" "JIM/2021/000001" "the refused add took no number"

# Usage errors are exit 2 and name the usage; user errors never print it.
run 2 --db "$db" case add --kind SOM
expect_contains "$err" "usage: mapo case add" "usage error names the usage"
run 1 --db "$db" case show NOPE/2021/000001
expect_lacks "$err" "usage:" "a user error prints no usage"

# In Malay, a message is still one line after "mapo: ".
run 1 --db "$db" --lang ms case show NOPE/2021/000001
expect_one_error_line "a Malay message"

finish
