#!/bin/bash
# The council over HTTP: the public documents page and downloads for anonymous visitors, the
# refusal (404) of documents and files above a visitor's access level, the meeting of 22 July
# 2021 through pages and the API, representatives for the secretariat only (audited), writes for
# the secretariat only, attachments checked by content, action items and their XLSX.
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
start_server

SEC=$(token secretariat)
PDRM=$(token pdrm)
PARTNER=$(token partner)

# --- the library for anonymous visitors: public documents only
check "public documents page" 200 "$(req GET /documents)"
contains "country report listed" "Malaysia Country Report on Trafficking in Persons 2020" "$WORK/body"
lacks "internal minutes not listed" "Minutes of MAPO Meeting No. 1/2021" "$WORK/body"
lacks "members' paper not listed" "2021 Trafficking in Persons Report" "$WORK/body"
check "public documents API" 200 "$(req GET /api/v1/documents)"
check "only public ones" '["public"]' "$(jq -c '[.documents[].access] | unique' "$WORK/body")"
PUB=$(jq -r '.documents[] | select(.kind == "country-report") | .id' "$WORK/body")
check "a public document" 200 "$(req GET "/api/v1/documents/$PUB")"
FILE=$(jq -r '.file_list[0].id' "$WORK/body")
check "a public file without signing in" 200 "$(req GET "/documents/files/$FILE")"
check "it is the PDF" "%PDF-" "$(head -c 5 "$WORK/body")"
contains "as a download" "Content-Disposition: attachment" "$WORK/headers"
contains "its type" "Content-Type: application/pdf" "$WORK/headers"

# --- documents above the visitor's level look absent
check "all documents for the secretariat" 200 "$(req GET /api/v1/documents -H "$(auth "$SEC")")"
INTERNAL=$(jq -r '[.documents[] | select(.access == "internal")][0].id' "$WORK/body")
MEMBERS=$(jq -r '[.documents[] | select(.access == "members" and .files > 0)][0].id' "$WORK/body")
PARTNERS=$(jq -r '[.documents[] | select(.access == "partners")][0].id' "$WORK/body")
check "anonymous: internal document refused" 404 "$(req GET "/documents/$INTERNAL")"
lacks "no title in the refusal" "Minutes" "$WORK/body"
check "anonymous API: internal document refused" 404 "$(req GET "/api/v1/documents/$INTERNAL")"
check "404 code" not_found "$(jq -r .error.code "$WORK/body")"
check "anonymous: members' document refused" 404 "$(req GET "/api/v1/documents/$MEMBERS")"
check "the secretariat reads the members' paper" 200 "$(req GET "/api/v1/documents/$MEMBERS" -H "$(auth "$SEC")")"
MFILE=$(jq -r '.file_list[0].id' "$WORK/body")
check "anonymous: its file refused" 404 "$(req GET "/documents/files/$MFILE")"
check "anonymous API: its file refused" 404 "$(req GET "/api/v1/files/$MFILE")"
check "a partner: its file refused" 404 "$(req GET "/api/v1/files/$MFILE" -H "$(auth "$PARTNER")")"
check "an agency officer: its file" 200 "$(req GET "/api/v1/files/$MFILE" -H "$(auth "$PDRM")")"
check "a partner: partners' document" 200 "$(req GET "/api/v1/documents/$PARTNERS" -H "$(auth "$PARTNER")")"
check "a partner: internal document refused" 404 "$(req GET "/api/v1/documents/$INTERNAL" -H "$(auth "$PARTNER")")"
check "no such document" 404 "$(req GET /api/v1/documents/999999)"

# --- council records need a sign-in; the council pages redirect
check "anonymous: meetings API" 401 "$(req GET /api/v1/council/meetings)"
check "anonymous: council page" 303 "$(req GET /council)"

# --- the meeting of 22 July 2021
check "meetings of MAPO in 2021" 200 "$(req GET "/api/v1/council/meetings?body=MAPO&year=2021" -H "$(auth "$PDRM")")"
M=$(jq -r '.meetings[] | select(.date == "2021-07-22") | .id' "$WORK/body")
check "its number" "Mesyuarat MAPO Bil. 2/2021" "$(jq -r ".meetings[] | select(.id == $M) | .title_ms" "$WORK/body")"
check "a meeting" 200 "$(req GET "/api/v1/council/meetings/$M" -H "$(auth "$PDRM")")"
check "online" online "$(jq -r .mode "$WORK/body")"
check "quorum met" true "$(jq -r .quorum.met "$WORK/body")"
check "two information papers the officer may read" 2 "$(jq '[.documents[] | select(.kind == "information-paper")] | length' "$WORK/body")"
check "a partner sees only the partners' paper" 200 "$(req GET "/api/v1/council/meetings/$M" -H "$(auth "$PARTNER")")"
check "one paper for the partner" 1 "$(jq '.documents | length' "$WORK/body")"
sign_in pdrm
check "the meeting page" 200 "$(req GET "/council/meetings/$M" -b "$WORK/pdrm.jar")"
contains "the English title" "MAPO Meeting No. 2/2021" "$WORK/body"
lacks "no names for an officer" "binti" "$WORK/body"
check "attendance: not for an officer" 403 "$(req GET "/api/v1/council/meetings/$M/attendance" -H "$(auth "$PDRM")")"
check "attendance for the secretariat" 200 "$(req GET "/api/v1/council/meetings/$M/attendance" -H "$(auth "$SEC")")"
n=$(jq '[.attendance[] | select(.status != "apology")] | length' "$WORK/body")
if [ "$n" -ge 65 ] && [ "$n" -le 80 ]; then ok; else fail "about seventy attendees, got $n"; fi
check "the view is audited" 1 "$("$MAPO" --db "$DB" audit list --action council-person-view --user secretariat --format json | jq 'length >= 1' | grep -c true)"
sign_in secretariat
check "attendance XLSX" 200 "$(req GET "/council/meetings/$M/attendance.xlsx" -b "$WORK/secretariat.jar")"
check "a workbook" PK "$(head -c 2 "$WORK/body")"
sign_in jim
check "attendance XLSX refused to an officer" 403 "$(req GET "/council/meetings/$M/attendance.xlsx" -b "$WORK/jim.jar")"

# --- role by route: who gets what (anonymous, admin, secretariat, agency officer, prosecutor,
# protection officer, partner)
ADM=$(token admin)
PROS=$(token prosecutor)
PROT=$(token protection)
matrix() { # PATH EXPECTED... (one status per role, in the order above)
	path=$1
	shift
	i=0
	for tok in "" "$ADM" "$SEC" "$PDRM" "$PROS" "$PROT" "$PARTNER"; do
		i=$((i + 1))
		want=$(eval echo "\${$i}")
		if [ -n "$tok" ]; then got=$(req GET "$path" -H "$(auth "$tok")"); else got=$(req GET "$path"); fi
		check "GET $path as role $i" "$want" "$got"
	done
}
matrix /api/v1/council/meetings 401 200 200 200 200 200 200
matrix "/api/v1/council/meetings/$M" 401 200 200 200 200 200 200
matrix "/api/v1/council/meetings/$M/attendance" 401 200 200 403 403 403 403
matrix /api/v1/council/orgs/KDN/people 401 200 200 403 403 403 403
matrix /api/v1/council/actions 401 200 200 200 200 200 200
matrix /api/v1/council/engagements 401 200 200 200 200 200 200
matrix /api/v1/documents 200 200 200 200 200 200 200
matrix "/api/v1/documents/$INTERNAL" 404 200 200 404 404 404 404
matrix "/api/v1/documents/$MEMBERS" 404 200 200 200 200 200 404
matrix "/api/v1/documents/$PARTNERS" 404 200 200 200 200 200 200
matrix "/api/v1/documents/$PUB" 200 200 200 200 200 200 200
matrix "/api/v1/files/$MFILE" 404 200 200 200 200 200 404

# --- writes: the secretariat only
check "an officer may not add a meeting" 403 "$(req POST /api/v1/council/meetings -H "$(auth "$PDRM")" -H "$JSON" \
	-d '{"body":"MAPO","date":"2021-01-14","mode":"online"}')"
check "the secretariat adds one" 201 "$(req POST /api/v1/council/meetings -H "$(auth "$SEC")" -H "$JSON" \
	-d '{"body":"MAPO","date":"2021-01-14","mode":"online","agenda":["Taklimat"]}')"
check "it is the first of 2021" "MAPO Meeting No. 1/2021" "$(jq -r .title_en "$WORK/body")"
check "22 July is now the third" 200 "$(req GET "/api/v1/council/meetings/$M" -H "$(auth "$SEC")")"
check "renumbered" 3 "$(jq -r .number "$WORK/body")"
check "bad mode" 422 "$(req POST /api/v1/council/meetings -H "$(auth "$SEC")" -H "$JSON" -d '{"body":"MAPO","date":"2021-01-14","mode":"carrier-pigeon"}')"
check "names the field" mode "$(jq -r '.error.fields[0].field' "$WORK/body")"
check "unknown body" 422 "$(req POST /api/v1/council/meetings -H "$(auth "$SEC")" -H "$JSON" -d '{"body":"GHOST","date":"2021-01-14","mode":"online"}')"
check "not JSON" 400 "$(req POST /api/v1/council/meetings -H "$(auth "$SEC")" -H "$JSON" -d 'body=MAPO')"

# --- documents and files through the API
check "a new internal document" 201 "$(req POST /api/v1/documents -H "$(auth "$SEC")" -H "$JSON" \
	-d '{"kind":"guideline","title_en":"Internal guideline","access":"internal"}')"
DOC=$(jq -r .id "$WORK/body")
printf '%%PDF-1.4\nsynthetic\n%%%%EOF\n' >"$WORK/g.pdf"
printf '<html><script>alert(1)</script></html>' >"$WORK/fake.pdf"
check "attach a PDF" 201 "$(req POST "/api/v1/documents/$DOC/files" -H "$(auth "$SEC")" -F "file=@$WORK/g.pdf")"
check "type from the bytes" application/pdf "$(jq -r .content_type "$WORK/body")"
NF=$(jq -r .id "$WORK/body")
check "HTML called .pdf is refused" 422 "$(req POST "/api/v1/documents/$DOC/files" -H "$(auth "$SEC")" -F "file=@$WORK/fake.pdf")"
{ printf '%%PDF-1.4\n'; head -c $((10 * 1024 * 1024)) /dev/zero; } >"$WORK/big.pdf"
check "a file over 10 MiB is refused" 413 "$(req POST "/api/v1/documents/$DOC/files" -H "$(auth "$SEC")" -F "file=@$WORK/big.pdf")"
check "413 code" too_big "$(jq -r .error.code "$WORK/body")"
check "an officer may not attach" 403 "$(req POST "/api/v1/documents/$DOC/files" -H "$(auth "$PDRM")" -F "file=@$WORK/g.pdf")"
check "anonymous: the new file refused" 404 "$(req GET "/api/v1/files/$NF")"
check "the secretariat downloads it" 200 "$(req GET "/api/v1/files/$NF" -H "$(auth "$SEC")")"
check "bad access level" 422 "$(req POST /api/v1/documents -H "$(auth "$SEC")" -H "$JSON" -d '{"kind":"plan","title_en":"x","access":"secret"}')"

# --- action items
check "overdue items" 200 "$(req GET "/api/v1/council/actions?overdue=1&as_of=2021-12-01" -H "$(auth "$PDRM")")"
check "all overdue" true "$(jq '[.actions[].overdue] | all' "$WORK/body")"
check "JIM's two" 2 "$(jq '[.actions[] | select(.org == "JIM")] | length' "$WORK/body")"
A=$(jq -r '.actions[0].id' "$WORK/body")
V=$(jq -r '.actions[0].version' "$WORK/body")
check "an officer may not update" 403 "$(req POST "/api/v1/council/actions/$A/updates" -H "$(auth "$PDRM")" -H "$JSON" -d "{\"status\":\"done\",\"version\":$V}")"
check "the secretariat updates" 200 "$(req POST "/api/v1/council/actions/$A/updates" -H "$(auth "$SEC")" -H "$JSON" -d "{\"status\":\"done\",\"note\":\"selesai\",\"version\":$V}")"
check "done" done "$(jq -r .status "$WORK/body")"
check "a stale update" 409 "$(req POST "/api/v1/council/actions/$A/updates" -H "$(auth "$SEC")" -H "$JSON" -d "{\"status\":\"open\",\"version\":$V}")"
check "bad status" 422 "$(req GET "/api/v1/council/actions?status=later" -H "$(auth "$SEC")")"
check "follow-up list" 200 "$(req GET "/api/v1/council/actions?body=MAPO&followup=1" -H "$(auth "$SEC")")"
check "something to follow up" true "$(jq '.actions | length > 0' "$WORK/body")"
check "only MAPO's decisions" true "$(jq '[.actions[].meeting_id] | all' "$WORK/body")"
check "nothing done in it" 0 "$(jq '[.actions[] | select(.status == "done" or .status == "cancelled")] | length' "$WORK/body")"
check "action items page" 200 "$(req GET "/council/actions?overdue=1" -b "$WORK/pdrm.jar")"
check "action items XLSX" 200 "$(req GET "/council/actions.xlsx" -b "$WORK/pdrm.jar")"
check "a workbook" PK "$(head -c 2 "$WORK/body")"
check "organisations page" 200 "$(req GET /council/orgs -b "$WORK/pdrm.jar")"
contains "the US embassy" "EMB-US" "$WORK/body"
check "an organisation's page" 200 "$(req GET /council/orgs/JIM -b "$WORK/pdrm.jar")"
contains "its action items" "Laksanakan garis panduan operasi semasa wabak di depot" "$WORK/body"
lacks "no representatives for an officer" "jim.example" "$WORK/body"
check "the same for the secretariat" 200 "$(req GET /council/orgs/JIM -b "$WORK/secretariat.jar")"
contains "representatives for the secretariat" "@jim.example" "$WORK/body"
check "no such organisation page" 404 "$(req GET /council/orgs/GHOST -b "$WORK/pdrm.jar")"
check "overdue per organisation on the list" 200 "$(req GET /council/actions -b "$WORK/pdrm.jar")"
contains "links to the organisation" 'href="/council/orgs/PDRM"' "$WORK/body"

# --- an action item's page, and editing its owner, title and due date against the version
check "an action item's page" 200 "$(req GET "/council/actions/$A" -b "$WORK/pdrm.jar")"
contains "its update" "selesai" "$WORK/body"
lacks "no forms for an officer" "/council/actions/$A/edit" "$WORK/body"
check "no such action item" 404 "$(req GET /council/actions/999999 -b "$WORK/pdrm.jar")"
check "the list links to it" 200 "$(req GET /council/actions -b "$WORK/pdrm.jar")"
contains "link to the item" "href=\"/council/actions/$A\"" "$WORK/body"
check "the secretariat's page has the forms" 200 "$(req GET "/council/actions/$A" -b "$WORK/secretariat.jar")"
contains "edit form" "action=\"/council/actions/$A/edit\"" "$WORK/body"
V=$(curl -s -H "$(auth "$SEC")" "$BASE/api/v1/council/actions?status=done" | jq -r ".actions[] | select(.id == $A) | .version")
# who may is asked first: an officer is refused whatever the body says
check "an officer may not edit" 403 "$(req PUT "/api/v1/council/actions/$A" -H "$(auth "$PDRM")" -H "$JSON" -d '{"title":""}')"
check "nor with no JSON at all" 403 "$(req PUT "/api/v1/council/actions/$A" -H "$(auth "$PDRM")" -d 'x')"
check "an edit needs JSON" 400 "$(req PUT "/api/v1/council/actions/$A" -H "$(auth "$SEC")" -d 'x')"
check "an edit needs the version" 422 "$(req PUT "/api/v1/council/actions/$A" -H "$(auth "$SEC")" -H "$JSON" -d '{"title":"x"}')"
check "the field named" version "$(jq -r '.error.fields[0].field' "$WORK/body")"
check "a bad due date" 422 "$(req PUT "/api/v1/council/actions/$A" -H "$(auth "$SEC")" -H "$JSON" -d "{\"version\":$V,\"due\":\"31/12/2021\"}")"
check "an empty title" 422 "$(req PUT "/api/v1/council/actions/$A" -H "$(auth "$SEC")" -H "$JSON" -d "{\"version\":$V,\"title\":\"\"}")"
check "an unknown owner" 422 "$(req PUT "/api/v1/council/actions/$A" -H "$(auth "$SEC")" -H "$JSON" -d "{\"version\":$V,\"org\":\"GHOST\"}")"
contains "named" "GHOST" "$WORK/body"
check "no such item to edit" 404 "$(req PUT /api/v1/council/actions/999999 -H "$(auth "$SEC")" -H "$JSON" -d "{\"version\":1}")"
check "a stale edit" 409 "$(req PUT "/api/v1/council/actions/$A" -H "$(auth "$SEC")" -H "$JSON" -d "{\"version\":$((V - 1)),\"title\":\"Basi\"}")"
check "the secretariat edits" 200 "$(req PUT "/api/v1/council/actions/$A" -H "$(auth "$SEC")" -H "$JSON" \
	-d "{\"version\":$V,\"org\":\"JKM\",\"title\":\"Semak semula SOP\",\"due\":\"2022-01-31\"}")"
check "edited" "JKM|Semak semula SOP|2022-01-31|done|$((V + 1))" "$(jq -r '[.org, .title, .due, .status, (.version | tostring)] | join("|")' "$WORK/body")"
check "the due date taken away" 200 "$(req PUT "/api/v1/council/actions/$A" -H "$(auth "$SEC")" -H "$JSON" -d "{\"version\":$((V + 1)),\"due\":null}")"
check "no due date" "null|Semak semula SOP" "$(jq -r '[(.due | tostring), .title] | join("|")' "$WORK/body")"
V=$((V + 2))
# the same by form (CSRF-checked): problems beside the fields, a stale version named, then saved
CS=$(csrf_of secretariat)
check "an officer may not edit by form" 403 "$(req POST "/council/actions/$A/edit" -b "$WORK/pdrm.jar" \
	--data-urlencode "csrf=$(csrf_of pdrm)" --data-urlencode "version=$V" --data-urlencode "org=PDRM" --data-urlencode "title=x")"
check "an empty title by form" 422 "$(req POST "/council/actions/$A/edit" -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "version=$V" --data-urlencode "org=JKM" --data-urlencode "title=")"
contains "the form again" "action=\"/council/actions/$A/edit\"" "$WORK/body"
contains "the field marked" 'aria-invalid="true"' "$WORK/body"
check "a stale form" 409 "$(req POST "/council/actions/$A/edit" -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "version=$((V - 1))" --data-urlencode "org=JKM" --data-urlencode "title=Tajuk basi")"
contains "said so" "changed by someone else" "$WORK/body"
contains "what was sent kept" "Tajuk basi" "$WORK/body"
check "saved by form" 303 "$(req POST "/council/actions/$A/edit" -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "version=$V" --data-urlencode "org=JIM" --data-urlencode "title=Semak SOP & saringan" \
	--data-urlencode "due=2022-02-28")"
check "back to the item" "/council/actions/$A" "$(sed -n 's/^Location: \([^\r]*\)\r*$/\1/p' "$WORK/headers")"
check "the item as saved" 200 "$(req GET "/council/actions/$A" -b "$WORK/pdrm.jar")"
contains "title escaped" "Semak SOP &amp; saringan" "$WORK/body"
check "three edits audited, by the secretariat" "3 secretariat" "$("$MAPO" --db "$DB" audit list --action council-action-edit \
	--object "$A" --format json | jq -r '"\(length) \(map(.user) | unique | join(","))"')"
check "representatives: not for a partner" 403 "$(req GET /api/v1/council/orgs/KDN/people -H "$(auth "$PARTNER")")"
check "representatives for the secretariat" 200 "$(req GET /api/v1/council/orgs/KDN/people -H "$(auth "$SEC")")"

# --- the secretariat's forms on a meeting page (CSRF-checked)
check "the page has the forms" 200 "$(req GET "/council/meetings/$M" -b "$WORK/secretariat.jar")"
contains "attendance form" "/council/meetings/$M/attendance" "$WORK/body"
CS=$(csrf_of secretariat)
check "a decision by form" 303 "$(req POST "/council/meetings/$M/decisions" -b "$WORK/secretariat.jar" \
	--data-urlencode "csrf=$CS" --data-urlencode "text=Keputusan ujian <b>sintetik</b>")"
check "without the CSRF token" 403 "$(req POST "/council/meetings/$M/decisions" -b "$WORK/secretariat.jar" --data-urlencode "text=x")"
check "the decision is listed, escaped" 200 "$(req GET "/api/v1/council/meetings/$M" -H "$(auth "$SEC")")"
DEC=$(jq -r '.decisions[] | select(.text | startswith("Keputusan ujian")) | .id' "$WORK/body")
check "an action item by form" 303 "$(req POST /council/actions -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "decision_id=$DEC" --data-urlencode "org=JIM" --data-urlencode "title=Ujian" --data-urlencode "due=2021-08-01" \
	--data-urlencode "meeting=$M")"
check "back to the meeting" "/council/meetings/$M" "$(sed -n 's/^Location: \([^\r]*\)\r*$/\1/p' "$WORK/headers")"
req GET "/council/meetings/$M" -b "$WORK/secretariat.jar" >/dev/null
contains "escaped decision" "Keputusan ujian &lt;b&gt;sintetik&lt;/b&gt;" "$WORK/body"
P=$(curl -s -H "$(auth "$SEC")" "$BASE/api/v1/council/orgs/KDN/people" | jq -r '.people[0].id')
check "attendance by form" 303 "$(req POST "/council/meetings/$M/attendance" -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "person_id=$P" --data-urlencode "status=represented" --data-urlencode "represented_by=Wakil Sintetik")"
check "represented without a name" 422 "$(req POST "/council/meetings/$M/attendance" -b "$WORK/secretariat.jar" \
	--data-urlencode "csrf=$CS" --data-urlencode "person_id=$P" --data-urlencode "status=represented")"
check "an engagement through the API" 201 "$(req POST /api/v1/council/engagements -H "$(auth "$SEC")" -H "$JSON" \
	-d '{"date":"2021-07-30","org":"ILO","title":"Forced labour indicators","topics":"indicators"}')"
check "a representative through the API" 201 "$(req POST /api/v1/council/orgs/ILO/people -H "$(auth "$SEC")" -H "$JSON" \
	-d '{"name":"Synthetic Officer","email":"officer@ilo.example"}')"
check "a bad e-mail" 422 "$(req POST /api/v1/council/orgs/ILO/people -H "$(auth "$SEC")" -H "$JSON" -d '{"name":"X","email":"not mail"}')"

# --- minutes, memberships and organisations change against their versions
req GET "/api/v1/council/meetings/$M" -H "$(auth "$SEC")" >/dev/null
MV=$(jq -r .version "$WORK/body")
check "minutes through the API" 200 "$(req PUT "/api/v1/council/meetings/$M" -H "$(auth "$SEC")" -H "$JSON" \
	-d "{\"version\":$MV,\"minutes\":\"Minit disahkan (ujian).\"}")"
check "minutes kept" "Minit disahkan (ujian)." "$(jq -r .minutes "$WORK/body")"
check "a stale change" 409 "$(req PUT "/api/v1/council/meetings/$M" -H "$(auth "$SEC")" -H "$JSON" -d "{\"version\":$MV,\"minutes\":\"lost\"}")"
check "no version" 422 "$(req PUT "/api/v1/council/meetings/$M" -H "$(auth "$SEC")" -H "$JSON" -d '{"minutes":"x"}')"
check "an officer may not" 403 "$(req PUT "/api/v1/council/meetings/$M" -H "$(auth "$PDRM")" -H "$JSON" -d "{\"version\":$((MV + 1)),\"minutes\":\"x\"}")"
check "minutes by form" 303 "$(req POST "/council/meetings/$M/minutes" -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "version=$((MV + 1))" --data-urlencode "minutes=Minit akhir (ujian).")"
check "members of MAPO on 22 July" 200 "$(req GET "/api/v1/council/members?body=MAPO&on=2021-07-22" -H "$(auth "$PDRM")")"
check "twenty members, invited apart" 20 "$(jq '[.members[] | select(.role != "invited")] | length' "$WORK/body")"
check "a new membership" 201 "$(req POST /api/v1/council/members -H "$(auth "$SEC")" -H "$JSON" \
	-d '{"body":"JK-MEDIA","org":"UNICEF","role":"invited","start":"2021-09-01"}')"
check "a membership of a ministry is refused" 422 "$(req POST /api/v1/council/members -H "$(auth "$SEC")" -H "$JSON" \
	-d '{"body":"KDN","org":"UNICEF","role":"member","start":"2021-09-01"}')"
req GET /api/v1/council/orgs?kind=ngo -H "$(auth "$SEC")" >/dev/null
OV=$(jq -r '.orgs[] | select(.code == "NGO-A") | .version' "$WORK/body")
check "rename an organisation" 200 "$(req PUT /api/v1/council/orgs/NGO-A -H "$(auth "$SEC")" -H "$JSON" \
	-d "{\"version\":$OV,\"name_en\":\"Victim Assistance Society (renamed, demo)\"}")"
check "its version" $((OV + 1)) "$(jq -r .version "$WORK/body")"
check "a parent loop" 422 "$(req PUT /api/v1/council/orgs/MAPO -H "$(auth "$SEC")" -H "$JSON" -d '{"version":1,"parent":"JK-MEDIA"}')"
check "no such organisation" 404 "$(req PUT /api/v1/council/orgs/GHOST -H "$(auth "$SEC")" -H "$JSON" -d '{"version":1}')"

# --- a document with its file through the page's multipart form
check "a document by form" 303 "$(req POST /documents -b "$WORK/secretariat.jar" -F "csrf=$CS" -F kind=guideline \
	-F "title_en=Shelter guideline (test)" -F access=public -F "file=@$WORK/g.pdf")"
NEWDOC=$(sed -n 's/^Location: \/documents\/\([0-9]*\).*/\1/p' "$WORK/headers" | tr -d '\r')
check "public at once" 200 "$(req GET "/documents/$NEWDOC")"
contains "its file" "g.pdf" "$WORK/body"
check "a fake PDF by form is refused, nothing kept" 422 "$(req POST /documents -b "$WORK/secretariat.jar" -F "csrf=$CS" \
	-F kind=guideline -F "title_en=Fake (test)" -F access=public -F "file=@$WORK/fake.pdf")"
req GET /api/v1/documents >/dev/null
check "the refused document is not listed" 0 "$(jq '[.documents[] | select(.title_en == "Fake (test)")] | length' "$WORK/body")"
check "without the CSRF token" 403 "$(req POST /documents -b "$WORK/secretariat.jar" -F kind=guideline -F "title_en=x" -F access=public)"

# --- the secretariat's forms for organisations, memberships, engagements and representatives
# (CSRF-checked, writers only, problems shown beside the field with what was sent)
check "the organisations page for the secretariat" 200 "$(req GET /council/orgs -b "$WORK/secretariat.jar")"
contains "organisation form" 'action="/council/orgs"' "$WORK/body"
contains "membership form" 'action="/council/members"' "$WORK/body"
contains "engagement form" 'action="/council/engagements"' "$WORK/body"
req GET /council/orgs -b "$WORK/pdrm.jar" >/dev/null
lacks "no forms for an officer" 'action="/council/members"' "$WORK/body"
CP=$(csrf_of pdrm)
check "an organisation by form" 303 "$(req POST /council/orgs -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "code=NGO-FORM" --data-urlencode "kind=ngo" --data-urlencode "name_ms=Pertubuhan Ujian (demo)" \
	--data-urlencode "name_en=Test Society (demo)")"
check "to its page" "/council/orgs/NGO-FORM" "$(sed -n 's/^Location: \([^\r]*\)\r*$/\1/p' "$WORK/headers")"
check "it is listed" 200 "$(req GET "/api/v1/council/orgs?kind=ngo" -H "$(auth "$SEC")")"
check "with its names" "Test Society (demo)" "$(jq -r '.orgs[] | select(.code == "NGO-FORM") | .name_en' "$WORK/body")"
check "audited" 1 "$("$MAPO" --db "$DB" audit list --action council-org-create --user secretariat --format json | jq '[.[] | select(.detail == "NGO-FORM")] | length')"
check "an officer may not add an organisation" 403 "$(req POST /council/orgs -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CP" \
	--data-urlencode "code=NGO-PDRM" --data-urlencode "kind=ngo" --data-urlencode "name_ms=x" --data-urlencode "name_en=x")"
check "an organisation without the CSRF token" 403 "$(req POST /council/orgs -b "$WORK/secretariat.jar" \
	--data-urlencode "code=NGO-NOCSRF" --data-urlencode "kind=ngo" --data-urlencode "name_ms=x" --data-urlencode "name_en=x")"
req GET "/api/v1/council/orgs" -H "$(auth "$SEC")" >/dev/null
check "neither was kept" 0 "$(jq '[.orgs[] | select(.code == "NGO-PDRM" or .code == "NGO-NOCSRF")] | length' "$WORK/body")"
check "an organisation without an English name" 422 "$(req POST /council/orgs -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "code=NGO-HALF" --data-urlencode "kind=ngo" --data-urlencode "name_ms=Separuh")"
contains "the problem beside the field" 'id="e-name_en"' "$WORK/body"
contains "what was sent is kept" 'value="NGO-HALF"' "$WORK/body"

check "a membership by form" 303 "$(req POST /council/members -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "body=JK-MEDIA" --data-urlencode "org=NGO-FORM" --data-urlencode "role=member" --data-urlencode "start=2021-10-01")"
check "the members of the committee" 200 "$(req GET "/api/v1/council/members?body=JK-MEDIA&on=2021-10-02" -H "$(auth "$SEC")")"
check "the new member among them" member "$(jq -r '.members[] | select(.org == "NGO-FORM") | .role' "$WORK/body")"
check "an officer may not add a membership" 403 "$(req POST /council/members -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CP" \
	--data-urlencode "body=JK-MEDIA" --data-urlencode "org=PDRM" --data-urlencode "role=member" --data-urlencode "start=2021-10-01")"
check "a membership without the CSRF token" 403 "$(req POST /council/members -b "$WORK/secretariat.jar" \
	--data-urlencode "body=JK-MEDIA" --data-urlencode "org=PDRM" --data-urlencode "role=member" --data-urlencode "start=2021-10-01")"
check "a membership ending before it starts" 422 "$(req POST /council/members -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "body=JK-MEDIA" --data-urlencode "org=NGO-FORM" --data-urlencode "role=member" \
	--data-urlencode "start=2021-10-01" --data-urlencode "end=2021-09-01")"
contains "the problem beside the end date" 'id="e-end"' "$WORK/body"
check "a membership of an unknown body" 422 "$(req POST /council/members -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "body=GHOST" --data-urlencode "org=NGO-FORM" --data-urlencode "role=member" --data-urlencode "start=2021-10-01")"
contains "names it" "GHOST" "$WORK/body"

check "an engagement by form" 303 "$(req POST /council/engagements -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "date=2021-11-02" --data-urlencode "partner=ILO" --data-urlencode "title=Form engagement (test)" \
	--data-urlencode "topics=recruitment fees")"
check "engagements with the ILO" 200 "$(req GET "/api/v1/council/engagements?org=ILO" -H "$(auth "$PDRM")")"
check "the new engagement" "recruitment fees" "$(jq -r '.engagements[] | select(.title == "Form engagement (test)") | .topics' "$WORK/body")"
check "an officer may not record an engagement" 403 "$(req POST /council/engagements -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CP" \
	--data-urlencode "date=2021-11-02" --data-urlencode "partner=ILO" --data-urlencode "title=x")"
check "an engagement without the CSRF token" 403 "$(req POST /council/engagements -b "$WORK/secretariat.jar" \
	--data-urlencode "date=2021-11-02" --data-urlencode "partner=ILO" --data-urlencode "title=x")"
check "an engagement without a title" 422 "$(req POST /council/engagements -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "date=2021-11-02" --data-urlencode "partner=ILO")"
contains "the problem beside the title" 'id="e-title"' "$WORK/body"

check "the organisation page has the representative form" 200 "$(req GET /council/orgs/ILO -b "$WORK/secretariat.jar")"
contains "representative form" 'action="/council/orgs/ILO/people"' "$WORK/body"
req GET /council/orgs/ILO -b "$WORK/pdrm.jar" >/dev/null
lacks "not for an officer" 'action="/council/orgs/ILO/people"' "$WORK/body"
check "a representative by form" 303 "$(req POST /council/orgs/ILO/people -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "name=Form Officer (synthetic)" --data-urlencode "email=form.officer@ilo.example")"
check "back to the organisation" "/council/orgs/ILO" "$(sed -n 's/^Location: \([^\r]*\)\r*$/\1/p' "$WORK/headers")"
check "the representatives of the ILO" 200 "$(req GET /api/v1/council/orgs/ILO/people -H "$(auth "$SEC")")"
check "the new one" "form.officer@ilo.example" "$(jq -r '.people[] | select(.name == "Form Officer (synthetic)") | .email' "$WORK/body")"
check "an officer may not add a representative" 403 "$(req POST /council/orgs/ILO/people -b "$WORK/pdrm.jar" --data-urlencode "csrf=$CP" \
	--data-urlencode "name=x")"
check "a representative without the CSRF token" 403 "$(req POST /council/orgs/ILO/people -b "$WORK/secretariat.jar" \
	--data-urlencode "name=x")"
check "a representative with a bad e-mail" 422 "$(req POST /council/orgs/ILO/people -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "name=Y (synthetic)" --data-urlencode "email=not mail")"
contains "the problem beside the e-mail" 'id="e-email"' "$WORK/body"
check "a representative of no organisation" 404 "$(req POST /council/orgs/GHOST/people -b "$WORK/secretariat.jar" --data-urlencode "csrf=$CS" \
	--data-urlencode "name=Z (synthetic)")"
sign_in admin
check "an administrator switches to Malay" 303 "$(req GET /lang/ms -b "$WORK/admin.jar")"
check "the forms in Malay" 200 "$(req GET /council/orgs -b "$WORK/admin.jar")"
contains "Malay label" "Organisasi baharu" "$WORK/body"

# --- Malay
check "the library in Malay" 200 "$(req GET /documents -H 'Accept-Language: ms')"
contains "Malay title" "Laporan Negara Malaysia mengenai Pemerdagangan Orang 2020" "$WORK/body"

check "audit trail intact" 0 "$("$MAPO" --db "$DB" audit verify >/dev/null 2>&1; echo $?)"
stop_server
finish
