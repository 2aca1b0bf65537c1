#!/bin/sh
# mapo org, meeting, paper, action, doc: the council demo (the meeting of 22 July 2021 and its
# papers), numbering per body and year, the quorum, attendance, overdue items and the follow-up
# list, files with their type checked, the XLSX exports, formats and bad input.
. ./lib.sh
export MAPO_TODAY=2021-12-01
DB=$T/mapo.db
m() { run "$@"; }

run 0 --db "$DB" demo
# --- the demo's council
run 0 --db "$DB" meeting show "MAPO 2/2021"
expect_contains "$out" "MAPO Meeting No. 2/2021" "meeting title"
expect_contains "$out" "2021-07-22 09:30" "meeting date"
expect_contains "$out" "The United States Department of State 2021 Trafficking in Persons Report" "TIP paper"
expect_contains "$out" "Operating guidelines during infectious-disease outbreaks" "outbreak paper"
expect_contains "$out" "quorum: 11 of 20 member organisations needed" "quorum"
run 0 --db "$DB" --lang ms meeting show "MAPO:2/2021"
expect_contains "$out" "Mesyuarat MAPO Bil. 2/2021" "Malay title"
run 0 --db "$DB" meeting show "MAPO 2/2021" --format json
expect_eq "$(printf '%s' "$out" | jq -r .mode)" online "mode"
expect_eq "$(printf '%s' "$out" | jq -r .quorum.met)" true "quorum met"
run 0 --db "$DB" meeting attendance "MAPO 2/2021" --format json
n=$(printf '%s' "$out" | jq 'map(select(.status != "apology")) | length')
[ "$n" -ge 65 ] && [ "$n" -le 80 ] || fail "about seventy attended, got $n"
expect_eq "$(printf '%s' "$out" | jq '[.[] | select(.status == "represented")] | length')" 2 "represented"
run 0 --db "$DB" meeting list --body MAPO --year 2021 --format csv
expect_lines 4 "$out" "three MAPO meetings in 2021 and a header"
run 0 --db "$DB" meeting list --body MAPO --year 2020 --format json
expect_eq "$(printf '%s' "$out" | jq -r '.[-1].title_ms')" "Mesyuarat MAPO Bil. 3/2020" "2020 numbering"

# --- numbering: a meeting added before the others renumbers them
run 0 --db "$DB" meeting add MAPO --date 2021-01-14 --mode online --agenda "Taklimat" --agenda "Hal-hal lain"
expect_contains "$out" "MAPO Meeting No. 1/2021" "new first meeting"
NEW=${out%% *}
run 0 --db "$DB" meeting show "MAPO 3/2021"
expect_contains "$out" "2021-07-22" "22 July is now the third"
run 0 --db "$DB" meeting show "$NEW" --format json
expect_eq "$(printf '%s' "$out" | jq -r '.agenda | length')" 2 "agenda items"
run 1 --db "$DB" meeting show "MAPO 9/2021"
expect_one_error_line "no ninth meeting"
run 1 --db "$DB" meeting show "MAPO two"
expect_one_error_line "bad meeting reference"

# --- attendance and quorum of the new meeting
run 0 --db "$DB" org rep list KDN --format json
P=$(printf '%s' "$out" | jq -r '.[0].id')
run 0 --db "$DB" meeting attend "$NEW" --person "$P" --status present
run 0 --db "$DB" meeting quorum "$NEW"
expect_contains "$out" "1 attended (not met)" "one member present"
run 1 --db "$DB" meeting attend "$NEW" --person "$P" --status represented
expect_one_error_line "represented without a name"
run 2 --db "$DB" meeting attend "$NEW" --person "$P" --status sleeping
run 0 --db "$DB" meeting attendance "MAPO 2/2021" --format xlsx --output "$T/att.xlsx"
[ -s "$T/att.xlsx" ] || fail "attendance workbook"
head -c 2 "$T/att.xlsx" | grep -q PK || fail "attendance workbook is a zip"

# --- organisations
run 0 --db "$DB" org list --kind embassy --format csv
expect_contains "$out" "EMB-US" "embassy listed"
run 0 --db "$DB" org add NGO-Z --kind ngo --name-ms "Pertubuhan Z" --name-en "Organisation Z"
run 1 --db "$DB" org add NGO-Z --kind ngo --name-ms "Pertubuhan Z" --name-en "Organisation Z"
expect_one_error_line "duplicate organisation"
run 2 --db "$DB" org add NGO-Y --kind club --name-ms A --name-en B
run 1 --db "$DB" org add "NGO Y" --kind ngo --name-ms A --name-en B
expect_one_error_line "bad code"
run 0 --db "$DB" org edit NGO-Z --version 1 --parent MAPO
run 1 --db "$DB" org edit NGO-Z --version 1 --name-en "Stale"
expect_one_error_line "stale edit"
run 0 --db "$DB" org member MAPO NGO-Z --role invited --from 2021-11-01
run 0 --db "$DB" org members MAPO --on 2021-07-22 --format json
expect_eq "$(printf '%s' "$out" | jq '[.[] | select(.role != "invited")] | length')" 20 "members on 22 July"
run 0 --db "$DB" org engagements EMB-US
expect_contains "$out" "Kedutaan" "US embassy engagement"

# --- papers and documents
printf '%%PDF-1.4\nsynthetic\n%%%%EOF\n' >"$T/kertas.pdf"
printf '<html><script>x</script></html>' >"$T/palsu.pdf"
run 0 --db "$DB" paper add --meeting "MAPO 3/2021" --title-en "Shelter capacity" --presenter JKM --access members --file "$T/kertas.pdf"
expect_contains "$out" "application/pdf" "file type from the bytes"
DOC=$(printf '%s\n' "$out" | head -n 1)
run 1 --db "$DB" paper attach "$DOC" "$T/palsu.pdf"
expect_one_error_line "HTML called .pdf"
run 1 --db "$DB" paper add --title-en "No meeting"
expect_one_error_line "paper without a meeting"
run 0 --db "$DB" paper list --meeting "MAPO 3/2021" --format json
expect_contains "$out" "Shelter capacity" "paper listed"
run 0 --db "$DB" doc list --access public --format json
expect_eq "$(printf '%s' "$out" | jq 'map(.access) | unique | join(",")')" '"public"' "public only"
FILE=$(printf '%s' "$out" | jq -r '.[] | select(.kind == "country-report") | .id')
run 0 --db "$DB" doc show "$FILE"
expect_contains "$out" "laporan-negara-2020.pdf" "file listed"
FID=$(printf '%s\n' "$out" | sed -n 's/^  \[\([0-9]*\)\] laporan-negara-2020.pdf.*/\1/p')
run 0 --db "$DB" doc get "$FID" --output "$T/out.pdf"
cmp -s "$T/out.pdf" "$MAPO_DATADIR/demo/council/files/laporan-negara-2020.pdf" || fail "downloaded file differs"

# --- action items
run 0 --db "$DB" action overdue --as-of 2021-12-01 --format json
expect_eq "$(printf '%s' "$out" | jq -r '.[] | select(.org == "JIM") | .overdue')" 2 "JIM overdue"
run 0 --db "$DB" action list --org JIM --overdue --format json
expect_eq "$(printf '%s' "$out" | jq 'map(.overdue) | all')" true "all overdue"
run 0 --db "$DB" action followup MAPO --format csv
expect_lacks "$out" ",done," "done items are not followed up"
expect_contains "$out" "Rundingan awam" "open item followed up"
A=$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f1)
run 0 --db "$DB" action show "$A" --format json
V=$(printf '%s' "$out" | jq -r .version)
run 0 --db "$DB" action update "$A" --status done --note "selesai" --version "$V"
run 1 --db "$DB" action update "$A" --status open --version "$V"
expect_one_error_line "stale action update"
run 0 --db "$DB" action show "$A"
expect_contains "$out" "selesai" "update note"
# edit: owner, title, due date against the version; the status and the updates stay
run 0 --db "$DB" action show "$A" --format json
V=$(printf '%s' "$out" | jq -r .version)
STATUS=$(printf '%s' "$out" | jq -r .status)
run 2 --db "$DB" action edit "$A" --title "Tanpa versi"
run 2 --db "$DB" action edit "$A" --version "$V"
expect_usage_error "edit without a change"
run 2 --db "$DB" action edit "$A" --version "$V" --due 2022-01-31 --no-due
run 2 --db "$DB" action edit "$A" --version "$V" --due 31/01/2022
run 1 --db "$DB" action edit "$A" --version "$V" --org GHOST
expect_contains "$err" "GHOST" "unknown owner named"
run 1 --db "$DB" action edit 99999 --version 1 --title "Tiada"
run 0 --db "$DB" action edit "$A" --version "$V" --org JKM --title "Semak semula SOP" --due 2022-01-31
expect_eq "$out" "$A $((V + 1))" "id and new version"
run 1 --db "$DB" action edit "$A" --version "$V" --title "Basi"
expect_one_error_line "stale action edit"
expect_contains "$err" "changed by someone else" "stale edit named"
run 0 --db "$DB" action show "$A" --format json
expect_eq "$(printf '%s' "$out" | jq -r '[.org, .title, .due, .status, .version] | join("|")')" \
	"JKM|Semak semula SOP|2022-01-31|$STATUS|$((V + 1))" "edited item"
run 0 --db "$DB" action edit "$A" --version "$((V + 1))" --no-due
run 0 --db "$DB" action show "$A" --format json
expect_eq "$(printf '%s' "$out" | jq -r '.due')" "null" "due date taken away"
run 0 --db "$DB" action show "$A"
expect_contains "$out" "selesai" "updates kept after the edits"
run 0 --db "$DB" audit list --action council-action-edit --format json
expect_eq "$(printf '%s' "$out" | jq 'length')" 2 "edits audited"
run 0 --db "$DB" action list --format xlsx --output "$T/act.xlsx"
head -c 2 "$T/act.xlsx" | grep -q PK || fail "action workbook"
run 2 --db "$DB" action list --format xlsx
run 1 --db "$DB" action add --decision 1 --org GHOST --title "x"
expect_one_error_line "unknown owner"
run 2 --db "$DB" action list --status later

# --- the audit trail has the writes and the views of personal data
run 0 --db "$DB" audit list --action council-person-view --format json
expect_contains "$out" "council-person-view" "views audited"
run 0 --db "$DB" audit verify
finish
