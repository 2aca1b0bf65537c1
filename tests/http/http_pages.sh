#!/bin/bash
# The HTML pages as a browser without JavaScript uses them: sign-in cookies, the case form with
# its validation messages beside the fields, a stale edit showing the conflict, escaping of
# stored text, the list's filters and its CSV, the import upload with its row report, the users
# page, the language switch remembered per user, and the dashboard counting a new case.
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
start_server

# --- sign-in: cookie attributes, a new session id each time, the way back
s=$(req POST /sign-in -d 'username=pdrm&password=pdrm-pass-1&next=/cases%3Fkind%3DSOM')
check "sign-in" 303 "$s"
contains "back where the user was going" "Location: /cases?kind=SOM" "$WORK/headers"
contains "HttpOnly session cookie" "Set-Cookie: mapo_session=" "$WORK/headers"
grep -i '^Set-Cookie: mapo_session=' "$WORK/headers" >"$WORK/cookie"
contains "HttpOnly" "HttpOnly" "$WORK/cookie"
contains "SameSite" "SameSite=Strict" "$WORK/cookie"
contains "Path" "Path=/" "$WORK/cookie"
first=$(sed -n 's/.*mapo_session=\([^;]*\);.*/\1/p' "$WORK/cookie")
req POST /sign-in -d 'username=pdrm&password=pdrm-pass-1' >/dev/null
second=$(sed -n 's/.*mapo_session=\([^;]*\);.*/\1/p' "$WORK/headers")
[ -n "$first" ] && [ "$first" != "$second" ] && ok || fail "a new session id at each sign-in"
check "no open redirect" 303 "$(req POST /sign-in -d 'username=pdrm&password=pdrm-pass-1&next=//evil.example/')"
contains "next refused" "Location: /dashboard" "$WORK/headers"
check "wrong password page" 401 "$(req POST /sign-in -d 'username=pdrm&password=nope-nope-nope')"
contains "message on the page" "role=\"alert\"" "$WORK/body"
contains "username kept" 'value="pdrm"' "$WORK/body"
sign_in pdrm
sign_in admin
CSRF=$(csrf_of pdrm)
[ ${#CSRF} -ge 40 ] && ok || fail "CSRF token in the page"

# --- the case form: errors beside their fields, values kept, nothing saved
check "new case form" 200 "$(req GET /cases/new -b "$WORK/pdrm.jar")"
for f in kind agency action_date state related_case_ref summary; do
	contains "label for $f" "<label for=\"f-$f\">" "$WORK/body"
done
contains "offences fieldset" "<legend>Offences" "$WORK/body"
contains "csrf field" "name=\"csrf\" value=\"$CSRF\"" "$WORK/body"
before=$("$MAPO" --db "$DB" case list --agency PDRM --format json | jq length)
s=$(req POST /cases -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CSRF" -d 'kind=SOM&agency=PDRM&action_date=2021-02-30&state=MY-01&offence=26A&form=sexual' \
	--data-urlencode 'summary=<script>alert(1)</script>')
check "invalid form" 422 "$s"
contains "date error beside its field" '<p class="error" id="e-action_date">' "$WORK/body"
contains "the field says it is invalid" 'aria-describedby="e-action_date"' "$WORK/body"
contains "summary of errors" 'role="alert"' "$WORK/body"
contains "typed summary kept, escaped" '&lt;script&gt;alert(1)&lt;/script&gt;</textarea>' "$WORK/body"
lacks "no live script" '<script>alert(1)' "$WORK/body"
check "nothing saved" "$before" "$("$MAPO" --db "$DB" case list --agency PDRM --format json | jq length)"
s=$(req POST /cases -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CSRF" -d 'kind=SOM&agency=PDRM&action_date=2021-07-01&state=MY-01&offence=26A&form=sexual')
check "SOM with a form" 422 "$s"
contains "forms error" 'a SOM case has no forms of exploitation' "$WORK/body"
s=$(req POST /cases -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CSRF" -d 'kind=TIP&agency=JIM&action_date=2021-07-01&state=MY-01&offence=12&form=sexual')
check "another agency's case" 403 "$s"

# a good one; the stored text is escaped when shown
s=$(req POST /cases -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CSRF" \
	-d 'kind=TIP&agency=PDRM&action_date=2021-07-10&state=MY-01&offence=12&offence=13&form=forced-labour&status=investigation' \
	--data-urlencode 'summary=Farm <img src=x onerror=alert(1)> & "quotes"')
check "create" 303 "$s"
loc=$(sed -n 's/^Location: \([^\r]*\).*/\1/p' "$WORK/headers" | tr -d '\r')
REF=$(echo "$loc" | sed -n 's|^/cases/\(.*\)?saved=1$|\1|p')
case "$REF" in PDRM/2021/[0-9]*) ok ;; *) fail "new case location '$loc'" ;; esac
check "case page" 200 "$(req GET "$loc" -b "$WORK/pdrm.jar")"
contains "saved message" "The case was saved." "$WORK/body"
contains "summary escaped" 'Farm &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;' "$WORK/body"
lacks "no live markup" '<img src=x' "$WORK/body"
contains "status history from the trail" "status: investigation" "$WORK/body"
contains "delete is a form with the token" 'action="/cases/'"$REF"'/delete"' "$WORK/body"

# --- a stale edit shows the conflict and keeps both versions
check "edit form" 200 "$(req GET "/cases/$REF/edit" -b "$WORK/pdrm.jar")"
contains "version in the form" 'name="version" value="1"' "$WORK/body"
EDIT="kind=TIP&agency=PDRM&action_date=2021-07-10&state=MY-01&offence=12&form=forced-labour&related_case_ref="
s=$(req POST "/cases/$REF/edit" -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CSRF" -d "$EDIT&status=charged&version=1" --data-urlencode 'summary=first editor')
check "first edit" 303 "$s"
s=$(req POST "/cases/$REF/edit" -b "$WORK/admin.jar" --data-urlencode "csrf=$(csrf_of admin)" -d "$EDIT&status=closed&version=1" --data-urlencode 'summary=second editor')
check "stale edit" 409 "$s"
contains "conflict explained" "Someone else changed this case" "$WORK/body"
contains "shows what is stored now" "first editor" "$WORK/body"
contains "keeps what was typed" "second editor</textarea>" "$WORK/body"
contains "offers the current version" 'name="version" value="2"' "$WORK/body"
check "not overwritten" "first editor" "$("$MAPO" --db "$DB" case show "$REF" --format json | jq -r .summary)"
s=$(req POST "/cases/$REF/edit" -b "$WORK/admin.jar" --data-urlencode "csrf=$(csrf_of admin)" -d "$EDIT&status=closed&version=2" --data-urlencode 'summary=second editor')
check "saving knowingly" 303 "$s"
check "now overwritten" "second editor" "$("$MAPO" --db "$DB" case show "$REF" --format json | jq -r .summary)"
req GET "/cases/$REF" -b "$WORK/admin.jar" >/dev/null
contains "history: charged" "status: investigation -&gt; charged" "$WORK/body"
contains "history: closed" "status: charged -&gt; closed" "$WORK/body"
contains "admins see the audit entries" "<h2>Audit entries</h2>" "$WORK/body"
req GET "/cases/$REF" -b "$WORK/pdrm.jar" >/dev/null
lacks "officers do not" "<h2>Audit entries</h2>" "$WORK/body"

# --- persons on the case page: add, refuse a bad row beside its field, remove
check "person form" 200 "$(req GET "/cases/$REF/persons/new" -b "$WORK/pdrm.jar")"
for f in person_ref role sex birth_date age nationality arrest_date suspect_role trafficking_status rescue_date; do
	contains "label for $f" "<label for=\"f-$f\">" "$WORK/body"
done
s=$(req POST "/cases/$REF/persons" -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CSRF" -d 'person_ref=WEB-S1&role=smuggled-migrant&sex=M&nationality=IDN')
check "a smuggled migrant in a TIP case" 422 "$s"
contains "role error beside the field" '<p class="error" id="e-role">' "$WORK/body"
s=$(req POST "/cases/$REF/persons" -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CSRF" -d 'person_ref=WEB-S1&role=suspect&sex=M&nationality=MYS&arrest_date=2021-07-11&suspect_role=recruiter')
check "add a suspect" 303 "$s"
s=$(req POST "/cases/$REF/persons" -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CSRF" -d 'person_ref=WEB-V1&role=victim&sex=F&age=20&nationality=IDN&trafficking_status=actual&rescue_date=2021-07-10')
check "add a victim" 303 "$s"
check "both listed" 2 "$("$MAPO" --db "$DB" person list "$REF" --format json | jq length)"
sign_in protection
check "the protection officer now reaches the case" 200 "$(req GET "/cases/$REF" -b "$WORK/protection.jar")"
contains "may add a victim" "/persons/new" "$WORK/body"
check "victim form for protection" 200 "$(req GET "/cases/$REF/persons/new" -b "$WORK/protection.jar")"
lacks "no suspect fields for protection" 'name="suspect_role"' "$WORK/body"
check "protection may not add a suspect" 403 "$(req POST "/cases/$REF/persons" -b "$WORK/protection.jar" --data-urlencode "csrf=$(csrf_of protection)" -d 'person_ref=WEB-S2&role=suspect&sex=M')"
check "protection may not remove a suspect" 403 "$(req POST "/cases/$REF/persons/remove" -b "$WORK/protection.jar" --data-urlencode "csrf=$(csrf_of protection)" -d 'person_ref=WEB-S1&role=suspect')"
check "protection adds a victim" 303 "$(req POST "/cases/$REF/persons" -b "$WORK/protection.jar" --data-urlencode "csrf=$(csrf_of protection)" -d 'person_ref=WEB-V2&role=victim&sex=F&age=16&nationality=MMR&trafficking_status=possible')"
check "the officer removes the suspect" 303 "$(req POST "/cases/$REF/persons/remove" -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CSRF" -d 'person_ref=WEB-S1&role=suspect')"
check "two victims left" "victim,victim" "$("$MAPO" --db "$DB" person list "$REF" --format json | jq -r '[.[].role] | join(",")')"
check "removing again" 404 "$(req POST "/cases/$REF/persons/remove" -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CSRF" -d 'person_ref=WEB-S1&role=suspect')"
check "another agency's case" 404 "$(req GET "/cases/$REF/persons/new" -b "$WORK/admin.jar" >/dev/null; sign_in jim; req GET "/cases/$REF/persons/new" -b "$WORK/jim.jar")"

# --- the list: filters, search, sort, paging, and its CSV
check "list" 200 "$(req GET '/cases?kind=TIP&agency=PDRM&from=2020-01-01&to=2020-12-31&sort=date-desc' -b "$WORK/pdrm.jar")"
n=$("$MAPO" --db "$DB" case list --kind TIP --agency PDRM --from 2020-01-01 --to 2020-12-31 --format json | jq length)
contains "count as the CLI" "<p class=\"count\">$n cases" "$WORK/body"
check "search" 200 "$(req GET '/cases?search=second+editor' -b "$WORK/pdrm.jar")"
contains "search finds it" "<p class=\"count\">1 case" "$WORK/body"
check "paging" 200 "$(req GET '/cases?page=2' -b "$WORK/pdrm.jar")"
contains "previous link" 'rel="prev"' "$WORK/body"
check "bad filter shown" 422 "$(req GET '/cases?from=2021-13-01' -b "$WORK/pdrm.jar")"
contains "filter error beside it" '<p class="error" id="e-from">' "$WORK/body"
check "csv" 200 "$(req GET '/cases.csv?kind=TIP&agency=PDRM&from=2020-01-01&to=2020-12-31' -b "$WORK/pdrm.jar")"
contains "csv type" "Content-Type: text/csv" "$WORK/headers"
contains "download" 'Content-Disposition: attachment; filename="cases.csv"' "$WORK/headers"
check "csv header" "case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary" "$(head -n 1 "$WORK/body")"
check "csv rows as the list" "$n" "$(($(wc -l <"$WORK/body") - 1))"
"$MAPO" --db "$DB" audit list --action export --format json >"$WORK/exports.json"
check "export audited" 1 "$(jq length "$WORK/exports.json")"

# --- import: the row report, then a good import
cat >"$WORK/cases.csv" <<'EOF'
case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary
PDRM/2021/900001,TIP,PDRM,2021-05-01,MY-10,12,forced-labour,investigation,,imported one
PDRM/2021/900002,SOM,PDRM,2021-05-02,MY-10,26A,sexual,investigation,,bad: forms on SOM
PDRM/2021/900003,TIP,NOPE,2021-05-03,MY-10,12,sexual,investigation,,bad agency
EOF
cat >"$WORK/persons.csv" <<'EOF'
case_ref,person_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,trafficking_status,rescue_date
PDRM/2021/900001,IMP-1,victim,F,,22,IDN,,,actual,2021-05-01
EOF
check "import form" 200 "$(req GET /import -b "$WORK/pdrm.jar")"
contains "multipart form" 'enctype="multipart/form-data"' "$WORK/body"
s=$(req POST /import -b "$WORK/admin.jar" -F "csrf=$(csrf_of admin)" -F "cases=@$WORK/cases.csv;type=text/csv" -F "persons=@$WORK/persons.csv;type=text/csv")
check "bad import" 422 "$s"
contains "row report: line 3" "cases.csv:3: " "$WORK/body"
contains "row report: line 4" "cases.csv:4: " "$WORK/body"
check "nothing imported" 404 "$(req GET /api/v1/cases/PDRM%2F2021%2F900001 -H "Authorization: Bearer $(token admin)")"
sed -i '3,4d' "$WORK/cases.csv"
s=$(req POST /import -b "$WORK/pdrm.jar" -F "csrf=$CSRF" -F "cases=@$WORK/cases.csv;type=text/csv" -F "persons=@$WORK/persons.csv;type=text/csv")
check "good import" 200 "$s"
contains "counts" "cases added: 1" "$WORK/body"
contains "persons" "person rows written: 1" "$WORK/body"
check "imported case" 200 "$(req GET /api/v1/cases/PDRM%2F2021%2F900001 -H "Authorization: Bearer $(token pdrm)")"
printf 'case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary\nJIM/2021/900009,SOM,JIM,2021-05-01,MY-10,26A,,investigation,,not mine\n' >"$WORK/jim.csv"
s=$(req POST /import -b "$WORK/pdrm.jar" -F "csrf=$CSRF" -F "cases=@$WORK/jim.csv;type=text/csv")
check "importing another agency's case" 403 "$s"
contains "named in the report" "cases.csv:2: agency:" "$WORK/body"
check "import without the token" 403 "$(req POST /import -b "$WORK/pdrm.jar" -F "cases=@$WORK/cases.csv")"
check "import without a file" 422 "$(req POST /import -b "$WORK/pdrm.jar" -F "csrf=$CSRF")"

# --- the dashboard counts the new cases of its period
check "dashboard" 200 "$(req GET '/dashboard?from=2021-01-01&to=2021-07-31' -b "$WORK/pdrm.jar")"
tip=$(curl -s "$BASE/api/v1/statement?as_of=2021-07-31&lang=en" | jq .totals.tip_cases)
contains "statement on the dashboard" "action was taken on $tip trafficking in persons cases" "$WORK/body"
contains "four charts" 'id="arrests"' "$WORK/body"
for id in by-kind by-agency by-form; do contains "chart $id" "id=\"$id\"" "$WORK/body"; done
# victims by identification status: the protection records' figures of the same period, as
# `mapo victim stats` gives them, and the chart of the outcomes of the demo's protection orders
"$MAPO" --db "$DB" victim stats --from 2021-01-01 --to 2021-07-31 --by status --format json >"$WORK/vstats.json"
actual=$(jq '[.rows[] | select(.key == "actual") | .count] | add' "$WORK/vstats.json")
check "the demo has actual victims in the period" 1 "$([ "${actual:-0}" -gt 0 ] && echo 1)"
contains "chart of victims by status" 'id="victims-by-status"' "$WORK/body"
contains "its actual victims" "<tr><th scope=\"row\">actual victim</th><td class=\"num\">$actual</td></tr>" "$WORK/body"
contains "chart of order outcomes" 'id="orders-by-outcome"' "$WORK/body"
check "bad period" 422 "$(req GET '/dashboard?from=2021-07-31&to=2021-01-01' -b "$WORK/pdrm.jar")"

# --- users: create an account, change its role; then it signs in
s=$(req POST /users -b "$WORK/admin.jar" --data-urlencode "csrf=$(csrf_of admin)" \
	-d 'username=newbie&display_name=New+Officer&role=agency-officer&agency=APMM&password=newbie-pass-1')
check "create account" 303 "$s"
check "users page" 200 "$(req GET /users -b "$WORK/admin.jar")"
contains "listed" "newbie" "$WORK/body"
check "short password refused" 422 "$(req POST /users -b "$WORK/admin.jar" --data-urlencode "csrf=$(csrf_of admin)" -d 'username=x2&role=secretariat&password=short')"
check "taken name" 409 "$(req POST /users -b "$WORK/admin.jar" --data-urlencode "csrf=$(csrf_of admin)" -d 'username=newbie&role=secretariat&password=long-enough-1')"
check "role change" 303 "$(req POST /users/newbie -b "$WORK/admin.jar" --data-urlencode "csrf=$(csrf_of admin)" -d 'role=agency-officer&agency=KDRM')"
check "password set by the admin" 303 "$(req POST /users/newbie -b "$WORK/admin.jar" --data-urlencode "csrf=$(csrf_of admin)" -d 'role=agency-officer&agency=KDRM&password=newbie-pass-2')"
check "the old password no longer works" 401 "$(req POST /sign-in -d 'username=newbie&password=newbie-pass-1')"
check "too short a new password" 422 "$(req POST /users/newbie -b "$WORK/admin.jar" --data-urlencode "csrf=$(csrf_of admin)" -d 'role=agency-officer&agency=KDRM&password=short')"
rm -f "$WORK/newbie.jar"
check "signs in with the new one" 303 "$(curl -s -o /dev/null -w '%{http_code}' -c "$WORK/newbie.jar" -d 'username=newbie&password=newbie-pass-2' "$BASE/sign-in")"
req GET /api/v1/me -b "$WORK/newbie.jar" >/dev/null
check "new account's agency" KDRM "$(jq -r .agency "$WORK/body")"
check "disable" 303 "$(req POST /users/newbie -b "$WORK/admin.jar" --data-urlencode "csrf=$(csrf_of admin)" -d 'role=agency-officer&agency=KDRM&disabled=1')"
check "disabled: the session ended" 303 "$(req GET /dashboard -b "$WORK/newbie.jar")"

# --- the language switch: a cookie for visitors, the account's preference for users
check "Malay for a visitor" 303 "$(req GET '/lang/ms?next=/public' -c "$WORK/anon.jar")"
contains "back to the page" "Location: /public" "$WORK/headers"
check "public page in Malay" 200 "$(req GET /public -b "$WORK/anon.jar")"
contains "html lang" '<html lang="ms">' "$WORK/body"
contains "Malay statement" "kes pemerdagangan orang telah diambil tindakan" "$WORK/body"
check "Accept-Language too" 200 "$(req GET /public -H 'Accept-Language: ms-MY,ms;q=0.9')"
contains "from the header" '<html lang="ms">' "$WORK/body"
check "unknown language" 404 "$(req GET /lang/fr)"
check "switch for a user" 303 "$(req GET '/lang/ms?next=/dashboard' -b "$WORK/pdrm.jar")"
sign_in pdrm
check "a new session keeps Malay" 200 "$(req GET /dashboard -b "$WORK/pdrm.jar")"
contains "dashboard in Malay" '<html lang="ms">' "$WORK/body"
check "the account's language" ms "$(curl -s -b "$WORK/pdrm.jar" "$BASE/api/v1/me" | jq -r .lang)"

stop_server
finish
