#!/bin/sh
# mapo user and mapo token: accounts with passwords from a pipe, roles, disabling, the identity
# grant, locks, API tokens; what is stored is a hash, never the password or the token.
. ./lib.sh

db=$T/mapo.db
# on PostgreSQL (tests/pg) the file names the test database (src/store/sql.c)
sq() { if [ -n "${MAPO_TEST_PG:-}" ]; then psql -Atq "$MAPO_TEST_PG/$(cut -d' ' -f2 "$db")" -c "$1"; else sqlite3 "$db" "$1"; fi; }

# run_in INPUT STATUS ARGS...: like run, with INPUT on standard input (a pipe, not a terminal).
run_in() {
	input=$1
	want=$2
	shift 2
	printf '%s' "$input" | "$MAPO" "$@" >"$T/out" 2>"$T/err"
	got=$?
	out=$(cat "$T/out")
	err=$(cat "$T/err")
	[ "$got" = "$want" ] || fail "mapo $*: exit status $got, wanted $want; stderr: $err"
}

run 0 --db "$db" init

# add: the password is the first line of standard input.
run_in 'first password
second line is ignored
' 0 --db "$db" user add amina --role admin --name "Amina Rahman"
expect_eq "$out" "amina" "user add prints the username"
run_in 'officer pass 1' 0 --db "$db" user add badrul --role agency-officer --agency PDRM
run_in 'partner pass 1' 0 --db "$db" user add ngo1 --role partner --org "NGO Alpha" --lang en
run_in 'secret pass 1' 0 --db "$db" user add siti --role secretariat --identity-grant

hash=$(sq "SELECT password_hash FROM users WHERE username = 'amina'")
expect_contains "$hash" '$argon2id$' "the password is stored as an argon2id hash"
expect_lacks "$hash" "first password" "the stored hash"
[ -z "$(sq "SELECT 1 FROM users WHERE password_hash LIKE '%second line%'")" ] || fail "the second line was used"

# mistakes
run_in 'whatever pass' 1 --db "$db" user add amina --role admin
expect_eq "$err" "mapo: user 'amina' exists already" "duplicate username"
run_in 'whatever pass' 2 --db "$db" user add x1 --role boss
expect_usage_error "unknown role"
expect_contains "$err" "unknown role 'boss'" "unknown role"
run_in 'whatever pass' 2 --db "$db" user add x1
expect_usage_error "missing --role"
run_in 'whatever pass' 2 --db "$db" user add --role admin
expect_usage_error "missing username"
run_in 'whatever pass' 1 --db "$db" user add x1 --role agency-officer
expect_eq "$err" "mapo: an agency officer needs an agency" "agency officer without agency"
run_in 'whatever pass' 1 --db "$db" user add x1 --role agency-officer --agency NOPE
expect_eq "$err" "mapo: unknown agency 'NOPE'" "unknown agency"
run_in 'whatever pass' 1 --db "$db" user add x1 --role partner
expect_eq "$err" "mapo: a partner needs an organisation" "partner without organisation"
run_in 'whatever pass' 1 --db "$db" user add x1 --role admin --agency PDRM
expect_one_error_line "admin with an agency"
run_in 'whatever pass' 1 --db "$db" user add x1 --role prosecutor --identity-grant
expect_one_error_line "grant for a prosecutor"
run_in 'whatever pass' 1 --db "$db" user add "bad name" --role admin
expect_contains "$err" "username 'bad name'" "bad username"
run_in '' 1 --db "$db" user add x1 --role admin
expect_eq "$err" "mapo: no password on standard input" "no password"
run 1 --db "$db" user add x1 --role admin
expect_eq "$err" "mapo: no password on standard input" "stdin at end"
run_in 'short' 1 --db "$db" user add x1 --role admin
expect_contains "$err" "too short" "short password"
[ -z "$(sq "SELECT 1 FROM users WHERE username = 'x1'")" ] || fail "a refused user was written"
run 1 --db "$T/none.db" user list
expect_contains "$err" "mapo init" "no database"

# list, in three formats
run 0 --db "$db" user list
expect_lines 6 "$out" "user list: heading, rule, four users"
expect_contains "$out" "Amina Rahman" "user list shows the name"
expect_contains "$out" "agency officer" "user list shows role names"
run 0 --db "$db" user list --format csv
expect_eq "$(printf '%s\n' "$out" | head -n 1)" "username,display_name,role,agency,org,lang,identity_grant,status,created" "csv header"
expect_contains "$out" "badrul,,agency-officer,PDRM,,ms,,active," "csv row of an officer"
expect_contains "$out" "ngo1,,partner,,NGO Alpha,en,,active," "csv row of a partner"
expect_contains "$out" "siti,,secretariat,,,ms,yes,active," "csv row with the grant"
run 0 --db "$db" user list --format json
expect_contains "$out" '"username": "badrul"' "json username"
expect_contains "$out" '"agency": "PDRM"' "json agency"
expect_lacks "$out" "argon2" "json never shows hashes"
run 2 --db "$db" user list --format xml
expect_usage_error "bad format"

# disable, enable
run 0 --db "$db" user disable badrul
run 0 --db "$db" user list --format csv
expect_contains "$out" "badrul,,agency-officer,PDRM,,ms,,disabled," "disabled"
run 0 --db "$db" user enable badrul
run 0 --db "$db" user list --format csv
expect_contains "$out" "badrul,,agency-officer,PDRM,,ms,,active," "enabled again"
run 1 --db "$db" user disable nobody
expect_eq "$err" "mapo: no user 'nobody'" "disable an unknown user"
run 2 --db "$db" user disable
expect_usage_error "disable without a name"

# sessions end when an account is disabled
sq "INSERT INTO sessions (token_hash, user_id, created_at, last_seen, address)
    SELECT 'feedface', id, 1, 1, '' FROM users WHERE username = 'badrul'"
run 0 --db "$db" user disable badrul
expect_eq "$(sq "SELECT count(*) FROM sessions")" "0" "disabling ends the sessions"
run 0 --db "$db" user enable badrul

# role
run 0 --db "$db" user role badrul --role prosecutor
run 0 --db "$db" user list --format csv
expect_contains "$out" "badrul,,prosecutor,,,ms,,active," "new role, agency dropped"
run 1 --db "$db" user role badrul --role agency-officer
expect_eq "$err" "mapo: an agency officer needs an agency" "role without agency"
run 0 --db "$db" user role badrul --role agency-officer --agency JIM
run 0 --db "$db" user list --format csv
expect_contains "$out" "badrul,,agency-officer,JIM,,ms,,active," "officer of JIM"
run 2 --db "$db" user role badrul
expect_usage_error "role without --role"

# the identity grant is the secretariat's only
run 0 --db "$db" user ungrant siti
run 0 --db "$db" user list --format csv
expect_contains "$out" "siti,,secretariat,,,ms,,active," "grant taken away"
run 0 --db "$db" user grant siti
run 1 --db "$db" user grant badrul
expect_contains "$err" "only the secretariat" "grant to an officer"

# passwd
old=$(sq "SELECT password_hash FROM users WHERE username = 'ngo1'")
run_in 'a new password' 0 --db "$db" user passwd ngo1
new=$(sq "SELECT password_hash FROM users WHERE username = 'ngo1'")
[ "$old" != "$new" ] || fail "passwd did not change the hash"
run_in 'a new password' 1 --db "$db" user passwd nobody
expect_eq "$err" "mapo: no user 'nobody'" "passwd of an unknown user"
run_in 'tiny' 1 --db "$db" user passwd ngo1
expect_contains "$err" "too short" "passwd too short"

# locks: failed sign-ins are counted by the web application; here they are put in by hand
far=4102444800 # 2100-01-01
sq "INSERT INTO login_attempts VALUES ('user', 'badrul', 5, 100, 200, $far)"
sq "INSERT INTO login_attempts VALUES ('address', '203.0.113.9', 20, 100, 200, $far)"
run 0 --db "$db" user locks
expect_contains "$out" "badrul" "locks lists the account"
expect_contains "$out" "203.0.113.9" "locks lists the address"
expect_contains "$out" "2100-01-01 00:00" "locks shows the end"
run 0 --db "$db" user unlock badrul
expect_eq "$(sq "SELECT count(*) FROM login_attempts WHERE subject = 'badrul'")" "0" "unlock clears the account"
run 1 --db "$db" user unlock badrul
expect_contains "$err" "not locked" "unlock twice"
run 0 --db "$db" user unlock --address 203.0.113.9
expect_eq "$(sq "SELECT count(*) FROM login_attempts")" "0" "unlock clears the address"
run 2 --db "$db" user unlock
expect_usage_error "unlock without a name"
run 2 --db "$db" user unlock badrul --address 203.0.113.9
expect_usage_error "unlock with both"

# tokens: shown once, stored as a hash, listed, revoked
run 0 --db "$db" token create siti --label "nightly export"
tok=$out
expect_lines 1 "$tok" "token create prints only the token"
expect_contains "$tok" "mapo_" "the token's prefix"
expect_contains "$err" "not shown again" "token create warns"
[ -z "$(sq "SELECT 1 FROM api_tokens WHERE token_hash = '$tok' OR label = '$tok'")" ] || fail "the token is stored"
expect_eq "$(sq "SELECT count(*) FROM api_tokens")" "1" "one token stored"
run 0 --db "$db" token create siti
run 0 --db "$db" token list siti
expect_lines 4 "$out" "token list: heading, rule, two tokens"
expect_contains "$out" "nightly export" "token list shows the label"
expect_lacks "$out" "$tok" "token list never shows the token"
run 0 --db "$db" token revoke siti 1
expect_eq "$(sq "SELECT count(*) FROM api_tokens")" "1" "revoke one"
run 1 --db "$db" token revoke siti 1
expect_eq "$err" "mapo: user 'siti' has no token 1" "revoke a revoked token"
run 1 --db "$db" token revoke amina 2
expect_one_error_line "revoke another user's token"
run 0 --db "$db" token revoke siti
expect_eq "$(sq "SELECT count(*) FROM api_tokens")" "0" "revoke all"
run 1 --db "$db" token create nobody
expect_eq "$err" "mapo: no user 'nobody'" "token for an unknown user"
run 2 --db "$db" token revoke siti abc
expect_usage_error "revoke a bad id"
run 2 --db "$db" token burn siti
expect_usage_error "unknown token command"

# help
run 0 help user
expect_contains "$out" "usage: mapo user add USERNAME --role ROLE" "help user"
run 0 help token
expect_contains "$out" "usage: mapo token create USERNAME" "help token"
run 2 --db "$db" user frobnicate
expect_usage_error "unknown user command"

finish
