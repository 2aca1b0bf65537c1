#!/bin/bash
# Victim protection on the web: a person's identity through the API, in full or masked by role,
# absent outside the role's reach and for partners other than the referring one, every view
# audited; the deadline board and the orders API (overdue, ending soon) with a partner's view
# narrowed to its referrals; the shelters page with its occupancy chart and the occupancy API.
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
# the key file and the order kinds come with init (demo databases need it once)
"$MAPO" --db "$DB" init >/dev/null 2>&1 || { echo "init failed" >&2; exit 1; }
sq() { sqlite3 "$DB" "$1"; }
V1=$(sq "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id
	WHERE cp.role = 'victim' AND c.agency = 'PDRM' AND c.status = 'investigation'
	AND cp.trafficking_status IN ('possible', 'actual') ORDER BY p.person_ref LIMIT 1")
V1_CASE=$(sq "SELECT c.ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id
	WHERE p.person_ref = '$V1' AND cp.role = 'victim'")
V2=$(sq "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id
	WHERE cp.role = 'victim' AND c.agency = 'PDRM' AND c.status = 'investigation'
	AND cp.trafficking_status IN ('possible', 'actual') AND p.person_ref <> '$V1' ORDER BY p.person_ref LIMIT 1")
V2_CASE=$(sq "SELECT c.ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id
	WHERE p.person_ref = '$V2' AND cp.role = 'victim'")
m() { "$MAPO" --db "$DB" "$@" >/dev/null 2>"$WORK/m.err" || { cat "$WORK/m.err" >&2; fail "mapo $*"; }; }
m victim identity set "$V1" --name "Aminah Demo Sintetik" --id-number 900101-14-5678 --address "Jalan Contoh 1"
m victim identity set "$V2" --name "Bunga Demo Sintetik" --id-number 910202-10-1234
m referral add --person "$V1" --direction in --org "Tenaganita Demo" --service identification --date 2021-06-01
# V1: an interim order that ended on 2021-06-22 with no outcome (overdue on 2021-07-15);
# V2: an interim order from 2021-07-01 ending 2021-07-22 (within 14 days)
m order add --case "$V1_CASE" --person "$V1" --kind interim --court "Mahkamah Majistret" --start 2021-06-01
m order add --case "$V2_CASE" --person "$V2" --kind interim --court "Mahkamah Majistret" --start 2021-07-01
m shelter add --code RP-W1 --name "Rumah <Wanita>" --operator government --serves women --capacity 1
m shelter admit --shelter RP-W1 --person "$V1" --date 2021-07-01
m shelter admit --shelter RP-W1 --person "$V2" --date 2021-07-10

start_server
for r in admin secretariat pdrm jim prosecutor protection partner; do
	eval "TOK_$r=\$(token $r)"
done
ident() { req GET "/api/v1/protection/persons/$(enc "$2")/identity" -H "Authorization: Bearer $1"; }

# identities by role
s=$(ident "$TOK_admin" "$V1"); check "admin sees V1" 200 "$s"
check "admin: full" "full" "$(jq -r .view "$WORK/body")"
check "admin: the name" "Aminah Demo Sintetik" "$(jq -r .name "$WORK/body")"
s=$(ident "$TOK_secretariat" "$V1"); check "secretariat sees V1" 200 "$s"
check "secretariat: masked" "masked" "$(jq -r .view "$WORK/body")"
check "secretariat: initials" "A. D. S." "$(jq -r .name "$WORK/body")"
check "secretariat: the number masked" "••••5678" "$(jq -r .id_number "$WORK/body")"
lacks "secretariat: no address" "Jalan" "$WORK/body"
s=$(ident "$TOK_protection" "$V2"); check "protection officer sees V2" 200 "$s"
check "protection officer: full" "Bunga Demo Sintetik" "$(jq -r .name "$WORK/body")"
s=$(ident "$TOK_pdrm" "$V1"); check "PDRM officer sees its own case's victim" 200 "$s"
s=$(ident "$TOK_jim" "$V1"); check "JIM officer: another agency's victim looks absent" 404 "$s"
s=$(ident "$TOK_partner" "$V1"); check "partner sees the person it referred" 200 "$s"
check "partner: full" "full" "$(jq -r .view "$WORK/body")"
s=$(ident "$TOK_partner" "$V2"); check "partner: another person looks absent" 404 "$s"
lacks "partner: nothing of V2" "Bunga" "$WORK/body"
s=$(req GET "/api/v1/protection/persons/$(enc "$V1")/identity"); check "anonymous" 401 "$s"
s=$(ident "$TOK_admin" "NO-SUCH-PERSON"); check "unknown person" 404 "$s"
views=$(sq "SELECT count(*) FROM audit_log WHERE action = 'identity-view'")
check "every view audited (the five that showed something)" 5 "$views"
check "the secretariat's view audited as masked" "masked" \
	"$(sq "SELECT detail FROM audit_log WHERE action = 'identity-view' AND username = 'secretariat'")"

# orders: overdue and ending soon (MAPO_TODAY is 2021-07-15)
s=$(req GET "/api/v1/protection/orders?which=overdue" -H "Authorization: Bearer $TOK_protection")
check "overdue orders" 200 "$s"
# the demo's own protection records leave a few orders overdue too: V1's is the one set up here
OVERDUE=$(jq length "$WORK/body")
check "one overdue" "1" "$(jq --arg p "$V1" '[.[] | select(.person_ref == $p)] | length' "$WORK/body")"
check "V1's interim order is overdue" "$V1 2021-06-22 44" \
	"$(jq -r --arg p "$V1" '.[] | select(.person_ref == $p) | "\(.person_ref) \(.end_date) \(.section)"' "$WORK/body")"
s=$(req GET "/api/v1/protection/orders?which=ending&days=14" -H "Authorization: Bearer $TOK_protection")
check "one ending within 14 days" "$V2" "$(jq -r '.[] | .person_ref' "$WORK/body")"
s=$(req GET "/api/v1/protection/orders?which=ending&days=6" -H "Authorization: Bearer $TOK_protection")
check "none within 6 days" "0" "$(jq length "$WORK/body")"
s=$(req GET "/api/v1/protection/orders" -H "Authorization: Bearer $TOK_partner")
check "partner: not the orders, even of its referrals" 403 "$s"
s=$(req GET "/api/v1/protection/orders" -H "Authorization: Bearer $TOK_pdrm"); check "agency officer may not" 403 "$s"
s=$(req GET "/api/v1/protection/orders?which=later" -H "Authorization: Bearer $TOK_admin"); check "bad list" 422 "$s"
s=$(req GET "/api/v1/protection/victims" -H "Authorization: Bearer $TOK_partner")
check "partner: its referred victims only" "$V1 false" "$(jq -r '"\([.victims[] | .person_ref] | join(" ")) \(.more)"' "$WORK/body")"
s=$(req GET "/api/v1/protection/victims?person=$V1" -H "Authorization: Bearer $TOK_admin")
check "one person's roles" "$V1" "$(jq -r '[.victims[] | .person_ref] | unique | join(" ")' "$WORK/body")"
s=$(req GET "/api/v1/protection/victims" -H "Authorization: Bearer $TOK_admin")
check "a page of 100 by default, more to follow" "100 0 100 true" \
	"$(jq -r '"\(.victims | length) \(.offset) \(.limit) \(.more)"' "$WORK/body")"
SECOND=$(jq -r '.victims[1] | "\(.person_ref) \(.case_ref)"' "$WORK/body")
s=$(req GET "/api/v1/protection/victims?limit=1&offset=1" -H "Authorization: Bearer $TOK_admin")
check "limit and offset" "$SECOND" "$(jq -r '"\(.victims[0].person_ref) \(.victims[0].case_ref)"' "$WORK/body")"
s=$(req GET "/api/v1/protection/victims?limit=5000" -H "Authorization: Bearer $TOK_admin"); check "a limit too large" 422 "$s"
s=$(req GET "/api/v1/protection/victims?offset=-1" -H "Authorization: Bearer $TOK_admin"); check "a negative offset" 422 "$s"
sign_in admin
s=$(req GET /protection/victims -b "$WORK/admin.jar"); check "the victims page" 200 "$s"
contains "the search by number linked" 'href="/protection/identity-search"' "$WORK/body"
check "a page of 100 rows" 100 "$(grep -c '^<tr><td><a href="/protection/persons/' "$WORK/body")"
contains "a link to the next page" 'href="/protection/victims?offset=100" rel="next"' "$WORK/body"
s=$(req GET "/protection/victims?offset=100" -b "$WORK/admin.jar"); check "the next page" 200 "$s"
contains "a link back" 'href="/protection/victims?offset=0" rel="prev"' "$WORK/body"
contains "which rows" "Victim roles 101 to 200." "$WORK/body"

# shelters
s=$(req GET "/api/v1/protection/shelters" -H "Authorization: Bearer $TOK_secretariat")
check "shelters" 200 "$s"
check "staying today" "2" "$(jq -r '.[] | select(.code == "RP-W1") | .staying' "$WORK/body")"
s=$(req GET "/api/v1/protection/shelters/RP-W1/occupancy?from=2021-06-30&to=2021-07-10" -H "Authorization: Bearer $TOK_admin")
check "occupancy" 200 "$s"
check "occupancy by day" "0 1 1 1 1 1 1 1 1 1 2" "$(jq -r '[.days[].staying] | map(tostring) | join(" ")' "$WORK/body")"
s=$(req GET "/api/v1/protection/shelters/NOPE/occupancy" -H "Authorization: Bearer $TOK_admin"); check "unknown shelter" 404 "$s"

# pages
sign_in protection
s=$(curl -s -o "$WORK/page" -w '%{http_code}' -b "$WORK/protection.jar" "$BASE/protection")
check "deadline board" 200 "$s"
contains "board: overdue section" "past their end with no outcome" "$WORK/page"
contains "board: V1 listed" "$V1" "$WORK/page"
s=$(curl -s -o "$WORK/page" -w '%{http_code}' -b "$WORK/protection.jar" "$BASE/protection/shelters?from=2021-07-01&to=2021-07-15")
check "shelters page" 200 "$s"
contains "occupancy chart" "<svg" "$WORK/page"
contains "over capacity noted" "Over capacity on" "$WORK/page"
contains "the name escaped" "Rumah &lt;Wanita&gt;" "$WORK/page"
curl -s -o "$WORK/page" -b "$WORK/protection.jar" "$BASE/dashboard"
if [ "$OVERDUE" = 1 ]; then want="1 protection order is past its end"; else want="$OVERDUE protection orders are past their end"; fi
contains "dashboard panel: overdue" "$want with no outcome recorded." "$WORK/page"
contains "dashboard panel: ending soon" "1 ends within 14 days." "$WORK/page"
contains "dashboard panel: screenings pending" "2 admissions to places of refuge await their health screening." \
	"$WORK/page"
sign_in pdrm
s=$(curl -s -o /dev/null -w '%{http_code}' -b "$WORK/pdrm.jar" "$BASE/protection")
check "agency officer: board refused" 403 "$s"
curl -s -o "$WORK/page" -b "$WORK/pdrm.jar" "$BASE/dashboard"
lacks "no panel for an agency officer" "protection-panel" "$WORK/page"

stop_server
finish
