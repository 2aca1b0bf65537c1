#!/bin/bash
# Identification, consent and the health screening on the web (h_victim.c): the identification
# page and its forms (trafficking-status decisions, screenings with indicators, the s.41A
# re-screening of a smuggled migrant), consent on the person's page, the health screening of an
# admission, and the same under /api/v1/protection: success, bad input (422 beside the field),
# the role's refusal before the values (403), the person's reach (404), the key (503), and who
# reads what (an agency officer the persons of its agency's cases).
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
sq() { sqlite3 "$DB" "$1"; }
victim() { # the first victim of a PDRM case under investigation, other than $1
	sq "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id
		WHERE cp.role = 'victim' AND c.agency = 'PDRM' AND c.status = 'investigation'
		AND cp.trafficking_status IN ('possible', 'actual') AND p.person_ref <> '$1'
		AND (SELECT count(*) FROM case_persons o WHERE o.person_id = p.id) = 1 ORDER BY p.person_ref LIMIT 1"
}
case_of() {
	sq "SELECT c.ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id
		WHERE p.person_ref = '$1' AND cp.role = 'victim'"
}
status_of() {
	sq "SELECT cp.trafficking_status FROM case_persons cp JOIN persons p ON p.id = cp.person_id
		JOIN cases c ON c.id = cp.case_id WHERE p.person_ref = '$1' AND c.ref = '$2' AND cp.role = 'victim'"
}
V1=$(victim -)
V2=$(victim "$V1")
V1_CASE=$(case_of "$V1")
m() { "$MAPO" --db "$DB" "$@" 2>"$WORK/m.err" || { cat "$WORK/m.err" >&2; fail "mapo $*"; }; }
# s.41A: a smuggled migrant in a JIM smuggling case, and a JIM trafficking case linked to it
SOM=$(m case add --kind SOM --agency JIM --action-date 2021-02-01 --state MY-01 --offence 26A)
TIP=$(m case add --kind TIP --agency JIM --action-date 2021-02-01 --state MY-01 --offence 12 \
	--form forced-labour --related "$SOM")
m person add --case "$SOM" --person MIG-WEB --role smuggled-migrant --sex M --age 30 --nationality MMR >/dev/null
m shelter add --code RP-H1 --name "Rumah Sihat" --operator government --serves men --capacity 5 >/dev/null
m shelter add --code RP-H2 --name "Rumah Sihat Dua" --operator government --serves women --capacity 5 >/dev/null

start_server
for r in admin secretariat pdrm jim prosecutor protection partner; do
	eval "TOK_$r=\$(token $r)"
done
for r in protection secretariat pdrm jim prosecutor; do sign_in "$r"; done

# ---- the identification page: who sees it, who gets the forms
IP="/protection/persons/$V1/identification"
s=$(page pdrm "$IP"); check "agency officer: its agency's victim" 200 "$s"
for f in status screen rescreen; do contains "agency officer: form $f" "id=\"$f\"" "$WORK/body"; done
contains "the org offered is the officer's agency" 'name="org" type="text" value="PDRM"' "$WORK/body"
contains "an indicator box" 'name="indicators" value="debt-bondage"' "$WORK/body"
lacks "no link to a protection record it may not read" "Protection record" "$WORK/body"
s=$(page jim "$IP"); check "agency officer: another agency's victim looks absent" 404 "$s"
s=$(page prosecutor "$IP"); check "prosecutor: refused" 403 "$s"
s=$(page secretariat "$IP"); check "secretariat: reads" 200 "$s"
lacks "secretariat: no forms" 'id="status"' "$WORK/body"
s=$(page protection "/protection/persons/$V1"); check "the person's page" 200 "$s"
contains "the person's page links to the identification" "$V1/identification\">" "$WORK/body"
contains "consent form on the person's page" 'id="consent"' "$WORK/body"

# ---- the case page links a victim and a smuggled migrant to their identification
s=$(page pdrm "/cases/$V1_CASE"); check "the case page" 200 "$s"
contains "a victim linked to its identification" "/protection/persons/$V1/identification?case=" "$WORK/body"
s=$(page jim "/cases/$SOM"); check "the smuggling case's page" 200 "$s"
contains "a smuggled migrant linked for its re-screening" "/protection/persons/MIG-WEB/identification?case=" "$WORK/body"
s=$(page jim "/protection/persons/MIG-WEB/identification?case=$(enc "$SOM")")
contains "the case carried into the forms" "name=\"case_ref\" type=\"text\" value=\"$SOM\"" "$WORK/body"

# ---- a decision through the page: the values' problems beside the fields, then recorded
for who in secretariat prosecutor; do
	s=$(post "$who" /protection/decisions "person_ref=$V1" date=never)
	check "$who: a decision refused before validation" 403 "$s"
	lacks "$who: says nothing of the values" "not a date" "$WORK/body"
done
s=$(post jim /protection/decisions "person_ref=$V1" date=never); check "jim: out of reach before validation" 404 "$s"
s=$(post pdrm /protection/decisions "person_ref=$V1" "case_ref=$V1_CASE" status=maybe org=PDRM date=2021-13-01)
check "decision form: problems" 422 "$s"
contains "status: beside the field" 'id="e-status-status"' "$WORK/body"
contains "date: beside the field" "&#39;2021-13-01&#39; is not a date" "$WORK/body"
s=$(post pdrm /protection/decisions "person_ref=$V1" "case_ref=$SOM" status=actual org=PDRM date=2021-06-01)
check "decision form: not a victim in that case" 422 "$s"
contains "the case named beside case_ref" 'id="e-status-case_ref"' "$WORK/body"
s=$(post pdrm /protection/decisions "person_ref=$V1" "case_ref=$V1_CASE" status=actual org=PDRM date=2021-06-01 \
	"reason=Pasport ditahan <majikan>")
check "decision form: recorded" 303 "$s"
contains "back to the identification page" "Location: /protection/persons/$V1/identification?saved=1" "$WORK/headers"
check "the role's status is the decision's" actual "$(status_of "$V1" "$V1_CASE")"
s=$(page pdrm "$IP")
contains "the decision listed, its reason opened and escaped" "Pasport ditahan &lt;majikan&gt;" "$WORK/body"
check "audited as the officer" pdrm "$(sq "SELECT username FROM audit_log WHERE action = 'victim-status' ORDER BY id DESC LIMIT 1")"
check "the view of the reasons audited" pdrm "$(sq "SELECT username FROM audit_log WHERE action = 'identification-view' ORDER BY id DESC LIMIT 1")"
check "the reason is sealed" 0 "$(sq "SELECT count(*) FROM victim_status_history WHERE CAST(reason AS TEXT) LIKE '%Pasport%'")"

# ---- the same through the API
s=$(api "$TOK_secretariat" POST /api/v1/protection/decisions '{"status":7}'); check "API: secretariat refused first" 403 "$s"
s=$(api "$TOK_jim" POST /api/v1/protection/decisions "{\"person_ref\":\"$V1\",\"status\":7}"); check "API: jim out of reach" 404 "$s"
s=$(api "$TOK_pdrm" POST /api/v1/protection/decisions "{\"person_ref\":\"$V1\",\"case_ref\":\"$V1_CASE\",\"status\":\"maybe\",\"org\":\"PDRM\",\"date\":\"2999-01-01\"}")
check "API: problems" 422 "$s"
check "API: the status named" "unknown value 'maybe'" "$(field_of status)"
s=$(api "$TOK_pdrm" POST /api/v1/protection/decisions "{\"person_ref\":\"$V1\",\"colour\":1}")
check "API: an unknown member" "unknown member 'colour'" "$(field_of colour)"
s=$(api "$TOK_pdrm" POST /api/v1/protection/decisions "{\"person_ref\":\"$V1\",\"case_ref\":\"$V1_CASE\",\"status\":\"actual\",\"org\":\"PDRM\",\"date\":\"2999-01-01\"}")
check "API: a future date" 422 "$s"
check "API: the date named" "a real date not in the future is needed" "$(field_of date)"
s=$(api "$TOK_pdrm" POST /api/v1/protection/decisions "{\"person_ref\":\"$V1\",\"case_ref\":\"$V1_CASE\",\"status\":\"not-a-victim\",\"org\":\"PDRM\",\"date\":\"2021-06-10\",\"reason\":\"re-interview\"}")
check "API: recorded" 201 "$s"
check "API: the decision" "not-a-victim re-interview" "$(jq -r '"\(.status) \(.reason)"' "$WORK/body")"
check "the status follows the last decision" not-a-victim "$(status_of "$V1" "$V1_CASE")"
s=$(api "$TOK_pdrm" GET "/api/v1/protection/persons/$(enc "$V1")/identification"); check "API: the officer reads it" 200 "$s"
check "API: both decisions, oldest first" "actual not-a-victim" "$(jq -r '[.decisions[].status] | join(" ")' "$WORK/body")"
check "API: the first reason opened" "Pasport ditahan <majikan>" "$(jq -r '.decisions[0].reason' "$WORK/body")"
s=$(api "$TOK_jim" GET "/api/v1/protection/persons/$(enc "$V1")/identification"); check "API: jim does not" 404 "$s"
s=$(api "$TOK_prosecutor" GET "/api/v1/protection/persons/$(enc "$V1")/identification"); check "API: prosecutor refused" 403 "$s"
s=$(api "$TOK_partner" GET "/api/v1/protection/persons/$(enc "$V1")/identification"); check "API: partner refused" 403 "$s"

# ---- screenings: boxes on the page, an array in the API
s=$(post pdrm /protection/screenings "person_ref=$V1" "case_ref=$V1_CASE" org=PDRM date=2021-06-02 outcome=actual \
	indicators=debt-bondage indicators=no-such-thing)
check "screening form: an unknown indicator" 422 "$s"
contains "named beside the boxes" "unknown indicator &#39;no-such-thing&#39;" "$WORK/body"
contains "the boxes sent stay ticked" 'value="debt-bondage" checked' "$WORK/body"
s=$(post pdrm /protection/screenings "person_ref=$V1" "case_ref=$V1_CASE" org=PDRM date=2021-06-02 outcome=actual \
	indicators=debt-bondage indicators=withholds-documents)
check "screening form: recorded" 303 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/screenings "{\"person_ref\":\"$V1\",\"case_ref\":\"$V1_CASE\",\"org\":\"JKM\",\"date\":\"2021-06-03\",\"outcome\":\"actual\",\"indicators\":\"debt-bondage\"}")
check "API screening: indicators must be an array" 422 "$s"
check "API screening: named" "'indicators' must be an array of strings" "$(field_of indicators)"
s=$(api "$TOK_protection" POST /api/v1/protection/screenings "{\"person_ref\":\"$V1\",\"case_ref\":\"$V1_CASE\",\"org\":\"JKM\",\"date\":\"2021-06-03\",\"outcome\":\"actual\",\"indicators\":[\"threats\"]}")
check "API screening: recorded" 201 "$s"
s=$(api "$TOK_protection" GET "/api/v1/protection/persons/$(enc "$V1")/identification")
check "both screenings with their indicators" "PDRM:debt-bondage,withholds-documents JKM:threats" \
	"$(jq -r '[.screenings[] | "\(.org):\(.indicators | join(","))"] | join(" ")' "$WORK/body")"
s=$(page pdrm "$IP")
contains "the screening listed with the indicators' names" "Debt bondage" "$WORK/body"

# ---- s.41A: re-screening a smuggled migrant
MP="/protection/persons/MIG-WEB/identification"
s=$(page jim "$MP"); check "jim: its smuggled migrant's page" 200 "$s"
s=$(post jim /protection/rescreenings person_ref=MIG-WEB "case_ref=$SOM" org=JIM date=2021-02-03 outcome=actual)
check "re-screening: a finding needs the linked TIP case" 422 "$s"
contains "said on the page" "needs the TIP case linked" "$WORK/body"
s=$(post jim /protection/rescreenings person_ref=MIG-WEB "case_ref=$SOM" "tip_case_ref=$V1_CASE" org=JIM \
	date=2021-02-03 outcome=actual)
check "re-screening: a TIP case not linked" 422 "$s"
s=$(post jim /protection/rescreenings person_ref=MIG-WEB "case_ref=$SOM" "tip_case_ref=$TIP" org=JIM \
	date=2021-02-03 outcome=actual indicators=debt-bondage)
check "re-screening: recorded" 303 "$s"
check "the same person now a victim in the TIP case" actual "$(status_of MIG-WEB "$TIP")"
s=$(api "$TOK_jim" GET /api/v1/protection/persons/MIG-WEB/identification)
check "the decision the re-screening made" "$TIP actual JIM" "$(jq -r '.decisions[0] | "\(.case_ref) \(.status) \(.org)"' "$WORK/body")"
s=$(api "$TOK_jim" POST /api/v1/protection/rescreenings "{\"person_ref\":\"MIG-WEB\",\"case_ref\":\"$TIP\",\"org\":\"JIM\",\"date\":\"2021-02-04\",\"outcome\":\"not-a-victim\"}")
check "API re-screening: not a smuggling case" 422 "$s"

# ---- consent on the person's page and in the API
s=$(post pdrm /protection/consents "person_ref=$V1" scope=processing decision=given date=2021-06-01)
check "consent: an agency officer may not" 403 "$s"
s=$(post protection /protection/consents "person_ref=$V1" scope=everything decision=given date=2021-06-01)
check "consent form: an unknown scope" 422 "$s"
contains "scope beside the field" 'id="e-consent-scope"' "$WORK/body"
s=$(post protection /protection/consents "person_ref=$V1" scope=sharing decision=given date=2999-01-01)
check "consent form: a future date" 422 "$s"
contains "the core's word beside the date" 'id="e-consent-date">a real date not in the future is needed' "$WORK/body"
s=$(post protection /protection/consents "person_ref=$V1" scope=sharing decision=refused date=2021-06-01)
check "consent form: recorded" 303 "$s"
s=$(page protection "/protection/persons/$V1")
contains "consent listed" "sharing with partner organisations" "$WORK/body"
s=$(api "$TOK_protection" POST /api/v1/protection/consents "{\"person_ref\":\"$V1\",\"scope\":\"photo\",\"decision\":\"given\",\"date\":\"2021-06-02\"}")
check "API consent: recorded" 201 "$s"
s=$(api "$TOK_secretariat" GET "/api/v1/protection/persons/$(enc "$V1")/consents"); check "API consents: read" 200 "$s"
check "API consents: both, oldest first" "sharing:refused:protection photo:given:protection" \
	"$(jq -r '[.consents[] | "\(.scope):\(.decision):\(.recorded_by)"] | join(" ")' "$WORK/body")"
check "audited" 2 "$(sq "SELECT count(*) FROM audit_log WHERE action = 'consent' AND username <> ''")" # not the demo's

# ---- the health screening of an admission (V2, a woman or a man: the shelter that serves them)
SEX=$(sq "SELECT sex FROM persons WHERE person_ref = '$V2'")
SH=RP-H1; [ "$SEX" = F ] && SH=RP-H2
m shelter admit --shelter "$SH" --person "$V2" --date 2021-06-05 >/dev/null
VP="/protection/persons/$V2"
s=$(page protection "$VP"); check "the page of a person staying" 200 "$s"
contains "screening pending" "screening pending" "$WORK/body"
contains "the health form" 'id="health"' "$WORK/body"
contains "a result for each check" 'name="results.tuberculosis"' "$WORK/body"
s=$(post protection /protection/health-screenings "person_ref=$V2" date=2021-06-01 results.tuberculosis=negative)
check "health form: no stay on that date" 422 "$s"
contains "said beside the date" 'id="e-health-date"' "$WORK/body"
s=$(post protection /protection/health-screenings "person_ref=$V2" date=2021-06-06 results.tuberculosis=sick)
check "health form: unknown result" 422 "$s"
contains "named" "unknown result &#39;sick&#39;" "$WORK/body"
s=$(post protection /protection/health-screenings "person_ref=$V2" date=2021-06-06 results.tuberculosis=negative \
	results.covid-19=positive isolation=1)
check "health form: recorded" 303 "$s"
s=$(page protection "$VP")
contains "the results on the page" "COVID-19 test: positive" "$WORK/body"
contains "the isolation" "isolated on admission" "$WORK/body"
lacks "no form once screened" 'id="health"' "$WORK/body"
s=$(api "$TOK_protection" POST /api/v1/protection/health-screenings "{\"person_ref\":\"$V2\",\"date\":\"2021-06-07\",\"results\":{\"tuberculosis\":\"negative\"}}")
check "API health: one screening an admission" 409 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/health-screenings "{\"person_ref\":\"$V2\",\"date\":\"2021-06-07\",\"results\":[\"tuberculosis\"]}")
check "API health: results must be an object" 422 "$s"
s=$(api "$TOK_pdrm" POST /api/v1/protection/health-screenings '{"results":1}'); check "API health: pdrm refused" 403 "$s"
s=$(api "$TOK_protection" GET "/api/v1/protection/persons/$(enc "$V2")/stays"); check "API stays" 200 "$s"
check "API stays: the stay and its screening" "$SH negative positive true" \
	"$(jq -r '.stays[0] | "\(.shelter) \(.health.results.tuberculosis) \(.health.results["covid-19"]) \(.health.isolation)"' "$WORK/body")"
s=$(api "$TOK_secretariat" GET "/api/v1/protection/persons/$(enc "$V2")/stays"); check "API stays: secretariat" 200 "$s"
check "API stays: the date, not the results" "2021-06-06 null" "$(jq -r '.stays[0].health | "\(.screened_on) \(.results)"' "$WORK/body")"
s=$(page secretariat "$VP"); check "secretariat: the person's page" 200 "$s"
lacks "secretariat: no results on the page" "COVID-19 test: positive" "$WORK/body"
s=$(api "$TOK_partner" GET "/api/v1/protection/persons/$(enc "$V2")/stays"); check "API stays: partner refused" 403 "$s"
check "the view of the results audited" protection "$(sq "SELECT username FROM audit_log WHERE action = 'health-view' ORDER BY id DESC LIMIT 1")"
check "audited, naming the items" 1 "$(sq "SELECT count(*) FROM audit_log WHERE action = 'health-screen' AND detail LIKE '%tuberculosis%' AND username <> ''")"
check "audited without the results or the isolation" "" \
	"$(sq "SELECT detail FROM audit_log WHERE action = 'health-screen' AND (detail LIKE '%negative%' OR detail LIKE '%positive%' OR detail LIKE '%isolat%')")"

# ---- without the key: the reach first, then 503 where a sealed value is needed
mv "$DB.key" "$WORK/key.away"
s=$(page jim "$IP"); check "no key: out of reach is still 404" 404 "$s"
s=$(page pdrm "$IP"); check "no key: the identification page" 503 "$s"
s=$(api "$TOK_pdrm" POST /api/v1/protection/decisions "{\"person_ref\":\"$V1\",\"case_ref\":\"$V1_CASE\",\"status\":\"actual\",\"org\":\"PDRM\",\"date\":\"2021-06-11\",\"reason\":\"x\"}")
check "no key: a reason cannot be sealed" 503 "$s"
s=$(api "$TOK_pdrm" POST /api/v1/protection/decisions "{\"person_ref\":\"$V1\",\"case_ref\":\"$V1_CASE\",\"status\":\"actual\",\"org\":\"PDRM\",\"date\":\"2021-06-11\"}")
check "no key: a decision without a reason" 201 "$s"
s=$(page protection "$VP"); check "no key: the person's page still opens" 200 "$s"
lacks "no key: no results shown" "COVID-19 test: positive" "$WORK/body"
mv "$WORK/key.away" "$DB.key"

# ---- Malay
check "switch to Malay" 303 "$(req GET '/lang/ms?next=/dashboard' -b "$WORK/pdrm.jar")"
s=$(page pdrm "$IP"); check "the page in Malay" 200 "$s"
contains "the heading in Malay" "Pengenalpastian $V1" "$WORK/body"
contains "the form in Malay" "Rekod keputusan pengenalpastian" "$WORK/body"

stop_server
finish
