#!/bin/bash
# Who may do what, over HTTP: every role (and the anonymous visitor) against every route, with
# records outside a role's reach answering 404; CSRF refusals; session expiry (idle and
# absolute); lockout after failed sign-ins and its clearing by an admin; and the audit trail
# reporting a row edited behind its back.
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
start_server

ROLES="anon admin secretariat pdrm jim prosecutor protection partner"
for r in $ROLES; do
	[ "$r" = anon ] && continue
	sign_in "$r"
	eval "TOK_$r=\$(token $r)"
done

# Two cases of known facts, made through the API: C1 a PDRM trafficking case under investigation
# with a victim; C2 a JIM smuggling case charged in court, with a smuggled migrant.
s=$(req POST /api/v1/cases -H "Authorization: Bearer $TOK_pdrm" -H "$JSON" \
	-d '{"kind":"TIP","agency":"PDRM","action_date":"2021-07-02","state":"MY-01","offences":["12"],"forms":["sexual"],"summary":"role matrix one"}')
check "C1 created" 201 "$s"
C1=$(jq -r .case_ref "$WORK/body")
req POST "/api/v1/cases/${C1//\//%2F}/persons" -H "Authorization: Bearer $TOK_pdrm" -H "$JSON" \
	-d '{"person_ref":"RM-V1","role":"victim","sex":"F","age":19,"nationality":"MMR","trafficking_status":"possible"}' >/dev/null
s=$(req POST /api/v1/cases -H "Authorization: Bearer $TOK_jim" -H "$JSON" \
	-d '{"kind":"SOM","agency":"JIM","action_date":"2021-07-03","state":"MY-12","offences":["26A"],"status":"charged","summary":"role matrix two"}')
check "C2 created" 201 "$s"
C2=$(jq -r .case_ref "$WORK/body")
req POST "/api/v1/cases/${C2//\//%2F}/persons" -H "Authorization: Bearer $TOK_jim" -H "$JSON" \
	-d '{"person_ref":"RM-M1","role":"smuggled-migrant","sex":"M","age":30,"nationality":"BGD"}' >/dev/null

# page ROUTE EXPECTED... (one status per role, in the order of $ROLES)
page() {
	route=$1
	shift
	for r in $ROLES; do
		want=$1
		shift
		if [ "$r" = anon ]; then got=$(req GET "$route"); else got=$(req GET "$route" -b "$WORK/$r.jar"); fi
		check "GET $route as $r" "$want" "$got"
		# a record out of reach must not leak: the 404 page says nothing of it
		[ "$want" = 404 ] && lacks "404 for $r leaks nothing" "role matrix" "$WORK/body"
	done
}
api() {
	route=$1
	shift
	for r in $ROLES; do
		want=$1
		shift
		if [ "$r" = anon ]; then got=$(req GET "$route"); else
			t=TOK_$r
			got=$(req GET "$route" -H "Authorization: Bearer ${!t}")
		fi
		check "API GET $route as $r" "$want" "$got"
		[ "$want" = 404 ] && lacks "API 404 for $r leaks nothing" "role matrix" "$WORK/body"
	done
}

#                                    anon admin secr pdrm jim  pros prot partner
page /public                          200  200   200  200  200  200  200  200
page /dashboard                       303  200   200  200  200  200  200  200
page /cases                           303  200   200  200  200  200  200  200
page /cases/new                       303  200   403  200  200  403  403  403
page /import                          303  200   403  200  200  403  403  403
page /users                           303  200   403  403  403  403  403  403
page /audit                           303  200   403  403  403  403  403  403
page /cases.csv                       303  200   403  200  200  200  200  403
page "/cases/$C1"                     303  200   200  200  404  404  200  404
page "/cases/$C2"                     303  200   200  404  200  200  404  404
page "/cases/$C1/edit"                303  200   403  200  404  404  403  404
page "/cases/$C2/edit"                303  200   403  404  200  200  404  404
page /cases/PDRM/1999/999999          303  404   404  404  404  404  404  404
api /api/v1/me                        401  200   200  200  200  200  200  200
api /api/v1/cases                     401  200   200  200  200  200  200  200
api "/api/v1/stats?tip_year=2021"     401  200   200  200  200  200  200  200
api "/api/v1/statement?as_of=2021-06-30" 200 200 200  200  200  200  200  200
api "/api/v1/cases/${C1//\//%2F}"     401  200   200  200  404  404  200  404
api "/api/v1/cases/${C2//\//%2F}"     401  200   200  404  200  200  404  404
api "/api/v1/cases/${C1//\//%2F}/persons" 401 200 200 200  404  404  200  404

# The lists are narrowed to each role's reach.
req GET "/api/v1/cases?agency=JIM" -H "Authorization: Bearer $TOK_pdrm" >/dev/null
check "an officer asking for another agency gets nothing" 0 "$(jq .total "$WORK/body")"
req GET "/api/v1/cases?limit=1000" -H "Authorization: Bearer $TOK_pdrm" >/dev/null
check "an officer lists only its agency" PDRM "$(jq -r '[.cases[].agency] | unique | join(",")' "$WORK/body")"
req GET "/api/v1/cases?limit=1000" -H "Authorization: Bearer $TOK_prosecutor" >/dev/null
check "a prosecutor lists only cases in court" "acquitted,charged,convicted" "$(jq -r '[.cases[].status] | unique | join(",")' "$WORK/body")"
req GET "/api/v1/cases" -H "Authorization: Bearer $TOK_partner" >/dev/null
check "a partner lists only what it referred" 0 "$(jq .total "$WORK/body")"
req GET "/cases?agency=JIM" -b "$WORK/pdrm.jar" >/dev/null
lacks "the page list is narrowed too" "/cases/JIM/" "$WORK/body"

# Writes, role by role.
write() {
	desc=$1 role=$2 want=$3 method=$4 route=$5 body=$6
	t=TOK_$role
	got=$(req "$method" "$route" -H "Authorization: Bearer ${!t}" -H "$JSON" -d "$body")
	check "$desc as $role" "$want" "$got"
}
NEWPDRM='{"kind":"TIP","agency":"PDRM","action_date":"2021-07-04","state":"MY-01","offences":["12"],"forms":["begging"]}'
for r in admin pdrm; do write "create a PDRM case" $r 201 POST /api/v1/cases "$NEWPDRM"; done
for r in secretariat jim prosecutor protection partner; do write "create a PDRM case" $r 403 POST /api/v1/cases "$NEWPDRM"; done
check "create as anonymous" 401 "$(req POST /api/v1/cases -H "$JSON" -d "$NEWPDRM")"
E2=${C2//\//%2F}
E1=${C1//\//%2F}
write "change another agency's case" pdrm 404 PUT "/api/v1/cases/$E2" '{"version":1,"summary":"x"}'
write "change a case" secretariat 403 PUT "/api/v1/cases/$E2" '{"version":1,"summary":"x"}'
write "change the summary" prosecutor 403 PUT "/api/v1/cases/$E2" '{"version":1,"summary":"x"}'
write "record a conviction" prosecutor 200 PUT "/api/v1/cases/$E2" '{"version":1,"status":"convicted"}'
write "delete another agency's case" jim 404 DELETE "/api/v1/cases/$E1" ''
write "delete a case" secretariat 403 DELETE "/api/v1/cases/$E1" ''
write "delete a case" protection 403 DELETE "/api/v1/cases/$E1" ''
write "add a victim" protection 200 POST "/api/v1/cases/$E1/persons" '{"person_ref":"RM-V2","role":"victim","sex":"F","age":17,"nationality":"IDN"}'
write "add a suspect" protection 403 POST "/api/v1/cases/$E1/persons" '{"person_ref":"RM-S1","role":"suspect","sex":"M","nationality":"MYS"}'
write "add a person" partner 404 POST "/api/v1/cases/$E1/persons" '{"person_ref":"RM-S1","role":"suspect","sex":"M","nationality":"MYS"}'
# The permission comes before the body: without the right, a bad body is still 403 (or 404 out
# of reach), never a validation message that would tell what the body lacked. (A body that is not
# JSON at all is refused by the request layer first, 400, before any handler: it names no record.)
write "change a case with a bad body" secretariat 403 PUT "/api/v1/cases/$E2" '[1]'
write "change a case with no version" secretariat 403 PUT "/api/v1/cases/$E2" '{"summary":"x"}'
write "create a case with a bad body" partner 403 POST /api/v1/cases '[1]'
write "add a person with a bad body" secretariat 403 POST "/api/v1/cases/$E1/persons" '{"role":"nobody","age":"x"}'
write "add a person with a bad body" partner 404 POST "/api/v1/cases/$E1/persons" '{"role":"nobody","age":"x"}'
check "remove a person without saying whom as secretariat" 403 \
	"$(req DELETE "/api/v1/cases/$E1/persons" -H "Authorization: Bearer $TOK_secretariat")"
check "remove a person without saying whom as pdrm" 400 \
	"$(req DELETE "/api/v1/cases/$E1/persons" -H "Authorization: Bearer $TOK_pdrm")"

# --- CSRF on forms
FORM="kind=TIP&agency=PDRM&action_date=2021-07-05&state=MY-01&offence=12&form=sexual&summary=csrf"
check "form POST without the token" 403 "$(req POST /cases -b "$WORK/pdrm.jar" -d "$FORM")"
contains "says why" "the form has expired" "$WORK/body"
check "form POST with a wrong token" 403 "$(req POST /cases -b "$WORK/pdrm.jar" -d "$FORM&csrf=AAAA")"
check "form POST from another site" 403 "$(req POST /cases -b "$WORK/pdrm.jar" -H 'Origin: http://evil.example' -d "$FORM&csrf=$(csrf_of pdrm)")"
check "form POST with the token" 303 "$(req POST /cases -b "$WORK/pdrm.jar" -H "Origin: $BASE" -d "$FORM&csrf=$(csrf_of pdrm)")"
check "sign-out needs the token too" 403 "$(req POST /sign-out -b "$WORK/pdrm.jar")"
check "still signed in" 200 "$(req GET /dashboard -b "$WORK/pdrm.jar")"
check "another user's token does not fit" 403 "$(req POST /cases -b "$WORK/pdrm.jar" -d "$FORM&csrf=$(csrf_of jim)")"
old=$(awk '$6=="mapo_session"{print $7}' "$WORK/pdrm.jar")
check "the session cookie is there" 43 "${#old}"
check "sign out" 303 "$(req POST /sign-out -b "$WORK/pdrm.jar" -c "$WORK/pdrm.jar" -d "csrf=$(csrf_of pdrm)")"
check "signed out server-side: the old cookie is dead" 303 "$(req GET /dashboard -H "Cookie: mapo_session=$old")"
check "signed out" 303 "$(req GET /dashboard -b "$WORK/pdrm.jar")"

# --- lockout: five wrong passwords lock the account; the right one is then refused too
for i in 1 2 3 4; do
	s=$(req POST /sign-in -d "username=jim&password=wrong-$i")
	check "failed sign-in $i" 401 "$s"
done
check "the fifth failure locks" 429 "$(req POST /sign-in -d 'username=jim&password=wrong-5')"
check "locked: even the right password" 429 "$(req POST /sign-in -d 'username=jim&password=jim-pass-1')"
contains "says why" "too many failed sign-ins" "$WORK/body"
contains "Retry-After" "Retry-After:" "$WORK/headers"
check "locked on the API too" 429 "$(req POST /api/v1/sessions -H "$JSON" -d '{"username":"jim","password":"jim-pass-1"}')"
check "lock code" locked "$(jq -r .error.code "$WORK/body")"
check "an admin sees the lock" 200 "$(req GET /users -b "$WORK/admin.jar")"
contains "lock listed" '<input type="hidden" name="key" value="jim">' "$WORK/body"
check "others are not locked" 303 "$(req POST /sign-in -d 'username=secretariat&password=secretariat-pass-1')"
check "a non-admin cannot unlock" 403 "$(req POST /locks -b "$WORK/secretariat.jar" -d "scope=user&key=jim&csrf=$(csrf_of secretariat)")"
check "the admin unlocks" 303 "$(req POST /locks -b "$WORK/admin.jar" -d "scope=user&key=jim&csrf=$(csrf_of admin)")"
check "unlocked: signs in" 303 "$(req POST /sign-in -d 'username=jim&password=jim-pass-1')"
"$MAPO" --db "$DB" audit list --action sign-in-failed --format json >"$WORK/failed.json"
check "failed sign-ins audited (also while locked)" 7 "$(jq '[.[] | select(.object_id=="jim")] | length' "$WORK/failed.json")"
stop_server

# --- session expiry: idle (3 s) and absolute (6 s)
MAPO_SESSION_ABSOLUTE=6 start_server --idle-timeout 3
sign_in secretariat
check "fresh session" 200 "$(req GET /dashboard -b "$WORK/secretariat.jar")"
sleep 4.5
check "idle session expired: back to sign-in" 303 "$(req GET /dashboard -b "$WORK/secretariat.jar")"
contains "to the sign-in page" "Location: /sign-in" "$WORK/headers"
check "an expired session cannot post" 401 "$(req POST /sign-out -b "$WORK/secretariat.jar" -d "csrf=$(csrf_of secretariat)")"
TOK=$(token secretariat)
check "fresh token" 200 "$(req GET /api/v1/me -H "Authorization: Bearer $TOK")"
sleep 4.5
check "idle token expired" 401 "$(req GET /api/v1/me -H "Authorization: Bearer $TOK")"
# Use keeps the session past its idle timeout; only the requests that ended within 4.5 s of the
# sign-in must succeed (the expiry is kept in whole seconds, so the absolute 6 s can come 5 s
# after it; a loaded machine must not push them past it), and one of them must be past the idle
# timeout, else the test proves nothing.
t0=$EPOCHREALTIME
sign_in secretariat
longest=0
for i in 1 2 3 4 5 6 7; do
	sleep 1
	s=$(req GET /api/v1/me -b "$WORK/secretariat.jar")
	since=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.2f", b - a}')
	if awk -v t="$since" 'BEGIN {exit !(t < 4.5)}'; then
		check "kept alive by use (${since} s after signing in)" 200 "$s"
		[ "$s" = 200 ] && longest=$since
	fi
done
check "kept alive past the idle timeout (3 s)" 1 "$(awk -v t="$longest" 'BEGIN {print (t > 3.2) ? 1 : 0}')"
check "absolute expiry despite use" 401 "$(req GET /api/v1/me -b "$WORK/secretariat.jar")"
stop_server

# --- the audit trail, tampered with behind the server's back
"$MAPO" --db "$DB" audit verify >/dev/null
check "trail intact" 0 $?
sqlite3 "$DB" "UPDATE audit_log SET detail = 'nothing happened' WHERE id = (SELECT MIN(id) + 5 FROM audit_log)"
bad=$(sqlite3 "$DB" "SELECT MIN(id) + 5 FROM audit_log")
"$MAPO" --db "$DB" audit verify >"$WORK/verify.out" 2>&1
check "verify fails after tampering" 1 $?
contains "names the edited entry" "$bad" "$WORK/verify.out"
start_server
sign_in admin
check "audit page" 200 "$(req GET /audit -b "$WORK/admin.jar")"
contains "the page shows the tampering" "The trail was tampered with" "$WORK/body"
stop_server
finish
