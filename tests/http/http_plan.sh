#!/bin/bash
# The action plan over HTTP: the demo plan's status through the API (computed indicators equal
# to mapo stats over the same window), who may report progress (the lead organisation, not
# another agency; the secretariat; never anonymous), the right asked before the body is checked
# on every write, the page with its charts, the XLSX export (audited), recommendations and the
# outlook, checklists and compliance.
MAPO=$1
# After the guideline of 22 July 2021, so that checklists can be dated.
export MAPO_TODAY=2021-09-15
. "$(dirname "$0")/lib.sh"

setup_db
start_server

auth() { echo "Authorization: Bearer $1"; }
JSON='Content-Type: application/json'
SEC=$(token secretariat)
PDRM=$(token pdrm)
JIM=$(token jim)
PARTNER=$(token partner)
P=/api/v1/plans/NAPTIP-3.0

# --- reading needs a sign-in; every signed-in role reads
check "anonymous: plans API" 401 "$(req GET /api/v1/plans)"
check "anonymous: plan page" 303 "$(req GET /plans/NAPTIP-3.0)"
check "a partner reads the plans" 200 "$(req GET /api/v1/plans -H "$(auth "$PARTNER")")"
check "the demo plan" '["NAPTIP-3.0"]' "$(jq -c '[.plans[].code]' "$WORK/body")"
check "its tree" 200 "$(req GET "$P" -H "$(auth "$PDRM")")"
check "four pillars" 4 "$(jq '[.nodes[] | select(.level == "pillar")] | length' "$WORK/body")"
check "nine strategic goals" 9 "$(jq '[.nodes[] | select(.level == "goal")] | length' "$WORK/body")"
check "no such plan" 404 "$(req GET /api/v1/plans/NAPTIP-9 -H "$(auth "$PDRM")")"

# --- computed indicators are the register's figures (mapo stats over 1 January to the day)
check "status as of 30 June 2021" 200 "$(req GET "$P/status?year=2021&as_of=2021-06-30" -H "$(auth "$PDRM")")"
cp "$WORK/body" "$WORK/status.json"
"$MAPO" --db "$DB" stats --from 2021-01-01 --to 2021-06-30 --format json >"$WORK/stats.json"
check "TIP cases computed" "$(jq .totals.tip_cases "$WORK/stats.json")" \
	"$(jq '.activities[] | select(.code == "A3.1.1") | .value' "$WORK/status.json")"
check "TIP arrests computed" "$(jq .totals.tip_arrests "$WORK/stats.json")" \
	"$(jq '.activities[] | select(.code == "A3.1.2") | .value' "$WORK/status.json")"
check "victims rescued computed" "$(jq .totals.victims_rescued "$WORK/stats.json")" \
	"$(jq '.activities[] | select(.code == "A6.1.1") | .value' "$WORK/status.json")"
check "pillar roll-ups" '["P1","P2","P3","P4"]' "$(jq -c '[.pillars[].key]' "$WORK/status.json")"
check "bad as_of" 422 "$(req GET "$P/status?as_of=2021-02-30" -H "$(auth "$PDRM")")"

# --- progress: the lead organisation only
BODY='{"activity":"A3.2.1","year":2021,"quarter":3,"value":700,"status":"on-track","narrative":"700 officers trained"}'
check "anonymous may not report" 401 "$(req POST "$P/progress" -H "$JSON" -d "$BODY")"
check "another agency may not report" 403 "$(req POST "$P/progress" -H "$(auth "$JIM")" -H "$JSON" -d "$BODY")"
check "the lead reports" 201 "$(req POST "$P/progress" -H "$(auth "$PDRM")" -H "$JSON" -d "$BODY")"
check "recorded for PDRM" '["PDRM","pdrm"]' "$(jq -c '[.org, .reported_by]' "$WORK/body")"
check "the secretariat reports" 201 "$(req POST "$P/progress" -H "$(auth "$SEC")" -H "$JSON" -d "$BODY")"
check "a value for a computed indicator" 422 "$(req POST "$P/progress" -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"activity":"A3.1.1","year":2021,"quarter":3,"value":5,"status":"on-track"}')"
check "a bad quarter" 422 "$(req POST "$P/progress" -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"activity":"A3.2.1","year":2021,"quarter":5,"value":5,"status":"on-track"}')"
check "field named" quarter "$(jq -r '.error.fields[0].field' "$WORK/body")"
check "the reports" 200 "$(req GET "$P/progress?activity=A3.2.1&year=2021" -H "$(auth "$PARTNER")")"
check "Q3 is there" 700 "$(jq '.reports[] | select(.quarter == 3) | .value' "$WORK/body")"
check "audited" 200 "$(req GET "/api/v1/me" -H "$(auth "$PDRM")")"
n=$("$MAPO" --db "$DB" audit list --action progress-report --format json | jq length)
check "two progress reports in the audit trail" 2 "$n"

# --- the right is asked before the body is read: whoever may not write is refused as such
# (403, or 404 for what does not exist), never told what a valid request would be
PROS=$(token prosecutor)
forbidden() { # DESCRIPTION STATUS: the status, and a refusal without field messages
	check "$1" 403 "$2"
	check "$1: refused as such" 'forbidden|null' "$(jq -r '[.error.code, .error.fields] | map(tostring) | join("|")' "$WORK/body")"
}
BAD='{"activity":"A3.2.1","year":1066,"quarter":9,"value":-1,"status":"bogus"}'
forbidden "another agency, a bad report on PDRM's activity" "$(req POST "$P/progress" -H "$(auth "$JIM")" -H "$JSON" -d "$BAD")"
forbidden "a prosecutor leads no activity: an empty report" "$(req POST "$P/progress" -H "$(auth "$PROS")" -H "$JSON" -d '{}')"
forbidden "a prosecutor: not even a JSON object" "$(req POST "$P/progress" -H "$(auth "$PROS")" -H "$JSON" -d '[1]')"
check "no such activity" 404 "$(req POST "$P/progress" -H "$(auth "$JIM")" -H "$JSON" -d '{"activity":"A9.9.9"}')"
check "no such plan" 404 "$(req POST /api/v1/plans/NAPTIP-9/progress -H "$(auth "$JIM")" -H "$JSON" -d "$BAD")"
check "the lead gets the field messages" 422 "$(req POST "$P/progress" -H "$(auth "$PDRM")" -H "$JSON" -d "$BAD")"
forbidden "an officer: a bad recommendation status" "$(req PUT /api/v1/recommendations/2021/3 -H "$(auth "$PDRM")" \
	-H "$JSON" -d '{"status":"gone","evidence":7}')"
forbidden "an officer: not a JSON object" "$(req PUT /api/v1/recommendations/2021/3 -H "$(auth "$PDRM")" -H "$JSON" -d '[]')"
forbidden "an officer: no such recommendation either" "$(req PUT /api/v1/recommendations/2021/99 -H "$(auth "$PDRM")" \
	-H "$JSON" -d '{"status":"gone"}')"
forbidden "another agency's checklist with a bad date" "$(req POST /api/v1/guidelines/infectious-disease/checks \
	-H "$(auth "$JIM")" -H "$JSON" -d '{"agency":"PDRM","check_date":"2021-02-30","answers":[]}')"
forbidden "a checklist for no agency" "$(req POST /api/v1/guidelines/infectious-disease/checks -H "$(auth "$PROS")" \
	-H "$JSON" -d '[]')"
n=$("$MAPO" --db "$DB" audit list --action progress-report --format json | jq length)
check "nothing more in the audit trail" 2 "$n"
sign_in jim
check "the page: another agency, a bad report" 403 "$(req POST /plans/NAPTIP-3.0/progress -b "$WORK/jim.jar" \
	--data "csrf=$(csrf_of jim)&activity=A3.2.1&year=1066&quarter=9&status=bogus")"
contains "the page: who reports" "only the lead organisation (PDRM) reports on A3.2.1" "$WORK/body"
lacks "the page: no field message" "a year is required" "$WORK/body"
check "the page: a bad recommendation status" 403 "$(req POST /recommendations/2021/1 -b "$WORK/jim.jar" \
	--data "csrf=$(csrf_of jim)&status=gone")"
lacks "the page: no status message" "the status is open" "$WORK/body"
check "the page: another agency's checklist, a bad date" 403 "$(req POST /guidelines/infectious-disease/checks \
	-b "$WORK/jim.jar" --data "csrf=$(csrf_of jim)&agency=PDRM&check_date=2021-02-30&subject=bogus")"
lacks "the page: no date message" "is not a date" "$WORK/body"

# --- the page with its charts, and the XLSX export
sign_in pdrm
check "plan page" 200 "$(req GET "/plans/NAPTIP-3.0?year=2021&as_of=2021-06-30" -b "$WORK/pdrm.jar")"
contains "pillar chart" 'id="pillars"' "$WORK/body"
contains "organisation chart" 'id="orgs"' "$WORK/body"
contains "quarter bars" '<title>2021 Q2, Prevention:' "$WORK/body"
contains "the lead's report form" 'action="/plans/NAPTIP-3.0/progress"' "$WORK/body"
check "progress form without CSRF" 403 "$(req POST /plans/NAPTIP-3.0/progress -b "$WORK/pdrm.jar" \
	--data 'activity=A3.2.1&year=2021&quarter=4&value=800&status=on-track')"
check "progress form" 303 "$(req POST /plans/NAPTIP-3.0/progress -b "$WORK/pdrm.jar" \
	--data "csrf=$(csrf_of pdrm)&activity=A3.2.1&year=2021&quarter=4&value=800&status=on-track")"
check "XLSX export" 200 "$(req GET "/plans/NAPTIP-3.0/progress.xlsx?year=2021&as_of=2021-06-30" -b "$WORK/pdrm.jar")"
check "a ZIP file" PK "$(head -c 2 "$WORK/body")"
contains "as a download" 'NAPTIP-3.0-2021.xlsx' "$WORK/headers"
n=$("$MAPO" --db "$DB" audit list --action export --format json | jq '[.[] | select(.object_type == "plan")] | length')
check "the export is audited" 1 "$n"

# --- recommendations and the outlook
check "recommendations" 200 "$(req GET "/api/v1/recommendations?year=2021" -H "$(auth "$PDRM")")"
check "eight of 2021" 8 "$(jq '.recommendations | length' "$WORK/body")"
check "an officer may not change one" 403 "$(req PUT /api/v1/recommendations/2021/3 -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"status":"addressed"}')"
check "the secretariat changes one" 200 "$(req PUT /api/v1/recommendations/2021/3 -H "$(auth "$SEC")" -H "$JSON" \
	-d '{"status":"addressed","evidence":"ATIPSOM amended"}')"
check "a bad status" 422 "$(req PUT /api/v1/recommendations/2021/3 -H "$(auth "$SEC")" -H "$JSON" -d '{"status":"gone"}')"
check "no such recommendation" 404 "$(req PUT /api/v1/recommendations/2021/99 -H "$(auth "$SEC")" -H "$JSON" \
	-d '{"status":"open"}')"
check "outlook" 200 "$(req GET "/api/v1/recommendations/outlook?as_of=2021-06-30" -H "$(auth "$PDRM")")"
check "the 2022 report" 2022 "$(jq .report_year "$WORK/body")"
"$MAPO" --db "$DB" stats --from 2021-04-01 --to 2021-06-30 --format json >"$WORK/stats.json"
check "its TIP cases so far" "$(jq .totals.tip_cases "$WORK/stats.json")" "$(jq .figures.tip_cases.now "$WORK/body")"
check "addressed last" 3 "$(jq '.recommendations[-1].rank' "$WORK/body")"
check "outlook page" 200 "$(req GET "/recommendations?as_of=2021-06-30" -b "$WORK/pdrm.jar")"
contains "the recommendation" "ATIPSOM amended" "$WORK/body"

# --- guidelines, checklists, compliance
check "the guideline" 200 "$(req GET /api/v1/guidelines/infectious-disease -H "$(auth "$PDRM")")"
ANS=$(jq -c '[.items[] | select(.applies_to | index("operation")) | {(.code): "yes"}] | add' "$WORK/body")
REF=$("$MAPO" --db "$DB" case list --agency PDRM --from 2021-06-01 --to 2021-06-30 --format json | jq -r '.[0].case_ref')
CHECK="{\"subject\":\"operation\",\"subject_ref\":\"$REF\",\"agency\":\"PDRM\",\"check_date\":\"2021-08-01\",\"answers\":$ANS}"

check "another agency may not record PDRM's checklist" 403 "$(req POST /api/v1/guidelines/infectious-disease/checks \
	-H "$(auth "$JIM")" -H "$JSON" -d "$CHECK")"
check "PDRM records its checklist" 201 "$(req POST /api/v1/guidelines/infectious-disease/checks -H "$(auth "$PDRM")" \
	-H "$JSON" -d "$CHECK")"
check "items left out" 422 "$(req POST /api/v1/guidelines/infectious-disease/checks -H "$(auth "$PDRM")" -H "$JSON" \
	-d "{\"subject\":\"operation\",\"subject_ref\":\"$REF\",\"agency\":\"PDRM\",\"check_date\":\"2021-08-01\",\"answers\":{\"HS1\":\"yes\"}}")"
check "compliance" 200 "$(req GET "/api/v1/compliance?from=2021-01-01&to=2021-12-31" -H "$(auth "$SEC")")"
check "PDRM fully compliant" '[["PDRM",1,1]]' "$(jq -c '[.compliance[] | [.agency, .checks, .rate]]' "$WORK/body")"
check "guidelines page" 200 "$(req GET /guidelines -b "$WORK/pdrm.jar")"
contains "compliance table" "PDRM" "$WORK/body"
contains "the checklist form" 'action="/guidelines/infectious-disease/checks"' "$WORK/body"
FORM="csrf=$(csrf_of pdrm)&subject=operation&subject_ref=$REF&agency=PDRM&check_date=2021-08-02"
for item in HS1 HS2 HS3 PPE1 PPE2 PPE3 ISO1 ISO2 ISO3 SH1 SH2 SH3; do FORM="$FORM&item_$item=yes"; done
check "a checklist through the page" 303 "$(req POST /guidelines/infectious-disease/checks -b "$WORK/pdrm.jar" \
	--data "${FORM/item_PPE3=yes/item_PPE3=no}")"
check "for another agency: refused" 403 "$(req POST /guidelines/infectious-disease/checks -b "$WORK/pdrm.jar" \
	--data "${FORM/agency=PDRM/agency=JIM}")"
check "compliance after it" 200 "$(req GET "/api/v1/compliance?from=2021-01-01&to=2021-12-31" -H "$(auth "$SEC")")"
check "PDRM: 15 of 16" '[["PDRM",2,15,1]]' "$(jq -c '[.compliance[] | [.agency, .checks, .yes, .no]]' "$WORK/body")"
sign_in secretariat
check "the secretariat sees the status forms" 200 "$(req GET "/recommendations?as_of=2021-06-30" -b "$WORK/secretariat.jar")"
contains "a status form" 'action="/recommendations/2021/1"' "$WORK/body"
check "a status through the page" 303 "$(req POST /recommendations/2021/1 -b "$WORK/secretariat.jar" \
	--data "csrf=$(csrf_of secretariat)&status=in-progress&evidence=Prosecutions+up")"
check "an officer may not" 403 "$(req POST /recommendations/2021/1 -b "$WORK/pdrm.jar" \
	--data "csrf=$(csrf_of pdrm)&status=addressed")"
check "recorded" '["in-progress","Prosecutions up"]' \
	"$(curl -s -H "$(auth "$SEC")" "$BASE/api/v1/recommendations?year=2021" | jq -c '.recommendations[0] | [.status, .evidence]')"

stop_server
finish
