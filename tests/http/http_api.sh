#!/bin/bash
# The JSON API: sessions, cases (create, read, change with versions, delete), persons, the list
# with the CLI's filters, stats answering byte for byte what `mapo stats --format json` prints,
# the statement, error bodies, and the CSRF header for cookie-authenticated calls.
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
start_server

auth() { echo "Authorization: Bearer $1"; }
JSON='Content-Type: application/json'

# --- sessions
check "wrong password" 401 "$(req POST /api/v1/sessions -H "$JSON" -d '{"username":"pdrm","password":"nope-nope"}')"
check "wrong password code" unauthorized "$(jq -r .error.code "$WORK/body")"
check "unknown user looks the same" 401 "$(req POST /api/v1/sessions -H "$JSON" -d '{"username":"ghost","password":"nope-nope"}')"
check "sign in" 201 "$(req POST /api/v1/sessions -H "$JSON" -d '{"username":"pdrm","password":"pdrm-pass-1"}')"
PDRM=$(jq -r .token "$WORK/body")
check "token length" 43 "${#PDRM}"
check "role in the answer" agency-officer "$(jq -r .role "$WORK/body")"
check "me" 200 "$(req GET /api/v1/me -H "$(auth "$PDRM")")"
check "me: agency" PDRM "$(jq -r .agency "$WORK/body")"

# --- create
cat >"$WORK/case.json" <<'EOF'
{"kind": "TIP", "agency": "PDRM", "action_date": "2021-07-01", "state": "MY-10",
 "offences": ["12", "13"], "forms": ["forced-labour"], "summary": "Plantation raid <b>synthetic</b>"}
EOF
check "create" 201 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" --data-binary @"$WORK/case.json")"
REF=$(jq -r .case_ref "$WORK/body")
case "$REF" in PDRM/2021/[0-9][0-9][0-9][0-9][0-9][0-9]) ok ;; *) fail "new reference '$REF'" ;; esac
ENC=${REF//\//%2F}
contains "Location" "Location: /api/v1/cases/$REF" "$WORK/headers"
check "version 1" 1 "$(jq -r .version "$WORK/body")"
check "status defaults to investigation" investigation "$(jq -r .status "$WORK/body")"
check "summary kept as text" "Plantation raid <b>synthetic</b>" "$(jq -r .summary "$WORK/body")"
check "get, slashes raw" 200 "$(req GET "/api/v1/cases/$REF" -H "$(auth "$PDRM")")"
check "get: offences" '12,13' "$(jq -r '.offences | join(",")' "$WORK/body")"
check "get, slashes encoded" 200 "$(req GET "/api/v1/cases/$ENC" -H "$(auth "$PDRM")")"
check "the CLI sees it" "$REF" "$("$MAPO" --db "$DB" case show "$REF" --format json | jq -r .case_ref)"

# --- validation: 422 with the fields
check "SOM with forms" 422 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"kind":"SOM","agency":"PDRM","action_date":"2021-07-01","state":"MY-10","offences":["26A"],"forms":["sexual"]}')"
check "422 code" invalid "$(jq -r .error.code "$WORK/body")"
check "422 names the field" forms "$(jq -r '.error.fields[0].field' "$WORK/body")"
check "future date" 422 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"kind":"TIP","agency":"PDRM","action_date":"2030-01-01","state":"MY-10","offences":["12"],"forms":["sexual"]}')"
check "future date field" action_date "$(jq -r '.error.fields[0].field' "$WORK/body")"
check "unknown member" 422 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" -d '{"kind":"TIP","colour":"red"}')"
check "wrong type" 422 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" -d '{"kind":5}')"
check "not JSON" 400 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" -d 'kind=TIP')"
check "missing related case" 422 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"kind":"TIP","agency":"PDRM","action_date":"2021-07-01","state":"MY-10","offences":["12"],"forms":["sexual"],"related_case_ref":"PDRM/1999/000001"}')"
check "taken reference" 409 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" \
	-d "{\"case_ref\":\"$REF\",\"kind\":\"TIP\",\"agency\":\"PDRM\",\"action_date\":\"2021-07-01\",\"state\":\"MY-10\",\"offences\":[\"12\"],\"forms\":[\"sexual\"]}")"

# --- change with versions
check "put needs the version" 422 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$PDRM")" -H "$JSON" -d '{"status":"charged"}')"
check "put" 200 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$PDRM")" -H "$JSON" -d '{"version":1,"status":"charged"}')"
check "version 2" 2 "$(jq -r .version "$WORK/body")"
check "status changed" charged "$(jq -r .status "$WORK/body")"
check "stale put" 409 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$PDRM")" -H "$JSON" -d '{"version":1,"summary":"lost update"}')"
check "409 code" conflict "$(jq -r .error.code "$WORK/body")"
req GET "/api/v1/cases/$ENC" -H "$(auth "$PDRM")" >/dev/null
check "the stale edit was not applied" "Plantation raid <b>synthetic</b>" "$(jq -r .summary "$WORK/body")"
check "invalid put" 422 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$PDRM")" -H "$JSON" -d '{"version":2,"forms":[]}')"
check "moving to another agency is refused" 403 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$PDRM")" -H "$JSON" -d '{"version":2,"agency":"JIM","case_ref":"'"$REF"'"}')"

# --- persons
check "add a victim" 200 "$(req POST "/api/v1/cases/$ENC/persons" -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"person_ref":"P-WEB-1","role":"victim","sex":"F","age":24,"nationality":"IDN","trafficking_status":"actual","rescue_date":"2021-07-01"}')"
check "add a suspect" 200 "$(req POST "/api/v1/cases/$ENC/persons" -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"person_ref":"P-WEB-2","role":"suspect","sex":"M","nationality":"MYS","arrest_date":"2021-07-02","suspect_role":"recruiter"}')"
check "a smuggled migrant in a TIP case" 422 "$(req POST "/api/v1/cases/$ENC/persons" -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"person_ref":"P-WEB-3","role":"smuggled-migrant","sex":"M"}')"
check "list persons" 200 "$(req GET "/api/v1/cases/$ENC/persons" -H "$(auth "$PDRM")")"
check "two persons" 2 "$(jq '.persons | length' "$WORK/body")"
check "identities for the officer" P-WEB-1 "$(jq -r '.persons[] | select(.role=="victim") | .person_ref' "$WORK/body")"
SEC=$(token secretariat)
check "secretariat reads persons" 200 "$(req GET "/api/v1/cases/$ENC/persons" -H "$(auth "$SEC")")"
check "no identities without the grant" null "$(jq -r '.persons[0].person_ref' "$WORK/body")"
check "nationality still there" IDN "$(jq -r '.persons[] | select(.role=="victim") | .nationality' "$WORK/body")"
"$MAPO" --db "$DB" audit list --action person-view --format json >"$WORK/views.json"
check "the officer's view of persons is audited" 1 "$(jq '[.[] | select(.user=="pdrm")] | length' "$WORK/views.json")"
check "the secretariat's masked view too" "2 persons, identities hidden" "$(jq -r '[.[] | select(.user=="secretariat")][0].detail' "$WORK/views.json")"

# --- list with the CLI's filters
check "list" 200 "$(req GET '/api/v1/cases?kind=TIP&state=MY-10&from=2020-01-01&to=2020-12-31&limit=1000' -H "$(auth "$(token admin)")")"
n_cli=$("$MAPO" --db "$DB" case list --kind TIP --state MY-10 --from 2020-01-01 --to 2020-12-31 --format json | jq length)
check "same count as the CLI" "$n_cli" "$(jq .total "$WORK/body")"
check "same cases as the CLI" "$("$MAPO" --db "$DB" case list --kind TIP --state MY-10 --from 2020-01-01 --to 2020-12-31 --format json | jq -c '[.[].case_ref]')" \
	"$(jq -c '[.cases[].case_ref]' "$WORK/body")"
check "search" 200 "$(req GET "/api/v1/cases?search=plantation+raid" -H "$(auth "$PDRM")")"
check "search finds the new case" "$REF" "$(jq -r '.cases[0].case_ref' "$WORK/body")"
check "paging" 2 "$(req GET '/api/v1/cases?limit=2&offset=3' -H "$(auth "$PDRM")" >/dev/null; jq '.cases | length' "$WORK/body")"
check "bad filter" 422 "$(req GET '/api/v1/cases?status=lost' -H "$(auth "$PDRM")")"
check "bad date filter" 422 "$(req GET '/api/v1/cases?from=2021-02-30' -H "$(auth "$PDRM")")"

# --- stats: the same bytes as the CLI
ADM=$(token admin)
stats_same() {
	q=$1
	shift
	s=$(req GET "/api/v1/stats?$q" -H "$(auth "$ADM")")
	check "stats $q" 200 "$s"
	"$MAPO" --db "$DB" --lang en stats "$@" --format json >"$WORK/cli.json"
	if cmp -s "$WORK/body" "$WORK/cli.json"; then ok; else fail "stats $q differs from mapo stats $*"; fi
}
stats_same 'from=2021-01-01&to=2021-06-30&lang=en' --from 2021-01-01 --to 2021-06-30
stats_same 'from=2015-01-01&to=2021-06-30&by=agency&by=kind&lang=en' --from 2015-01-01 --to 2021-06-30 --by agency --by kind
stats_same 'from=2020-01-01&to=2020-12-31&by=month,form&lang=en' --from 2020-01-01 --to 2020-12-31 --by month --by form
stats_same 'tip_year=2021&by=nationality&kind=TIP&lang=en' --tip-year 2021 --by nationality --kind TIP
stats_same 'from=2019-01-01&to=2019-12-31&by=state&status=convicted&lang=en' --from 2019-01-01 --to 2019-12-31 --by state --status convicted
req GET '/api/v1/stats?from=2021-01-01&to=2021-06-30&lang=en' -H "$(auth "$ADM")" >/dev/null
check "totals members" 'som_arrests,som_cases,tip_arrests,tip_cases,tip_forced_labour_cases,victims_rescued' "$(jq -r '.totals | keys | join(",")' "$WORK/body")"
check "stats without a period" 400 "$(req GET '/api/v1/stats' -H "$(auth "$ADM")")"
check "stats: unknown dimension" 400 "$(req GET '/api/v1/stats?from=2021-01-01&to=2021-06-30&by=colour' -H "$(auth "$ADM")")"
check "stats: five dimensions" 400 "$(req GET '/api/v1/stats?from=2021-01-01&to=2021-06-30&by=kind,agency,state,form,month' -H "$(auth "$ADM")")"

# --- the statement (published: no token needed)
for lang in ms en; do
	check "statement $lang" 200 "$(req GET "/api/v1/statement?as_of=2021-06-30&lang=$lang")"
	"$MAPO" --db "$DB" statement --as-of 2021-06-30 --lang $lang >"$WORK/stmt.txt"
	jq -r .text "$WORK/body" >"$WORK/api-stmt.txt"
	if cmp -s "$WORK/stmt.txt" "$WORK/api-stmt.txt"; then ok; else fail "statement $lang differs from the CLI"; fi
done
check "statement with from" 200 "$(req GET '/api/v1/statement?as_of=2021-03-15&from=2021-02-01&lang=en')"
contains "mid-month as-of" "As of 15 March 2021" "$WORK/body"
check "statement without as_of" 400 "$(req GET /api/v1/statement)"
check "statement from after as_of" 400 "$(req GET '/api/v1/statement?as_of=2021-03-15&from=2021-04-01')"

# --- cookie sessions on the API need the CSRF header for changes
sign_in pdrm
check "cookie GET works" 200 "$(req GET /api/v1/me -b "$WORK/pdrm.jar")"
check "cookie POST without CSRF" 403 "$(req POST /api/v1/cases -b "$WORK/pdrm.jar" -H "$JSON" --data-binary @"$WORK/case.json")"
check "csrf code" csrf "$(jq -r .error.code "$WORK/body")"
check "cookie POST with a wrong CSRF" 403 "$(req POST /api/v1/cases -b "$WORK/pdrm.jar" -H "$JSON" -H "X-CSRF-Token: x$(csrf_of pdrm)" --data-binary @"$WORK/case.json")"
check "cookie POST with CSRF" 201 "$(req POST /api/v1/cases -b "$WORK/pdrm.jar" -H "$JSON" -H "X-CSRF-Token: $(csrf_of pdrm)" --data-binary @"$WORK/case.json")"
REF2=$(jq -r .case_ref "$WORK/body")

# --- delete
check "stale delete" 409 "$(req DELETE "/api/v1/cases/$ENC?version=1" -H "$(auth "$PDRM")")"
check "delete" 204 "$(req DELETE "/api/v1/cases/$ENC?version=2" -H "$(auth "$PDRM")")"
check "gone" 404 "$(req GET "/api/v1/cases/$ENC" -H "$(auth "$PDRM")")"
check "404 code" not_found "$(jq -r .error.code "$WORK/body")"
check "delete with If-Match" 204 "$(req DELETE "/api/v1/cases/${REF2//\//%2F}" -H "$(auth "$PDRM")" -H 'If-Match: "1"')"

# --- the audit trail has the writes, and it is intact
"$MAPO" --db "$DB" audit list --object "$REF" --format json >"$WORK/trail.json"
check "audited actions" "case-create,case-update,person-put,person-put,person-view,person-view,case-delete" \
	"$(jq -r '[.[] | .action] | reverse | join(",")' "$WORK/trail.json")"
"$MAPO" --db "$DB" audit verify >/dev/null
check "audit verify" 0 $?

# --- concurrent writers: sixteen creations at once, each gets its own next reference
for i in $(seq 1 16); do
	curl -s -o "$WORK/par$i.json" -w '%{http_code}\n' -H "$(auth "$ADM")" -H "$JSON" \
		-d '{"kind":"SOM","agency":"APMM","action_date":"2021-07-05","state":"MY-12","offences":["26A"],"summary":"parallel"}' \
		"$BASE/api/v1/cases" >"$WORK/par$i.status" &
	pids="${pids:-} $!"
done
wait $pids # (a bare wait would wait for the server too)
check "sixteen parallel creations" "16" "$(cat "$WORK"/par*.status | grep -c '^201$')"
check "sixteen distinct references" 16 "$(cat "$WORK"/par*.json | jq -r .case_ref | sort -u | wc -l | tr -d ' ')"
"$MAPO" --db "$DB" audit verify >/dev/null
check "the trail stays a chain under concurrent writes" 0 $?

# --- signing out ends the token
check "sign out" 204 "$(req DELETE /api/v1/sessions -H "$(auth "$PDRM")")"
check "token no longer works" 401 "$(req GET /api/v1/me -H "$(auth "$PDRM")")"

stop_server
finish
