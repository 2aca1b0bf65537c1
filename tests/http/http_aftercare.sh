#!/bin/bash
# A victim's protection record on the web (h_victim.c): every new write route, on the person's
# page and under /api/v1/protection, for success, bad input (422 with a message per field, beside
# the field on a page, with what was sent), the role's refusal before any validation (403, and
# 404 for a person out of reach), and stale versions (409); the lists of permits and
# repatriations with their date filters and a partner's narrowed view; the identity API's
# permission before its key; and a demo database that has its key without `mapo init`.
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
check "mapo demo made the key file" yes "$([ -f "$DB.key" ] && echo yes)"
sq() { sqlite3 "$DB" "$1"; }
victim() { # the first victim under protection of a PDRM case under investigation, other than $1
	sq "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id
		WHERE cp.role = 'victim' AND c.agency = 'PDRM' AND c.status = 'investigation'
		AND cp.trafficking_status IN ('possible', 'actual') AND p.person_ref <> '$1' ORDER BY p.person_ref LIMIT 1"
}
case_of() {
	sq "SELECT c.ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id
		WHERE p.person_ref = '$1' AND cp.role = 'victim'"
}
V1=$(victim -)
V2=$(victim "$V1")
V1_CASE=$(case_of "$V1")
V2_CASE=$(case_of "$V2")
S1=$(sq "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id
	WHERE cp.role = 'suspect' AND NOT EXISTS (SELECT 1 FROM case_persons v WHERE v.person_id = p.id AND v.role = 'victim')
	ORDER BY p.person_ref LIMIT 1")
m() { "$MAPO" --db "$DB" "$@" >/dev/null 2>"$WORK/m.err" || { cat "$WORK/m.err" >&2; fail "mapo $*"; }; }
m victim identity set "$V1" --name "Cahaya Demo Sintetik"
m shelter add --code RP-A1 --name "Rumah Aman <Demo>" --operator government --serves women --capacity 1
m referral add --person "$V1" --direction in --org "Tenaganita Demo" --service identification --date 2021-06-01

start_server
for r in admin secretariat pdrm jim prosecutor protection partner; do
	eval "TOK_$r=\$(token $r)"
done
sign_in protection
sign_in secretariat
sign_in partner
sign_in pdrm

# ---- the identity API: the person's reach before the key (no 503 for a role that may not see it)
s=$(api "$TOK_admin" GET "/api/v1/protection/persons/$(enc "$V1")/identity"); check "identity with the demo's key" 200 "$s"
check "the name" "Cahaya Demo Sintetik" "$(jq -r .name "$WORK/body")"
mv "$DB.key" "$WORK/key.away"
s=$(api "$TOK_jim" GET "/api/v1/protection/persons/$(enc "$V1")/identity"); check "no key: out of reach is still 404" 404 "$s"
s=$(api "$TOK_admin" GET "/api/v1/protection/persons/NO-SUCH/identity"); check "no key: no such person is 404" 404 "$s"
s=$(api "$TOK_admin" GET "/api/v1/protection/persons/$(enc "$V1")/identity"); check "no key: in reach is 503" 503 "$s"
s=$(api "$TOK_pdrm" POST /api/v1/protection/permits '{"kind":"work"}'); check "no key: a refused role gets 403" 403 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/permits "{\"person_ref\":\"$V1\",\"kind\":\"work\",\"employer\":\"Ladang Demo\",\"risk_assessed_on\":\"2021-06-01\",\"medical_on\":\"2021-06-01\",\"mental_health_on\":\"2021-06-01\",\"valid_from\":\"2021-06-02\"}")
check "no key: an employer cannot be sealed" 503 "$s"
mv "$WORK/key.away" "$DB.key"

# ---- the person's page
V1P="/protection/persons/$V1"
s=$(page protection "$V1P"); check "protection officer: the person's page" 200 "$s"
for f in order admit referral permit repat; do contains "form $f" "id=\"$f\"" "$WORK/body"; done
contains "CSRF token in the forms" 'name="csrf"' "$WORK/body"
contains "the shelter offered, escaped" "Rumah Aman &lt;Demo&gt; (RP-A1)" "$WORK/body"
contains "the person's only case offered" "id=\"f-order-case_ref\" name=\"case_ref\" type=\"text\" value=\"$V1_CASE\"" "$WORK/body"
check "an interim order offered first" interim \
	"$(grep -o '<select id="f-order-kind" name="kind"><option value="[a-z]*"' "$WORK/body" | sed 's/.*value="//; s/"$//')"
s=$(page secretariat "$V1P"); check "secretariat: the page" 200 "$s"
lacks "secretariat: no forms" 'id="order"' "$WORK/body"
s=$(page partner "$V1P"); check "partner: the person it referred" 200 "$s"
contains "partner: its status" 'id="h-status"' "$WORK/body"
contains "the person's page links to the identity" "/protection/persons/$V1/identity\">" "$WORK/body"
contains "partner: its referrals" 'id="h-referrals"' "$WORK/body"
for h in h-orders h-stays h-consent h-permits h-repat; do lacks "partner: nothing else ($h)" "id=\"$h\"" "$WORK/body"; done
s=$(page partner /protection/victims); check "partner: the victims list" 200 "$s"
contains "partner: the person it referred, linked" "href=\"/protection/persons/$V1\"" "$WORK/body"
lacks "partner: no one else" "href=\"/protection/persons/$V2\"" "$WORK/body"
s=$(page partner /protection/aftercare); check "partner: no after-care list" 403 "$s"
s=$(page partner "/protection/persons/$V2"); check "partner: another person looks absent" 404 "$s"
lacks "partner: nothing of V2's record" 'id="h-orders"' "$WORK/body"
s=$(page pdrm "$V1P"); check "agency officer: refused" 403 "$s"
s=$(page protection "/protection/persons/NO-SUCH"); check "no such person" 404 "$s"

# ---- the page forms: the right before the values, whatever was sent
for who in pdrm secretariat partner; do
	for path in /protection/orders /protection/admissions /protection/discharges /protection/referrals \
		/protection/permits /protection/repatriations /protection/orders/1/outcome /protection/referrals/1/decision \
		/protection/permits/1 /protection/repatriations/1; do
		s=$(post "$who" "$path" "person_ref=$V1" date=never version=x kind=?)
		check "$who: $path refused before validation" 403 "$s"
		lacks "$who: $path says nothing of the values" "not a date" "$WORK/body"
	done
done

# ---- court orders: a page form with problems, then a good one
s=$(post protection /protection/orders "case_ref=$V1_CASE" "person_ref=$V1" kind=interim court= start_date=2021-13-01)
check "order form: problems" 422 "$s"
contains "court: beside the field" 'id="e-order-court"' "$WORK/body"
contains "start: beside the field" "&#39;2021-13-01&#39; is not a date" "$WORK/body"
contains "what was sent is kept" 'value="2021-13-01"' "$WORK/body"
s=$(post protection /protection/orders "case_ref=$V1_CASE" "person_ref=$V1" kind=interim "court=Mahkamah Sesyen" start_date=2021-07-01)
check "order form: recorded" 303 "$s"
contains "back to the person's page" "Location: /protection/persons/" "$WORK/headers"
s=$(page protection "$V1P")
contains "the order on the page" "Mahkamah Sesyen" "$WORK/body"
ORDER1=$(sq "SELECT max(id) FROM protection_orders")
check "audited as the protection officer" protection "$(sq "SELECT username FROM audit_log WHERE action = 'order-add' ORDER BY id DESC LIMIT 1")"
s=$(post protection "/protection/orders/$ORDER1/outcome" "person_ref=$V1" outcome=lost date=2021-07-05)
check "outcome form: unknown outcome" 422 "$s"
contains "outcome: beside the field" "unknown value &#39;lost&#39;" "$WORK/body"

# the API: the right before the body
for who in pdrm jim prosecutor secretariat partner; do
	t=TOK_$who
	s=$(api "${!t}" POST /api/v1/protection/orders '{"kind":7}'); check "$who: an order refused before validation" 403 "$s"
done
s=$(api "$TOK_protection" POST /api/v1/protection/orders "{\"person_ref\":\"$S1\",\"kind\":7}")
check "a suspect is out of a protection officer's reach, before validation" 404 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/orders "{\"person_ref\":\"$V2\",\"kind\":\"weekly\",\"colour\":\"red\"}")
check "order API: problems" 422 "$s"
check "unknown member named" "unknown member 'colour'" "$(field_of colour)"
s=$(api "$TOK_protection" POST /api/v1/protection/orders "{\"person_ref\":\"$V2\",\"case_ref\":\"$V2_CASE\",\"kind\":\"weekly\",\"court\":\"M\"}")
check "order API: unknown kind" 422 "$s"
check "kind named" "unknown order kind 'weekly'" "$(field_of kind)"
s=$(api "$TOK_protection" POST /api/v1/protection/orders "{\"person_ref\":\"$V2\"}")
check "order API: missing fields" "case_ref court kind" "$(jq -r '[.error.fields[].field] | sort | join(" ")' "$WORK/body")"
s=$(api "$TOK_protection" POST /api/v1/protection/orders "[1]"); check "not an object" 400 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/orders "{\"person_ref\":\"$V2\",\"case_ref\":\"$V2_CASE\",\"kind\":\"interim\",\"court\":\"Mahkamah Majistret\",\"start_date\":\"2021-07-01\"}")
check "order API: recorded" 201 "$s"
check "21 days from 1 July" "2021-07-22 44" "$(jq -r '"\(.end_date) \(.section)"' "$WORK/body")"
ORDER2=$(jq -r .id "$WORK/body")
s=$(api "$TOK_protection" POST "/api/v1/protection/orders/$ORDER2/outcome" '{"outcome":"gone","date":"2021-07-10"}')
check "outcome API: unknown" 422 "$s"
s=$(api "$TOK_partner" POST "/api/v1/protection/orders/$ORDER2/outcome" '{"outcome":"gone"}')
check "outcome API: refused before validation" 403 "$s"
s=$(api "$TOK_protection" POST "/api/v1/protection/orders/$ORDER2/outcome" '{"outcome":"released","date":"2021-07-10"}')
check "outcome API: recorded" 200 "$s"
s=$(api "$TOK_protection" POST "/api/v1/protection/orders/$ORDER2/outcome" '{"outcome":"released","date":"2021-07-11"}')
check "outcome API: only once" 409 "$s"
s=$(api "$TOK_protection" POST "/api/v1/protection/orders/999999/outcome" '{"outcome":"released","date":"2021-07-11"}')
check "outcome API: no such order" 404 "$s"
s=$(post protection "/protection/orders/$ORDER1/outcome" "person_ref=$V1" outcome=immigration date=2021-07-06)
check "outcome form: recorded" 303 "$s"

# ---- places of refuge
s=$(post protection /protection/admissions "person_ref=$V1" shelter=RP-A1 date=someday)
check "admission form: bad date" 422 "$s"
contains "date beside the field" 'id="e-admit-date"' "$WORK/body"
s=$(api "$TOK_jim" POST /api/v1/protection/admissions '{}'); check "admission API: refused before validation" 403 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/admissions "{\"person_ref\":\"$V2\",\"shelter\":\"NONE\",\"date\":\"2021-07-02\"}")
check "admission API: unknown shelter" 404 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/admissions "{\"person_ref\":\"$V2\",\"shelter\":\"RP-A1\",\"date\":\"2021-07-02\"}")
check "admission API: admitted" 201 "$s"
s=$(post protection /protection/admissions "person_ref=$V1" shelter=RP-A1 date=2021-07-03)
check "admission form: admitted over capacity" 303 "$s"
contains "the warning carried to the page" "warnings=capacity" "$WORK/headers"
s=$(page protection "$V1P?saved=1&warnings=capacity")
contains "capacity warning shown" "over its capacity" "$WORK/body"
contains "discharge form offered while staying" 'id="discharge"' "$WORK/body"
s=$(api "$TOK_protection" POST /api/v1/protection/discharges "{\"person_ref\":\"$V2\"}")
check "discharge API: date needed" 422 "$s"
check "date named" "a date is needed" "$(field_of date)"
s=$(api "$TOK_protection" POST /api/v1/protection/discharges "{\"person_ref\":\"$V2\",\"date\":\"2021-07-09\"}")
check "discharge API: done" 200 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/discharges "{\"person_ref\":\"$V2\",\"date\":\"2021-07-10\"}")
check "discharge API: staying nowhere" 404 "$s"
s=$(post protection /protection/discharges "person_ref=$V1" date=2021-07-12)
check "discharge form: done" 303 "$s"
s=$(api "$TOK_admin" GET "/api/v1/protection/shelters/RP-A1/occupancy?from=2021-07-01&to=2021-07-12")
check "occupancy after the forms" "0 1 2 2 2 2 2 2 1 1 1 0" "$(jq -r '[.days[].staying] | map(tostring) | join(" ")' "$WORK/body")"

# ---- referrals
s=$(post protection /protection/referrals "person_ref=$V1" direction=out "org=Klinik Demo" service=massage date=2021-07-04)
check "referral form: unknown service" 422 "$s"
contains "service beside the field" "unknown value &#39;massage&#39;" "$WORK/body"
contains "organisation kept" 'value="Klinik Demo"' "$WORK/body"
s=$(api "$TOK_prosecutor" POST /api/v1/protection/referrals '{"service":"x"}'); check "referral API: refused" 403 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/referrals "{\"person_ref\":\"$V1\",\"direction\":\"out\",\"org\":\"Klinik Demo\",\"service\":\"medical\",\"date\":\"2021-07-04\"}")
check "referral API: recorded" 201 "$s"
check "pending" pending "$(jq -r .status "$WORK/body")"
REF1=$(jq -r .id "$WORK/body")
s=$(api "$TOK_protection" POST "/api/v1/protection/referrals/$REF1/decision" '{"status":"maybe","date":"2021-07-05"}')
check "decision API: unknown" 422 "$s"
s=$(api "$TOK_protection" POST "/api/v1/protection/referrals/$REF1/decision" '{"status":"accepted","date":"2021-07-05"}')
check "decision API: accepted" 200 "$s"
s=$(post protection /protection/referrals "person_ref=$V1" direction=out "org=Guaman Demo" service=legal-aid date=2021-07-06)
check "referral form: recorded" 303 "$s"
REF2=$(sq "SELECT max(id) FROM referrals")
s=$(post protection "/protection/referrals/$REF2/decision" "person_ref=$V1" status=refused date=2021-07-07)
check "decision form: refused" 303 "$s"
s=$(api "$TOK_admin" GET "/api/v1/protection/referrals?person=$(enc "$V1")")
check "referrals of V1" "identification:pending medical:accepted legal-aid:refused" \
	"$(jq -r '[.[] | "\(.service):\(.status)"] | join(" ")' "$WORK/body")"
s=$(api "$TOK_partner" GET /api/v1/protection/referrals)
check "partner: its own organisation's referrals only" "Tenaganita Demo" "$(jq -r '[.[].org] | unique | join(",")' "$WORK/body")"

# ---- s.51A permits
s=$(api "$TOK_secretariat" POST /api/v1/protection/permits '{"kind":"nope"}'); check "permit API: refused before validation" 403 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/permits "{\"person_ref\":\"$V1\",\"kind\":\"work\",\"risk_assessed_on\":\"2021-06-01\",\"medical_on\":\"2021-06-01\",\"mental_health_on\":\"2021-06-01\",\"valid_from\":\"2021-06-02\"}")
check "permit API: a work permit without an employer" 422 "$s"
check "employer named" "a work permit names the employer" "$(field_of employer)"
s=$(api "$TOK_protection" POST /api/v1/protection/permits "{\"person_ref\":\"$V1\",\"kind\":\"movement\",\"risk_assessed_on\":\"2021-06-09\",\"medical_on\":\"2021-06-01\",\"mental_health_on\":\"2021-06-01\",\"valid_from\":\"2021-06-02\"}")
check "permit API: assessment after the permit" 422 "$s"
contains "s.51A named" "s.51A" "$WORK/body"
s=$(api "$TOK_protection" POST /api/v1/protection/permits "{\"person_ref\":\"$V1\",\"kind\":\"work\",\"employer\":\"Ladang Demo Sdn Bhd\",\"risk_assessed_on\":\"2021-06-01\",\"medical_on\":\"2021-06-01\",\"mental_health_on\":\"2021-06-01\",\"valid_from\":\"2021-06-02\",\"valid_to\":\"2021-12-31\"}")
check "permit API: recorded" 201 "$s"
check "version 1, active, employer" "1 active Ladang Demo Sdn Bhd" "$(jq -r '"\(.version) \(.status) \(.employer)"' "$WORK/body")"
P1=$(jq -r .id "$WORK/body")
check "the employer is sealed in the database" 0 "$(sq "SELECT count(*) FROM movement_permits WHERE CAST(employer AS TEXT) LIKE '%Ladang%'")"
s=$(post protection /protection/permits "person_ref=$V1" kind=movement risk_assessed_on=2021-07-01 medical_on=2021-07-01 mental_health_on=2021-07-01 valid_from=2021-07-02 valid_to=2021-07-01)
check "permit form: ends before it starts" 422 "$s"
contains "valid_from beside the field" 'id="e-permit-valid_from"' "$WORK/body"
s=$(post protection /protection/permits "person_ref=$V1" kind=movement risk_assessed_on=2021-07-01 medical_on=2021-07-01 mental_health_on=2021-07-01 valid_from=2021-07-02)
check "permit form: recorded" 303 "$s"
P2=$(sq "SELECT max(id) FROM movement_permits")
s=$(api "$TOK_admin" GET "/api/v1/protection/permits?from=2021-06-01&to=2021-06-30")
check "permits valid in June" "$P1" "$(jq -r --arg p "$V1" '[.[] | select(.person_ref == $p) | .id] | join(" ")' "$WORK/body")" # not the demo's
s=$(api "$TOK_admin" GET "/api/v1/protection/permits?person=$(enc "$V1")")
check "V1's permits" "$P1 $P2" "$(jq -r '[.[].id] | join(" ")' "$WORK/body")"
s=$(api "$TOK_admin" GET "/api/v1/protection/permits?from=2021-07-10&to=2021-07-01"); check "period backwards" 422 "$s"
s=$(api "$TOK_secretariat" GET "/api/v1/protection/permits/$P1")
check "secretariat: the permit without its employer" "null true" "$(jq -r '"\(.employer) \(.has_employer)"' "$WORK/body")"
s=$(api "$TOK_partner" GET "/api/v1/protection/permits")
check "partner: not the permits, even of the person it referred" 403 "$s"
s=$(api "$TOK_pdrm" PUT "/api/v1/protection/permits/$P1" '{"version":"x"}'); check "permit PUT: refused before validation" 403 "$s"
s=$(api "$TOK_protection" PUT "/api/v1/protection/permits/$P1" '{"version":1,"status":"lapsed"}'); check "permit PUT: bad status" 422 "$s"
check "status named" "unknown value 'lapsed'" "$(field_of status)"
s=$(api "$TOK_protection" PUT "/api/v1/protection/permits/$P1" '{"status":"ended"}'); check "permit PUT: version needed" 422 "$s"
s=$(api "$TOK_protection" PUT "/api/v1/protection/permits/$P1" '{"version":1,"valid_to":"2021-05-01"}'); check "permit PUT: end before start" 422 "$s"
check "valid_to named" "the last valid day is before the first" "$(field_of valid_to)"
s=$(api "$TOK_protection" PUT "/api/v1/protection/permits/$P1" '{"version":1,"valid_to":"2021-09-30","employer":"Kilang Demo","status":"revoked"}')
check "permit PUT: changed" 200 "$s"
check "version 2, the new values" "2 revoked 2021-09-30 Kilang Demo" "$(jq -r '"\(.version) \(.status) \(.valid_to) \(.employer)"' "$WORK/body")"
s=$(api "$TOK_protection" PUT "/api/v1/protection/permits/$P1" '{"version":1,"status":"ended"}'); check "permit PUT: stale version" 409 "$s"
s=$(api "$TOK_protection" PUT "/api/v1/protection/permits/999999" '{"version":1}'); check "permit PUT: no such permit" 404 "$s"
check "audited with the fields, never the values" "valid_to status employer" \
	"$(sq "SELECT detail FROM audit_log WHERE action = 'permit-update' ORDER BY id DESC LIMIT 1")"
s=$(post protection "/protection/permits/$P1" "person_ref=$V1" version=1 valid_to=2021-10-31 employer= status=ended)
check "permit form: stale version shows the conflict" 409 "$s"
contains "the conflict said" "changed by someone else" "$WORK/body"
s=$(post protection "/protection/permits/$P1" "person_ref=$V1" version=2 valid_to= employer= status=ended)
check "permit form: changed (open-ended, employer kept)" 303 "$s"
s=$(api "$TOK_admin" GET "/api/v1/protection/permits/$P1")
check "after the form" "3 ended null Kilang Demo" "$(jq -r '"\(.version) \(.status) \(.valid_to) \(.employer)"' "$WORK/body")"

# ---- repatriation
s=$(api "$TOK_jim" POST /api/v1/protection/repatriations '{"destination":1}'); check "repatriation API: refused before validation" 403 "$s"
s=$(api "$TOK_protection" POST /api/v1/protection/repatriations "{\"person_ref\":\"$V1\",\"destination\":\"INDONESIA\",\"date\":\"2021-08-01\",\"org\":\"IOM Demo\"}")
check "repatriation API: destination too long" 422 "$s"
check "destination named" destination "$(jq -r '.error.fields[0].field' "$WORK/body")"
s=$(api "$TOK_protection" POST /api/v1/protection/repatriations "{\"person_ref\":\"$V1\",\"destination\":\"IDN\",\"date\":\"2021-08-01\",\"org\":\"IOM Demo\",\"follow_up\":\"panggilan selepas 30 hari\"}")
check "repatriation API: recorded" 201 "$s"
R1=$(jq -r .id "$WORK/body")
check "follow-up opened for the officer" "panggilan selepas 30 hari" "$(jq -r .follow_up "$WORK/body")"
s=$(post protection /protection/repatriations "person_ref=$V1" destination=PHL date= org=)
check "repatriation form: problems" 422 "$s"
contains "date beside the field" 'id="e-repat-date"' "$WORK/body"
contains "org beside the field" 'id="e-repat-org"' "$WORK/body"
s=$(api "$TOK_protection" PUT "/api/v1/protection/repatriations/$R1" '{"version":1,"destination":"ZZZ"}')
check "repatriation PUT: unknown country" 422 "$s"
check "the country named" "unknown country 'ZZZ'" "$(field_of destination)"
s=$(api "$TOK_protection" PUT "/api/v1/protection/repatriations/$R1" '{"version":1,"destination":"PHL","date":"2021-08-15","follow_up":""}')
check "repatriation PUT: changed" 200 "$s"
check "version 2, follow-up removed" "2 PHL 2021-08-15 null false" \
	"$(jq -r '"\(.version) \(.destination) \(.date) \(.follow_up) \(.has_follow_up)"' "$WORK/body")"
s=$(api "$TOK_protection" PUT "/api/v1/protection/repatriations/$R1" '{"version":1,"org":"Other"}'); check "repatriation PUT: stale" 409 "$s"
s=$(post protection "/protection/repatriations/$R1" "person_ref=$V1" version=2 destination=PHL date=2021-08-16 "org=IOM Demo Manila" follow_up=)
check "repatriation form: changed" 303 "$s"
s=$(api "$TOK_admin" GET "/api/v1/protection/repatriations?from=2021-08-01&to=2021-08-31")
check "repatriations in August" "$R1 PHL 2021-08-16 IOM Demo Manila 3" \
	"$(jq -r --arg p "$V1" '.[] | select(.person_ref == $p) | "\(.id) \(.destination) \(.date) \(.org) \(.version)"' "$WORK/body")"
s=$(api "$TOK_admin" GET "/api/v1/protection/repatriations?to=2021-07-31")
check "none before August" 0 "$(jq --arg p "$V1" '[.[] | select(.person_ref == $p)] | length' "$WORK/body")"
s=$(api "$TOK_admin" GET "/api/v1/protection/repatriations/999999"); check "no such repatriation" 404 "$s"
s=$(api "$TOK_pdrm" GET /api/v1/protection/repatriations); check "agency officer: no list" 403 "$s"

# ---- the after-care page
s=$(page secretariat "/protection/aftercare?from=2021-06-01&to=2021-12-31"); check "after-care page" 200 "$s"
lacks "secretariat: no employer" "Kilang" "$WORK/body"
contains "secretariat: the permit listed" "IOM Demo Manila" "$WORK/body"
s=$(page protection "/protection/aftercare?from=2021-06-01&to=2021-12-31")
contains "the officer sees the employer" "Kilang Demo" "$WORK/body"
contains "the repatriation listed" "IOM Demo Manila" "$WORK/body"
s=$(page protection "/protection/aftercare?from=June"); check "after-care page: bad date" 422 "$s"
contains "beside the field" "&#39;June&#39; is not a date" "$WORK/body"

# Malay
curl -s -o /dev/null -b "$WORK/protection.jar" "$BASE/lang/ms"
s=$(page protection "$V1P"); check "the page in Malay" 200 "$s"
contains "Malay heading" "Perintah mahkamah" "$WORK/body"

stop_server
finish
