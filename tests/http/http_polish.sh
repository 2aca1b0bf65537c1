#!/bin/bash
# The web application's loose ends: partner referrals ("referred by", cases.source_org) on the
# case form, page and API, and the demo's referrals; API tokens on a page and through the API;
# role names and other header strings in Malay; every view of a person's record audited.
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
add_user ngo --role partner --org "Demo NGO"
start_server

auth() { echo "Authorization: Bearer $1"; }
JSON='Content-Type: application/json'
audit_count() { # ACTION OBJECT [USER]: entries in the trail
	"$MAPO" --db "$DB" audit list --action "$1" --object "$2" ${3:+--user "$3"} --format json | jq length
}

PDRM=$(token pdrm)
ADMIN=$(token admin)
NGO=$(token ngo)
TENAGA=$(token partner)
PROS=$(token prosecutor)
JIM=$(token jim)

# --- 1. the demo's referrals: the demo partner account (run.sh: "Demo NGO") reads some cases
req GET "/api/v1/cases?limit=1000" -H "$(auth "$NGO")" >/dev/null
NREF=$(jq .total "$WORK/body")
[ "$NREF" -gt 20 ] && ok || fail "the demo NGO should read some referred cases, reads $NREF"
check "referred cases are TIP cases" TIP "$(jq -r '[.cases[].kind] | unique | join(",")' "$WORK/body")"
REF1=$(jq -r '.cases[0].case_ref' "$WORK/body")
check "a referred case" 200 "$(req GET "/api/v1/cases/${REF1//\//%2F}" -H "$(auth "$NGO")")"
check "it names who referred it" "Demo NGO" "$(jq -r .source_org "$WORK/body")"
req GET "/api/v1/cases?limit=1" -H "$(auth "$ADMIN")" >/dev/null
ALL=$(jq .total "$WORK/body")
[ "$NREF" -lt "$ALL" ] && ok || fail "the partner reads $NREF of $ALL cases"
check "another partner reads none of them" 0 "$(req GET /api/v1/cases -H "$(auth "$TENAGA")" >/dev/null; jq .total "$WORK/body")"
check "a case not referred has no source_org" null "$(req GET /api/v1/cases/PDRM%2F2021%2F000001 -H "$(auth "$ADMIN")" >/dev/null
	jq -r .source_org "$WORK/body")"

# --- 1. source_org through the API
NEW='{"kind":"TIP","agency":"PDRM","action_date":"2021-07-02","state":"MY-10","offences":["12"],"forms":["sexual"],"summary":"Referred by an NGO (synthetic)","source_org":"Tenaganita Demo"}'
check "create with source_org" 201 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" -d "$NEW")"
REF=$(jq -r .case_ref "$WORK/body")
ENC=${REF//\//%2F}
check "answer has source_org" "Tenaganita Demo" "$(jq -r .source_org "$WORK/body")"
check "the referring partner reads it" 200 "$(req GET "/api/v1/cases/$ENC" -H "$(auth "$TENAGA")")"
check "and lists it" "$REF" "$(req GET /api/v1/cases -H "$(auth "$TENAGA")" >/dev/null; jq -r '.cases[0].case_ref' "$WORK/body")"
check "another partner does not" 404 "$(req GET "/api/v1/cases/$ENC" -H "$(auth "$NGO")")"
check "audited with the case's creation" 1 "$(audit_count case-update "$REF" pdrm)"
"$MAPO" --db "$DB" audit list --action case-update --object "$REF" --format json >"$WORK/audit.json"
check "audit detail" "source_org=Tenaganita Demo" "$(jq -r '.[0].detail' "$WORK/audit.json")"
check "too long" 422 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" \
	-d "{\"kind\":\"TIP\",\"agency\":\"PDRM\",\"action_date\":\"2021-07-02\",\"state\":\"MY-10\",\"offences\":[\"12\"],\"forms\":[\"sexual\"],\"source_org\":\"$(printf 'x%.0s' $(seq 1 130))\"}")"
check "too long: the field" source_org "$(jq -r '.error.fields[0].field' "$WORK/body")"
check "not a string" 422 "$(req POST /api/v1/cases -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"kind":"TIP","agency":"PDRM","action_date":"2021-07-02","state":"MY-10","offences":["12"],"forms":["sexual"],"source_org":5}')"

# change it alone: the case's version stays, one audit entry more
check "change only source_org" 200 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$PDRM")" -H "$JSON" -d '{"version":1,"source_org":"Demo NGO"}')"
check "version unchanged" 1 "$(jq -r .version "$WORK/body")"
check "new source_org" "Demo NGO" "$(jq -r .source_org "$WORK/body")"
check "the old partner lost it" 404 "$(req GET "/api/v1/cases/$ENC" -H "$(auth "$TENAGA")")"
check "the new one has it" 200 "$(req GET "/api/v1/cases/$ENC" -H "$(auth "$NGO")")"
check "two audit entries" 2 "$(audit_count case-update "$REF" pdrm)"
check "a put without source_org keeps it" "Demo NGO" "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"version":1,"status":"charged"}' >/dev/null; jq -r .source_org "$WORK/body")"
check "the status change bumped the version" 2 "$(jq -r .version "$WORK/body")"
# only roles that may edit the case may set it
check "a prosecutor may not" 403 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$PROS")" -H "$JSON" -d '{"version":2,"source_org":"X"}')"
check "nor together with a status" 403 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$PROS")" -H "$JSON" \
	-d '{"version":2,"status":"convicted","source_org":"X"}')"
check "the refused put wrote nothing" charged "$(req GET "/api/v1/cases/$ENC" -H "$(auth "$ADMIN")" >/dev/null; jq -r .status "$WORK/body")"
check "a prosecutor may send it unchanged" 200 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$PROS")" -H "$JSON" \
	-d '{"version":2,"status":"convicted","source_org":"Demo NGO"}')"
check "another agency's officer: not found" 404 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$JIM")" -H "$JSON" -d '{"version":3,"source_org":"X"}')"
check "a partner may not" 404 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$TENAGA")" -H "$JSON" -d '{"version":3,"source_org":"Tenaganita Demo"}')"
check "a stale version is refused" 409 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$ADMIN")" -H "$JSON" -d '{"version":1,"source_org":"Y"}')"
check "the admin clears it" 200 "$(req PUT "/api/v1/cases/$ENC" -H "$(auth "$ADMIN")" -H "$JSON" -d '{"version":3,"source_org":null}')"
check "cleared" null "$(jq -r .source_org "$WORK/body")"
check "the partner lost it" 404 "$(req GET "/api/v1/cases/$ENC" -H "$(auth "$NGO")")"

# --- 1. the case form and page
sign_in pdrm
sign_in prosecutor
req GET /cases/new -b "$WORK/pdrm.jar" >/dev/null
contains "the form has the field" 'name="source_org"' "$WORK/body"
contains "with a label" '<label for="f-source_org">' "$WORK/body"
contains "partner organisations offered" '<option value="Demo NGO">' "$WORK/body"
s=$(req POST /cases -b "$WORK/pdrm.jar" --data-urlencode "csrf=$(csrf_of pdrm)" -d kind=TIP -d agency=PDRM \
	-d action_date=2021-07-03 -d state=MY-01 -d offence=12 -d form=begging -d summary=form-referral \
	--data-urlencode "source_org=Tenaganita Demo")
check "create through the form" 303 "$s"
LOC=$(sed -n 's/^Location: \([^?]*\).*/\1/p' "$WORK/headers" | tr -d '\r')
FREF=$(echo "${LOC#/cases/}" | sed 's/%2F/\//g')
req GET "$LOC" -b "$WORK/pdrm.jar" >/dev/null
contains "the page says who referred it" '<dt>Referred by</dt><dd>Tenaganita Demo</dd>' "$WORK/body"
check "the partner reads it" 200 "$(req GET "/api/v1/cases/${FREF//\//%2F}" -H "$(auth "$TENAGA")")"
req GET "$LOC/edit" -b "$WORK/pdrm.jar" >/dev/null
contains "the edit form holds it" 'value="Tenaganita Demo" list="partner-orgs"' "$WORK/body"
s=$(req POST "$LOC/edit" -b "$WORK/pdrm.jar" --data-urlencode "csrf=$(csrf_of pdrm)" -d version=1 -d kind=TIP -d agency=PDRM \
	-d action_date=2021-07-03 -d state=MY-01 -d offence=12 -d form=begging -d summary=form-referral -d source_org=)
check "clear it through the form" 303 "$s"
req GET "$LOC" -b "$WORK/pdrm.jar" >/dev/null
contains "none now" '<dt>Referred by</dt><dd>no partner organisation</dd>' "$WORK/body"
check "the partner lost it" 404 "$(req GET "/api/v1/cases/${FREF//\//%2F}" -H "$(auth "$TENAGA")")"
# a prosecutor's status-only form has no such field
req GET "/cases/$REF/edit" -b "$WORK/prosecutor.jar" >/dev/null
lacks "no source_org for a prosecutor" 'name="source_org"' "$WORK/body"

# --- 2. API tokens: the page
sign_in admin
check "anonymous: to the sign-in" 303 "$(req GET /tokens)"
check "anonymous API" 401 "$(req GET /api/v1/tokens)"
check "the page" 200 "$(req GET /tokens -b "$WORK/pdrm.jar")"
contains "none yet" "No API tokens." "$WORK/body"
contains "linked from the header" '<a class="tokens" href="/tokens">API tokens</a>' "$WORK/body"
check "create without CSRF" 403 "$(req POST /tokens -b "$WORK/pdrm.jar" -d label=ci-script)"
check "create without a label" 422 "$(req POST /tokens -b "$WORK/pdrm.jar" --data-urlencode "csrf=$(csrf_of pdrm)" -d label=)"
check "create" 200 "$(req POST /tokens -b "$WORK/pdrm.jar" --data-urlencode "csrf=$(csrf_of pdrm)" -d label=ci-script)"
T1=$(sed -n 's/.*id="new-token" type="text" readonly value="\(mapo_[A-Za-z0-9_-]*\)".*/\1/p' "$WORK/body")
check "the token is shown" 48 "${#T1}"
check "the token works" 200 "$(req GET /api/v1/me -H "$(auth "$T1")")"
check "as an API token" true "$(jq -r .api_token "$WORK/body")"
check "with the user's role" agency-officer "$(jq -r .role "$WORK/body")"
req GET /tokens -b "$WORK/pdrm.jar" >/dev/null
contains "listed" "<td>ci-script</td>" "$WORK/body"
lacks "never shown again" "$T1" "$WORK/body"
check "its use is shown" 0 "$(grep -c '<td>never</td>' "$WORK/body")"
check "creation audited" 1 "$(audit_count token-create pdrm pdrm)"

# --- 2. API tokens: the API
check "create through the API" 201 "$(req POST /api/v1/tokens -H "$(auth "$PDRM")" -H "$JSON" -d '{"label":"nightly export"}')"
T2=$(jq -r .token "$WORK/body")
ID2=$(jq -r .id "$WORK/body")
check "its label" "nightly export" "$(jq -r .label "$WORK/body")"
check "an API token cannot make tokens" 403 "$(req POST /api/v1/tokens -H "$(auth "$T2")" -H "$JSON" -d '{"label":"x"}')"
check "no label" 422 "$(req POST /api/v1/tokens -H "$(auth "$PDRM")" -H "$JSON" -d '{}')"
check "no label: the field" label "$(jq -r '.error.fields[0].field' "$WORK/body")"
check "label not a string" 422 "$(req POST /api/v1/tokens -H "$(auth "$PDRM")" -H "$JSON" -d '{"label":1}')"
check "label too long" 422 "$(req POST /api/v1/tokens -H "$(auth "$PDRM")" -H "$JSON" -d "{\"label\":\"$(printf 'y%.0s' $(seq 1 70))\"}")"
check "list" 200 "$(req GET /api/v1/tokens -H "$(auth "$T2")")"
check "two tokens" "ci-script,nightly export" "$(jq -r '[.tokens[].label] | join(",")' "$WORK/body")"
check "never the tokens themselves" false "$(jq '[.tokens[] | has("token")] | any' "$WORK/body")"
check "last use recorded" true "$(jq '[.tokens[] | select(.label == "nightly export") | .last_used > 0] | all' "$WORK/body")"
ID1=$(jq -r '.tokens[] | select(.label == "ci-script") | .id' "$WORK/body")
check "others' tokens: not for officers" 403 "$(req GET "/api/v1/tokens?user=pdrm" -H "$(auth "$JIM")")"
check "nor their revocation" 403 "$(req DELETE "/api/v1/tokens/$ID2?user=pdrm" -H "$(auth "$JIM")")"
check "not one's own token" 404 "$(req DELETE "/api/v1/tokens/$ID2" -H "$(auth "$JIM")")"
check "still works" 200 "$(req GET /api/v1/me -H "$(auth "$T2")")"
check "not a number" 404 "$(req DELETE "/api/v1/tokens/abc" -H "$(auth "$PDRM")")"
check "revoke one's own" 204 "$(req DELETE "/api/v1/tokens/$ID2" -H "$(auth "$PDRM")")"
check "a revoked token is refused" 401 "$(req GET /api/v1/me -H "$(auth "$T2")")"
check "revoked twice" 404 "$(req DELETE "/api/v1/tokens/$ID2" -H "$(auth "$PDRM")")"
check "an admin lists anyone's" 200 "$(req GET "/api/v1/tokens?user=pdrm" -H "$(auth "$ADMIN")")"
check "pdrm's" "ci-script" "$(jq -r '[.tokens[].label] | join(",")' "$WORK/body")"
check "an unknown user" 404 "$(req GET "/api/v1/tokens?user=nobody" -H "$(auth "$ADMIN")")"

# --- 2. an admin revokes another's token on the page
check "others' page: not for officers" 403 "$(req GET "/tokens?user=admin" -b "$WORK/pdrm.jar")"
check "others' page for an admin" 200 "$(req GET "/tokens?user=pdrm" -b "$WORK/admin.jar")"
contains "lists pdrm's token" "<td>ci-script</td>" "$WORK/body"
lacks "no creation form for another's tokens" 'action="/tokens" ' "$WORK/body"
sign_in jim
check "an officer cannot revoke it for another" 403 "$(req POST "/tokens/$ID1/revoke" -b "$WORK/jim.jar" --data-urlencode "csrf=$(csrf_of jim)" -d user=pdrm)"
check "the admin revokes it" 303 "$(req POST "/tokens/$ID1/revoke" -b "$WORK/admin.jar" --data-urlencode "csrf=$(csrf_of admin)" -d user=pdrm)"
contains "back to pdrm's tokens" "Location: /tokens?user=pdrm&revoked=1" "$WORK/headers"
check "revoked" 401 "$(req GET /api/v1/me -H "$(auth "$T1")")"
check "revocations audited" 2 "$(audit_count token-revoke pdrm)"
check "by the admin" 1 "$(audit_count token-revoke pdrm admin)"
req GET /users -b "$WORK/admin.jar" >/dev/null
contains "the users page links each account's tokens" 'href="/tokens?user=pdrm"' "$WORK/body"
for r in secretariat prosecutor protection partner; do
	sign_in $r
	check "every role has its token page ($r)" 200 "$(req GET /tokens -b "$WORK/$r.jar")"
done

# --- 4. every view of a person's record is audited, on pages and through the API
views() { # USER OBJECT: the person-view entries
	"$MAPO" --db "$DB" audit list --action person-view --object "$2" --user "$1" --format json
}
C1=PDRM/2021/000001
check "an officer who may edit the persons" 200 "$(req GET "/cases/$C1" -b "$WORK/pdrm.jar")"
NP=$(grep -c '<tr><th scope="row">' "$WORK/body")
[ "$NP" -ge 1 ] && ok || fail "the demo case $C1 should have persons"
check "its view is audited" 1 "$(views pdrm "$C1" | jq length)"
check "with the count" "$NP persons" "$(views pdrm "$C1" | jq -r '.[0].detail' | sed 's/ person$/ persons/')"
sign_in secretariat
check "the secretariat, identities hidden" 200 "$(req GET "/cases/$C1" -b "$WORK/secretariat.jar")"
contains "masked" "Person references and birth dates are hidden for your role." "$WORK/body"
check "audited as masked" "identities hidden" "$(views secretariat "$C1" | jq -r '.[0].detail' | sed 's/.*, //')"
check "the protection officer's view" 200 "$(req GET "/cases/$C1" -b "$WORK/protection.jar")"
check "audited" 1 "$(views protection "$C1" | jq length)"
check "through the API" 200 "$(req GET "/api/v1/cases/${C1//\//%2F}/persons" -H "$(auth "$ADMIN")")"
check "audited" 1 "$(views admin "$C1" | jq length)"
check "a case without persons" 200 "$(req GET "/cases/$REF" -b "$WORK/pdrm.jar")"
contains "none shown" "No persons recorded." "$WORK/body"
check "no view to record" 0 "$(views pdrm "$REF" | jq length)"
check "nor through the API" 0 "$(req GET "/api/v1/cases/$ENC/persons" -H "$(auth "$PDRM")" >/dev/null; views pdrm "$REF" | jq length)"
check "a case out of reach shows nothing" 404 "$(req GET "/cases/$C1" -b "$WORK/jim.jar")"
check "and records no view" 0 "$(views jim "$C1" | jq length)"
# exports: the list's CSV and the command line's
check "the list's CSV" 200 "$(req GET "/cases.csv?agency=PDRM" -b "$WORK/pdrm.jar")"
check "audited" 1 "$("$MAPO" --db "$DB" audit list --action export --user pdrm --format json | jq length)"
"$MAPO" --db "$DB" export "$WORK/exported" >/dev/null 2>&1
check "mapo export is audited" 1 "$("$MAPO" --db "$DB" audit list --action export --user '' --format json |
	jq '[.[] | select(.detail | startswith("cases.csv persons.csv"))] | length')"
cat >"$WORK/imp.csv" <<'CSV'
case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary
KDRM/2021/900001,SOM,KDRM,2021-07-01,MY-01,26A,,investigation,,imported on the command line (synthetic)
CSV
"$MAPO" --db "$DB" import "$WORK/imp.csv" >/dev/null 2>&1
check "mapo import is audited" "cases added 1, replaced 0, person rows 0" "$("$MAPO" --db "$DB" audit list --action import --user '' --format json | jq -r '.[0].detail')"
"$MAPO" --db "$DB" audit verify >/dev/null
check "the trail is intact" 0 $?

# --- 5. the API does what the case page does: remove a person's role
PROT=$(token protection)
req POST "/api/v1/cases/$ENC/persons" -H "$(auth "$PDRM")" -H "$JSON" -d '{"person_ref":"PL-S1","role":"suspect","sex":"M","nationality":"MYS"}' >/dev/null
check "add a victim" 200 "$(req POST "/api/v1/cases/$ENC/persons" -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"person_ref":"PL-V1","role":"victim","sex":"F","age":30,"nationality":"IDN"}')"
check "say which" 400 "$(req DELETE "/api/v1/cases/$ENC/persons" -H "$(auth "$PDRM")")"
check "an unknown role" 400 "$(req DELETE "/api/v1/cases/$ENC/persons?person_ref=PL-S1&role=boss" -H "$(auth "$PDRM")")"
check "a protection officer: not a suspect" 403 "$(req DELETE "/api/v1/cases/$ENC/persons?person_ref=PL-S1&role=suspect" -H "$(auth "$PROT")")"
check "another agency: not found" 404 "$(req DELETE "/api/v1/cases/$ENC/persons?person_ref=PL-S1&role=suspect" -H "$(auth "$JIM")")"
check "with a session cookie, CSRF is needed" 403 "$(req DELETE "/api/v1/cases/$ENC/persons?person_ref=PL-S1&role=suspect" -b "$WORK/pdrm.jar")"
check "the officer removes the suspect" 204 "$(req DELETE "/api/v1/cases/$ENC/persons?person_ref=PL-S1&role=suspect" -H "$(auth "$PDRM")")"
check "a protection officer removes the victim" 204 "$(req DELETE "/api/v1/cases/$ENC/persons?person_ref=PL-V1&role=victim" -H "$(auth "$PROT")")"
check "gone" 404 "$(req DELETE "/api/v1/cases/$ENC/persons?person_ref=PL-V1&role=victim" -H "$(auth "$PDRM")")"
check "no persons left" 0 "$(req GET "/api/v1/cases/$ENC/persons" -H "$(auth "$PDRM")" >/dev/null; jq '.persons | length' "$WORK/body")"
check "removals audited" 2 "$("$MAPO" --db "$DB" audit list --action person-remove --object "$REF" --format json | jq length)"

# --- 5. the command line's writes and views of persons are in the trail too
cli() { "$MAPO" --db "$DB" "$@"; }
trail() { # ACTION OBJECT: the command line's entries, newest first
	cli audit list --action "$1" --object "$2" --user '' --format json
}
CREF=$(cli case add --kind TIP --agency JTK --action-date 2021-07-06 --state MY-05 --offence 12 --form forced-labour \
	--summary "command line (synthetic)")
check "case add audited" "status: investigation" "$(trail case-create "$CREF" | jq -r '.[0].detail')"
cli case edit "$CREF" --version 1 --status charged --summary "changed (synthetic)" >/dev/null
check "case edit audited with what changed" "status: investigation -> charged; summary" \
	"$(trail case-update "$CREF" | jq -r '.[0].detail')"
cli case edit "$CREF" --version 1 --summary "stale (synthetic)" >/dev/null 2>&1
check "a refused edit leaves no entry" 1 "$(trail case-update "$CREF" | jq length)"
cli person add --case "$CREF" --person CL-V1 --role victim --sex F --age 22 --nationality IDN >/dev/null
check "person add audited" "CL-V1 victim" "$(trail person-put "$CREF" | jq -r '.[0].detail')"
cli case show "$CREF" >/dev/null
check "case show: the view of its persons audited" "1 person" "$(trail person-view "$CREF" | jq -r '.[0].detail')"
cli case show "$CREF" --format json >/dev/null
check "as JSON too" 2 "$(trail person-view "$CREF" | jq length)"
cli person list "$CREF" --format csv >/dev/null
check "person list audited" "person list" "$(trail person-view "$CREF" | jq -r '.[0].detail')"
cli person remove --case "$CREF" --person CL-V1 --role victim
check "person remove audited" "CL-V1 victim" "$(trail person-remove "$CREF" | jq -r '.[0].detail')"
cli case show "$CREF" >/dev/null
check "no persons, no view" 3 "$(trail person-view "$CREF" | jq length)"
cli case delete "$CREF" --version 2 >/dev/null
check "case delete audited" 1 "$(trail case-delete "$CREF" | jq length)"
cli audit verify >/dev/null
check "the trail is intact" 0 $?

# --- 3. role names and the header in Malay
sign_in ngo
check "switch to Malay" 303 "$(req GET "/lang/ms?next=/dashboard" -b "$WORK/ngo.jar")"
req GET /dashboard -b "$WORK/ngo.jar" >/dev/null
contains "the role's name" "(organisasi rakan kongsi, Demo NGO)" "$WORK/body"
contains "the tokens link" '<a class="tokens" href="/tokens">Token API</a>' "$WORK/body"
req GET /tokens -b "$WORK/ngo.jar" >/dev/null
contains "the tokens page" "<h1>Token API anda</h1>" "$WORK/body"
check "a refusal from the core in Malay" 403 "$(req GET "/api/v1/tokens?user=admin" -H "$(auth "$NGO")")"
check "its message" "hanya pentadbir boleh mengurus akaun" "$(jq -r .error.message "$WORK/body")"
sign_in protection
req GET "/lang/ms?next=/" -b "$WORK/protection.jar" >/dev/null
req GET "/cases/$C1" -b "$WORK/protection.jar" >/dev/null
contains "another role" "(pegawai pelindung)" "$WORK/body"
contains "the referral field's name" "<dt>Dirujuk oleh</dt>" "$WORK/body"
req GET /users -b "$WORK/admin.jar" >/dev/null
contains "role names on the users page (English)" "<td>agency officer</td>" "$WORK/body"

stop_server
finish
