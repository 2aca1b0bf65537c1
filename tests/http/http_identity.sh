#!/bin/bash
# A victim's identity on the web (h_identity.c): the identity page in full or masked by role, its
# form (set, keep, clear) and the same through PUT /api/v1/protection/persons/{ref}/identity; the
# photo (a JPEG or PNG uploaded on the page, served to a full view only, cleared); the
# order of the answers (403 for the role before the values, 404 for a person out of reach before
# the values, 422 beside the field with what was sent, 503 without the key file, last); the
# search by identity or passport number on its page and under /api/v1 (only the persons the
# caller sees in full); the raw database file without a name set through the web; and every
# view, write and search in the audit trail.
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
# the key file for personal data comes with init (demo databases need it once)
"$MAPO" --db "$DB" init >/dev/null 2>&1 || { echo "init failed" >&2; exit 1; }
add_user granted --role secretariat --identity-grant
sq() { sqlite3 "$DB" "$1"; }
victim() { # the first victim of a PDRM case under investigation, other than $1
	sq "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c ON c.id = cp.case_id
		WHERE cp.role = 'victim' AND c.agency = 'PDRM' AND c.status = 'investigation'
		AND cp.trafficking_status IN ('possible', 'actual') AND p.person_ref <> '$1'
		AND (SELECT count(*) FROM case_persons o WHERE o.person_id = p.id) = 1 ORDER BY p.person_ref LIMIT 1"
}
V1=$(victim -)
V2=$(victim "$V1")
# a person in no victim role: out of a protection officer's reach
OTHER=$(sq "SELECT p.person_ref FROM persons p WHERE NOT EXISTS (SELECT 1 FROM case_persons cp
	WHERE cp.person_id = p.id AND cp.role = 'victim') ORDER BY p.person_ref LIMIT 1")
check "three persons found" 1 "$([ -n "$V1" ] && [ -n "$V2" ] && [ -n "$OTHER" ] && echo 1)"
m() { "$MAPO" --db "$DB" "$@" >/dev/null 2>"$WORK/m.err" || { cat "$WORK/m.err" >&2; fail "mapo $*"; }; }
m referral add --person "$V1" --direction in --org "Tenaganita Demo" --service identification --date 2021-06-01
m victim identity set "$V2" --name "Dewi Demo Sintetik" --id-number 770707-07-7777 --passport A7777777
m victim identity set "$OTHER" --name "Lain Demo Sintetik" --id-number 660606-06-6666

start_server
for r in admin secretariat pdrm jim protection partner; do
	eval "TOK_$r=\$(token $r)"
done
for r in admin protection secretariat granted pdrm jim prosecutor partner; do sign_in "$r"; done
IP="/protection/persons/$V1/identity"
AP="/api/v1/protection/persons/$(enc "$V1")/identity"
VIEWS0=$(sq "SELECT count(*) FROM audit_log WHERE action = 'identity-view'")

# ---- the page before anything is recorded
s=$(page protection "$IP"); check "protection officer: the page" 200 "$s"
contains "nothing recorded yet" "No identity is recorded for this person." "$WORK/body"
contains "the view is named" "Full view." "$WORK/body"
contains "the form" 'id="identity"' "$WORK/body"
contains "a clear box per field" 'name="clear_passport_number"' "$WORK/body"
contains "a link to the search" 'href="/protection/identity-search"' "$WORK/body"

# ---- set through the page
s=$(post protection "$IP" "name=  Citra Demo Sintetik " id_number=880303-14-4321 "address=Jalan Ujian 2")
check "set: back to the page" 303 "$s"
contains "set: ?saved=1" "Location: $IP?saved=1" "$WORK/headers"
s=$(page protection "$IP?saved=1"); check "the page after saving" 200 "$s"
contains "saved" "Saved." "$WORK/body"
contains "the name, without the spaces around it" '<dd id="v-name">Citra Demo Sintetik</dd>' "$WORK/body"
contains "the number" '<dd id="v-id_number">880303-14-4321</dd>' "$WORK/body"
contains "the address" '<dd id="v-address">Jalan Ujian 2</dd>' "$WORK/body"
lacks "the inputs stay empty" 'value="Citra' "$WORK/body"

# the raw database file (and its write-ahead log) holds neither the name nor the number
for f in "$DB" "$DB-wal"; do
	[ -f "$f" ] || continue
	if grep -a -q -F "Citra Demo Sintetik" "$f"; then fail "$(basename "$f") holds the name in clear"; else ok; fi
	if grep -a -q -F "880303-14-4321" "$f"; then fail "$(basename "$f") holds the number in clear"; else ok; fi
done

# keep: an empty field leaves its value; clear: the box clears it
s=$(post protection "$IP" name= phone=012-3456789 clear_address=1); check "keep and clear" 303 "$s"
s=$(api "$TOK_protection" GET "$AP"); check "API: the identity" 200 "$s"
check "the name kept" "Citra Demo Sintetik" "$(jq -r .name "$WORK/body")"
check "the number kept" "880303-14-4321" "$(jq -r .id_number "$WORK/body")"
check "the phone set" "012-3456789" "$(jq -r .phone "$WORK/body")"
check "the address cleared" "null" "$(jq -r .address "$WORK/body")"

# ---- 422 beside the field, with what was sent
s=$(post protection "$IP" "name=Nama Baru" clear_name=1 "phone=0123$(printf '\001')")
check "a value and its clear box; a control character" 422 "$s"
contains "the name's message beside it" '<p class="error" id="e-identity-name">name: give a new value or clear it, not both</p>' "$WORK/body"
contains "the phone's message" 'id="e-identity-phone">phone number: one line of text, without control characters' "$WORK/body"
contains "the name kept in its input" 'name="name" type="text" value="Nama Baru"' "$WORK/body"
contains "the box kept" 'name="clear_name" value="1" checked' "$WORK/body"
contains "the field described by its error" 'aria-describedby="e-identity-name"' "$WORK/body"
s=$(post protection "$IP" "id_number=--/--"); check "a number of no letter or digit" 422 "$s"
contains "named" "identity number: needs at least one letter or digit" "$WORK/body"
s=$(post protection "$IP" "address=$(head -c 1100 /dev/zero | tr '\0' x)"); check "too long" 422 "$s"
contains "named" "address: at most 1024 bytes of text" "$WORK/body"
s=$(api "$TOK_protection" GET "$AP")
check "nothing written by the refused posts" "Citra Demo Sintetik 012-3456789" "$(jq -r '"\(.name) \(.phone)"' "$WORK/body")"

# ---- who may: the role before the values, the reach before the values
for who in secretariat granted pdrm jim prosecutor partner; do
	s=$(post "$who" "$IP" name=x clear_name=1); check "$who may not change an identity (before the values)" 403 "$s"
done
s=$(post protection "/protection/persons/$OTHER/identity" name=x clear_name=1)
check "protection officer: a person in no victim role looks absent (before the values)" 404 "$s"
lacks "the 404 leaks nothing" "Lain" "$WORK/body"
s=$(post admin "/protection/persons/NO-SUCH-PERSON/identity" name=x); check "no such person" 404 "$s"
s=$(post admin "/protection/persons/$OTHER/identity" "phone=03-1234"); check "admin: any person" 303 "$s"

# ---- the page by role: full, masked, absent
s=$(page secretariat "$IP"); check "secretariat: the page" 200 "$s"
contains "masked: said" "Masked view." "$WORK/body"
contains "masked: initials" '<dd id="v-name">C. D. S.</dd>' "$WORK/body"
contains "masked: the number's last characters" '<dd id="v-id_number">••••4321</dd>' "$WORK/body"
lacks "masked: not the name" "Citra" "$WORK/body"
lacks "masked: not the phone" "3456789" "$WORK/body"
lacks "masked: no form" 'id="identity"' "$WORK/body"
s=$(page granted "$IP"); check "secretariat with the identity grant" 200 "$s"
contains "granted: in full" '<dd id="v-name">Citra Demo Sintetik</dd>' "$WORK/body"
lacks "granted: still no form (no right to change)" 'id="identity"' "$WORK/body"
s=$(page pdrm "$IP"); check "agency officer: its agency's victim" 200 "$s"
contains "pdrm: in full" "Full view." "$WORK/body"
lacks "pdrm: no form" 'id="identity"' "$WORK/body"
contains "pdrm: a link to the identification" "$V1/identification\">Identification</a></p>" "$WORK/body"
lacks "pdrm: no link to a protection record it may not read" "Protection record" "$WORK/body"
s=$(page jim "$IP"); check "agency officer: another agency's victim looks absent" 404 "$s"
lacks "jim: nothing leaks" "Citra" "$WORK/body"
s=$(page prosecutor "$IP"); check "prosecutor: a case not in court looks absent" 404 "$s"
s=$(page partner "$IP"); check "partner: the person it referred" 200 "$s"
contains "partner: in full" "Citra Demo Sintetik" "$WORK/body"
lacks "partner: no form" 'id="identity"' "$WORK/body"
s=$(page partner "/protection/persons/$V2/identity"); check "partner: another person looks absent" 404 "$s"
s=$(req GET "$IP"); check "anonymous: to the sign-in" 303 "$s"

# ---- the API's PUT
s=$(api "$TOK_admin" PUT "$AP" '{"phone":"019-8765432","address":"Lorong Baru 3","passport_number":"B1234567"}')
check "PUT: set" 200 "$s"
check "PUT: the identity as GET gives it" "full Citra Demo Sintetik 019-8765432 Lorong Baru 3 B1234567" \
	"$(jq -r '"\(.view) \(.name) \(.phone) \(.address) \(.passport_number)"' "$WORK/body")"
s=$(api "$TOK_protection" PUT "$AP" '{"address":null,"phone":""}'); check "PUT: null and \"\" clear" 200 "$s"
check "PUT: cleared, the rest kept" "null null Citra Demo Sintetik" "$(jq -r '"\(.address) \(.phone) \(.name)"' "$WORK/body")"
s=$(api "$TOK_protection" PUT "$AP" '{}'); check "PUT: nothing to change" 200 "$s"
check "PUT {}: all kept" "Citra Demo Sintetik B1234567" "$(jq -r '"\(.name) \(.passport_number)"' "$WORK/body")"
s=$(api "$TOK_protection" PUT "$AP" '{"nickname":"Cit","name":5,"photo":"AAAA"}'); check "PUT: bad members" 422 "$s"
check "PUT: an unknown member named" "unknown member 'nickname'" "$(field_of nickname)"
check "PUT: a number for the name" "'name' must be a string or null" "$(field_of name)"
check "PUT: the photo is the command line's" "photo: not set through the API; use mapo victim identity set --photo" \
	"$(field_of photo)"
s=$(api "$TOK_protection" PUT "$AP" '{"passport_number":" / "}'); check "PUT: a number of no letter or digit" 422 "$s"
check "PUT: named" "passport number: needs at least one letter or digit" "$(field_of passport_number)"
s=$(api "$TOK_protection" PUT "$AP" '["name"]'); check "PUT: not an object" 400 "$s"
for who in secretariat pdrm jim partner; do
	t=TOK_$who
	s=$(api "${!t}" PUT "$AP" '{"nickname":1}'); check "PUT: $who refused before the values" 403 "$s"
done
s=$(api "$TOK_protection" PUT "/api/v1/protection/persons/$OTHER/identity" '{"nickname":1}')
check "PUT: out of reach before the values" 404 "$s"
s=$(req PUT "$AP" -H "$JSON" -d '{}'); check "PUT: anonymous" 401 "$s"
s=$(api "$TOK_secretariat" GET "$AP"); check "API GET: secretariat" 200 "$s"
check "API GET: masked" "masked C. D. S." "$(jq -r '"\(.view) \(.name)"' "$WORK/body")"

# ---- the photo: a JPEG or PNG uploaded on the page, shown to a full view only
upload() { # upload USER PATH FIELD...: a multipart post with the CSRF token
	local u=$1 p=$2
	shift 2
	local args=()
	for f in "$@"; do args+=(-F "$f"); done
	req POST "$p" -b "$WORK/$u.jar" -H "Origin: $BASE" -F "csrf=$(csrf_of "$u")" "${args[@]}"
}
printf '\211PNG\r\n\032\n\000\000\000\016tEXtPHOTOMARKER7\000\001\002' >"$WORK/p.png"
PNG_BYTES=$(stat -c %s "$WORK/p.png")
echo "not an image" >"$WORK/p.txt"
s=$(page protection "$IP"); contains "the photo's form" 'id="photo"' "$WORK/body"
contains "the photo's form sends a file" 'enctype="multipart/form-data"' "$WORK/body"
s=$(upload protection "$IP/photo" "photo=@$WORK/p.png;type=image/png"); check "photo: set" 303 "$s"
contains "photo: back to the page" "Location: $IP?saved=1" "$WORK/headers"
s=$(page protection "$IP"); check "the page with a photo" 200 "$s"
contains "photo: its size" "recorded ($PNG_BYTES bytes)" "$WORK/body"
contains "photo: shown" "<img src=\"/protection/persons/$V1/identity/photo\"" "$WORK/body"
s=$(page protection "$IP/photo"); check "photo: served" 200 "$s"
contains "photo: as PNG" "Content-Type: image/png" "$WORK/headers"
contains "photo: not cached" "Cache-Control: no-store" "$WORK/headers"
if cmp -s "$WORK/body" "$WORK/p.png"; then ok; else fail "photo: the bytes served are not those sent"; fi
for f in "$DB" "$DB-wal"; do
	[ -f "$f" ] || continue
	if grep -a -q -F "PHOTOMARKER7" "$f"; then fail "$(basename "$f") holds the photo in clear"; else ok; fi
done
s=$(api "$TOK_protection" GET "$AP"); check "photo: its size in the API" "$PNG_BYTES" "$(jq -r .photo_bytes "$WORK/body")"
s=$(page partner "$IP/photo"); check "photo: the referring partner sees it" 200 "$s"
s=$(page secretariat "$IP/photo"); check "photo: a masked view does not" 403 "$s"
s=$(page secretariat "$IP"); lacks "photo: not on the masked page" "<img" "$WORK/body"
s=$(page jim "$IP/photo"); check "photo: out of reach" 404 "$s"
s=$(upload protection "$IP/photo" "photo=@$WORK/p.txt;type=image/png"); check "photo: not an image" 422 "$s"
contains "photo: the message beside the field" '<p class="error" id="e-photo-photo">photo: a JPEG or PNG image</p>' \
	"$WORK/body"
s=$(upload protection "$IP/photo" "photo=@$WORK/p.png;type=image/png" clear_photo=1); check "photo: both" 422 "$s"
contains "photo: both named" "photo: give a new photo or clear it, not both" "$WORK/body"
contains "photo: the box kept" 'name="clear_photo" value="1" checked' "$WORK/body"
s=$(upload protection "$IP/photo" note=x); check "photo: neither" 422 "$s"
{ cat "$WORK/p.png"; head -c 9000000 /dev/zero; } >"$WORK/big.png"
s=$(upload protection "$IP/photo" "photo=@$WORK/big.png;type=image/png"); check "photo: over 8 MB" 422 "$s"
contains "photo: too big, named" "photo: at most 8 MB" "$WORK/body"
s=$(upload secretariat "$IP/photo" "photo=@$WORK/p.txt"); check "photo: the role before the file" 403 "$s"
s=$(upload protection "/protection/persons/$OTHER/identity/photo" "photo=@$WORK/p.txt")
check "photo: the reach before the file" 404 "$s"
s=$(page protection "$IP/photo"); check "photo: unchanged by the refused posts" 200 "$s"
s=$(upload protection "$IP/photo" clear_photo=1); check "photo: cleared" 303 "$s"
s=$(page protection "$IP/photo"); check "photo: gone" 404 "$s"
s=$(api "$TOK_protection" GET "$AP"); check "photo: none in the API" "null Citra Demo Sintetik" \
	"$(jq -r '"\(.photo_bytes) \(.name)"' "$WORK/body")"
s=$(upload protection "$IP/photo" "photo=@$WORK/p.png;type=image/png"); check "photo: set again" 303 "$s"

# ---- the search: API
search() { api "$1" GET "/api/v1/protection/identity-search?$2"; }
s=$(search "$TOK_protection" "id_number=880303144321"); check "search: found (spaces and dashes do not count)" 200 "$s"
check "search: V1" "$V1" "$(jq -r '[.[].person_ref] | join(",")' "$WORK/body")"
s=$(search "$TOK_admin" "passport=b1234567"); check "search by passport" 200 "$s"
check "search by passport: V1" "$V1" "$(jq -r '[.[].person_ref] | join(",")' "$WORK/body")"
s=$(search "$TOK_protection" "id_number=111111-11-1111"); check "search: not found" 200 "$s"
check "search: none" "0" "$(jq length "$WORK/body")"
s=$(search "$TOK_protection" "id_number=660606-06-6666"); check "search: a person out of reach" 200 "$s"
check "search: out of reach is not returned" "0" "$(jq length "$WORK/body")"
s=$(search "$TOK_admin" "id_number=660606-06-6666")
check "search: the admin finds that person" "$OTHER" "$(jq -r '[.[].person_ref] | join(",")' "$WORK/body")"
s=$(search "$TOK_secretariat" "id_number=880303-14-4321"); check "search: secretariat" 200 "$s"
check "search: a masked view is not listed" "0" "$(jq length "$WORK/body")"
s=$(search "$TOK_partner" "id_number=880303-14-4321")
check "search: a partner finds the person it referred" "$V1" "$(jq -r '[.[].person_ref] | join(",")' "$WORK/body")"
s=$(search "$TOK_partner" "passport=A7777777"); check "search: partner, another person" 200 "$s"
check "search: partner, not returned" "0" "$(jq length "$WORK/body")"
lacks "search: nothing of V2" "$V2" "$WORK/body"
s=$(search "$TOK_protection" ""); check "search: no number" 422 "$s"
check "search: named" "give an identity number or a passport number" "$(field_of id_number)"
s=$(search "$TOK_protection" "id_number=1&passport=2"); check "search: both" 422 "$s"
s=$(search "$TOK_pdrm" "id_number=880303-14-4321"); check "search: agency officer refused" 403 "$s"
s=$(search "$TOK_pdrm" ""); check "search: refused before the query is looked at" 403 "$s"
s=$(req GET "/api/v1/protection/identity-search?id_number=1"); check "search: anonymous" 401 "$s"

# ---- the search: page
SP=/protection/identity-search
s=$(page protection "$SP"); check "search page" 200 "$s"
contains "its form" 'id="search"' "$WORK/body"
lacks "no results before a search" "Persons found" "$WORK/body"
s=$(page protection "$SP?id_number=880303-14-4321&passport="); check "search page: found" 200 "$s"
contains "search page: a link to the identity" "<a href=\"/protection/persons/$V1/identity\">$V1</a>" "$WORK/body"
contains "search page: the number kept" 'value="880303-14-4321"' "$WORK/body"
s=$(page secretariat "$SP?id_number=880303-14-4321"); check "search page: secretariat" 200 "$s"
contains "search page: none in full" "No person with this number whose identity you may see in full." "$WORK/body"
s=$(page protection "$SP?id_number=1&passport=2"); check "search page: both" 422 "$s"
contains "search page: the message beside the field" \
	'<p class="error" id="e-id_number">give an identity number or a passport number, not both</p>' "$WORK/body"
s=$(page pdrm "$SP"); check "search page: agency officer refused" 403 "$s"
lacks "the server's log holds no number searched for" "880303" "$WORK/server.err"

# ---- without the key file: the role and the reach first, then the values, then 503
mv "$DB.key" "$WORK/key.away"
s=$(page jim "$IP"); check "no key: out of reach is still 404" 404 "$s"
s=$(page protection "$IP"); check "no key: the page" 503 "$s"
s=$(post secretariat "$IP" name=x); check "no key: the role still 403" 403 "$s"
s=$(post protection "/protection/persons/$OTHER/identity" name=x); check "no key: the reach still 404" 404 "$s"
s=$(post protection "$IP" name=x); check "no key: a change" 503 "$s"
s=$(api "$TOK_protection" PUT "$AP" '{"nickname":1}'); check "no key: PUT, the values before the key" 422 "$s"
s=$(api "$TOK_protection" PUT "$AP" '{"name":"x"}'); check "no key: PUT" 503 "$s"
s=$(api "$TOK_protection" GET "$AP"); check "no key: GET" 503 "$s"
s=$(search "$TOK_protection" ""); check "no key: search, the query first" 422 "$s"
s=$(search "$TOK_protection" "id_number=1"); check "no key: search" 503 "$s"
s=$(page protection "$SP?id_number=1"); check "no key: search page" 503 "$s"
s=$(page secretariat "$IP/photo"); check "no key: a masked view's photo still 403" 403 "$s"
s=$(page protection "$IP/photo"); check "no key: the photo" 503 "$s"
s=$(upload protection "$IP/photo" "photo=@$WORK/p.png;type=image/png"); check "no key: a photo" 503 "$s"
mv "$WORK/key.away" "$DB.key"
s=$(api "$TOK_protection" GET "$AP"); check "the key back" "Citra Demo Sintetik" "$(jq -r .name "$WORK/body")"

stop_server

# ---- the audit trail: every write, view and search, never a value
check "the page's writes audited (set, keep and clear)" \
	"name,id_number,address|address,phone" \
	"$(sq "SELECT group_concat(detail, '|') FROM (SELECT detail FROM audit_log WHERE action = 'identity-put'
		AND username = 'protection' AND object_id = '$V1' AND detail <> '' AND detail NOT LIKE '%passport%' ORDER BY id
		LIMIT 2)")"
check "the API's write audited" "passport_number,address,phone" \
	"$(sq "SELECT detail FROM audit_log WHERE action = 'identity-put' AND username = 'admin' AND object_id = '$V1'")"
check "the photo's writes audited (set, clear, set)" "photo|photo|photo" \
	"$(sq "SELECT group_concat(detail, '|') FROM audit_log WHERE action = 'identity-put' AND detail = 'photo'")"
check "the admin's write to another person audited" "phone" \
	"$(sq "SELECT detail FROM audit_log WHERE action = 'identity-put' AND username = 'admin' AND object_id = '$OTHER'")"
check "no write by a refused role" "0" \
	"$(sq "SELECT count(*) FROM audit_log WHERE action = 'identity-put' AND username IN ('secretariat', 'granted', 'pdrm', 'jim', 'prosecutor', 'partner')")"
check "the masked views audited as masked" "masked" \
	"$(sq "SELECT group_concat(DISTINCT detail) FROM audit_log WHERE action = 'identity-view' AND username = 'secretariat'")"
check "the granted view audited as full" "full" \
	"$(sq "SELECT group_concat(DISTINCT detail) FROM audit_log WHERE action = 'identity-view' AND username = 'granted'")"
for who in protection pdrm partner admin; do
	n=$(sq "SELECT count(*) FROM audit_log WHERE action = 'identity-view' AND username = '$who' AND object_id = '$V1'")
	check "$who's views audited" 1 "$([ "$n" -ge 1 ] && echo 1)"
done
check "no view audited for a role that saw nothing" "0" \
	"$(sq "SELECT count(*) FROM audit_log WHERE action = 'identity-view' AND username IN ('jim', 'prosecutor')")"
VIEWS=$(sq "SELECT count(*) FROM audit_log WHERE action = 'identity-view'")
check "views were audited" 1 "$([ "$VIEWS" -gt "$VIEWS0" ] && echo 1)"
check "searches by identity number audited" 8 \
	"$(sq "SELECT count(*) FROM audit_log WHERE action = 'identity-search'")"
check "searches by passport audited" 2 "$(sq "SELECT count(*) FROM audit_log WHERE action = 'identity-search-passport'")"
check "no number in the trail" "0" \
	"$(sq "SELECT count(*) FROM audit_log WHERE detail LIKE '%8803%' OR object_id LIKE '%8803%' OR detail LIKE '%Citra%'")"
finish
