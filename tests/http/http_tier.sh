#!/bin/bash
# The TIP report's tiers on the web: who may see the history, the outlook and the evidence, and
# who may record a placement (page form with CSRF, and the API), role by role; the JSON answers
# equal to what `mapo tier ... --format json` prints for the same database; Malaysia's 2021
# outlook in the issue's words on the page; the chart (inline SVG with the Watch List band, the
# waivers and the automatic downgrades); escaping of what a person typed; the audit trail; Malay.
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
# `mapo demo` loads no tier files: the server loads the built-in ones at start, as the first
# `mapo tier` command would.
start_server

ROLES="anon admin secretariat pdrm prosecutor protection partner"
for r in $ROLES; do
	[ "$r" = anon ] && continue
	sign_in "$r"
	eval "TOK_$r=\$(token $r)"
done

# page ROUTE EXPECTED... (one status per role, in the order of $ROLES)
page() {
	route=$1
	shift
	for r in $ROLES; do
		if [ "$r" = anon ]; then got=$(req GET "$route"); else got=$(req GET "$route" -b "$WORK/$r.jar"); fi
		check "GET $route as $r" "$1" "$got"
		shift
	done
}
api() {
	route=$1
	shift
	for r in $ROLES; do
		if [ "$r" = anon ]; then got=$(req GET "$route"); else
			t=TOK_$r
			got=$(req GET "$route" -H "Authorization: Bearer ${!t}")
		fi
		check "API GET $route as $r" "$1" "$got"
		shift
	done
}

# --- who may see what
#                                              anon admin secr pdrm pros prot partner
page /tier/history                             200  200   200  200  200  200  200
page "/tier/history?country=MYS"               200  200   200  200  200  200  200
page "/tier/outlook?year=2021"                 303  200   200  200  200  200  200
page "/tier/evidence?tip_year=2021"            303  200   200  200  200  200  200
api /api/v1/tier/history/MYS                   200  200   200  200  200  200  200
api "/api/v1/tier/outlook?year=2021"           401  200   200  200  200  200  200
api "/api/v1/tier/evidence?tip_year=2021"      401  200   200  200  200  200  200
check "/tier goes to the history" 303 "$(req GET /tier)"
contains "/tier location" "Location: /tier/history" "$WORK/headers"

# The tabs show what the visitor may open.
req GET /tier/history >/dev/null
lacks "no outlook tab for a visitor" 'href="/tier/outlook' "$WORK/body"
lacks "no form for a visitor" 'action="/tier/history" class="row-form' "$WORK/body"
req GET /tier/history -b "$WORK/partner.jar" >/dev/null
contains "outlook tab for a partner" 'href="/tier/outlook?country=MYS"' "$WORK/body"
contains "evidence tab for a partner" 'href="/tier/evidence"' "$WORK/body"
lacks "no form for a partner" 'name="placement"' "$WORK/body"
req GET /tier/history -b "$WORK/secretariat.jar" >/dev/null
contains "the secretariat gets the form" 'name="placement"' "$WORK/body"

# --- the history page: Malaysia by default (the country of the latest report recorded)
check "history page" 200 "$(req GET /tier/history)"
contains "Malaysia by default" '<option value="MYS" selected>' "$WORK/body"
contains "the chart is inline SVG" '<svg viewBox=' "$WORK/body"
contains "the Watch List band" 'class="wl-band"' "$WORK/body"
contains "five placements on the y axis" '>Special Case</text>' "$WORK/body"
contains "years on the x axis" '>2001</text>' "$WORK/body"
check "three recorded waivers ringed (2012, 2013, 2020)" 3 "$(grep -o '<circle class="waiver"' "$WORK/body" | wc -l)"
check "two automatic downgrades marked (2014, 2021)" 2 "$(grep -o 'class="pt p3 auto"' "$WORK/body" | wc -l)"
contains "a point's title" '<title>2020: Tier 2 Watch List, on a waiver</title>' "$WORK/body"
contains "the table beneath" '<th scope="row">2021</th><td>Tier 3</td>' "$WORK/body"
contains "the 2021 downgrade explained" 'no waiver remains, so the 2021 placement on Tier 3 is an automatic downgrade' "$WORK/body"
contains "a label for the selector" '<label for="f-country">Country</label>' "$WORK/body"
contains "the selector is a GET form" '<form method="get" action="/tier/history"' "$WORK/body"
check "another country" 200 "$(req GET '/tier/history?country=RUS')"
contains "Russia's inferred waivers shown" 'class="waiver inferred"' "$WORK/body"
check "a country without placements" 200 "$(req GET '/tier/history?country=ATA')"
contains "says there is none" 'No placement is recorded for this country.' "$WORK/body"
lacks "and draws nothing" '<svg viewBox=' "$WORK/body"
check "an unknown country" 422 "$(req GET '/tier/history?country=%3Cb%3Ezz%3C%2Fb%3E')"
contains "named, escaped, beside the field" "unknown country &#39;&lt;b&gt;zz&lt;/b&gt;&#39;" "$WORK/body"
lacks "never raw" '<b>zz</b>' "$WORK/body"

# --- the outlook page: every country on the Watch List the year before
check "outlook 2021" 200 "$(req GET '/tier/outlook?year=2021' -b "$WORK/partner.jar")"
contains "Malaysia's 2021 outlook in the issue's words" \
	'2018 Watch List, 2019 Watch List, 2020 Watch List on a waiver: no waiver remains, so a 2021 placement below Tier 2 is Tier 3 by law' \
	"$WORK/body"
contains "its outlook" 'automatic Tier 3' "$WORK/body"
contains "one country on the 2020 list" '1 country was on the Watch List in 2020.' "$WORK/body"
contains "year selector labelled" '<label for="f-year">Report year</label>' "$WORK/body"
contains "2021 selected" '<option value="2021" selected>2021</option>' "$WORK/body"
check "outlook 2011" 200 "$(req GET '/tier/outlook?year=2011' -b "$WORK/partner.jar")"
n2010=$("$MAPO" --db "$DB" tier outlook --year 2011 --format json | jq length)
[ "$n2010" -gt 10 ] && ok || fail "the 2010 Watch List has many countries ($n2010)"
check "every one of them in the table" "$n2010" "$(grep -o '<tr class="[a-z0-9-]*"><th scope="row"><a href="/tier/history?country=' "$WORK/body" | wc -l)"
check "one country's outlook" 200 "$(req GET '/tier/outlook?year=2024&country=MYS' -b "$WORK/partner.jar")"
contains "2024 after the one-year rule" 'one report only' "$WORK/body"
check "a bad year" 422 "$(req GET '/tier/outlook?year=1999' -b "$WORK/partner.jar")"
contains "the year named" "&#39;1999&#39; is not a year from 2002 to 9999" "$WORK/body"

# --- the evidence page: TIP and SOM apart, the periods, the data-quality score
check "evidence 2021" 200 "$(req GET '/tier/evidence?tip_year=2021' -b "$WORK/pdrm.jar")"
contains "TIP table" '<caption>Trafficking in persons (TIP)</caption>' "$WORK/body"
contains "SOM table apart" '<caption>Migrant smuggling (SOM)</caption>' "$WORK/body"
contains "the period" '1 April 2020 – 31 March 2021' "$WORK/body"
contains "the period before" '1 April 2019 – 31 March 2020' "$WORK/body"
contains "trend markers" 'class="trend ' "$WORK/body"
contains "the data-quality score" 'Data-quality score (share missing)' "$WORK/body"
contains "TIP year selector labelled" '<label for="f-tip_year">TIP year</label>' "$WORK/body"
# the figures on the page are the API's
req GET '/api/v1/tier/evidence?tip_year=2021' -H "Authorization: Bearer $TOK_pdrm" >/dev/null
inv=$(jq -r '.rows[] | select(.section=="law-enforcement" and .kind=="TIP" and .key=="investigations") | .current' "$WORK/body")
[ "$inv" -gt 0 ] && ok || fail "the demo has TIP investigations in TIP year 2021 ($inv)"
req GET '/tier/evidence?tip_year=2021' -b "$WORK/pdrm.jar" >/dev/null
contains "the TIP investigations on the page" "$(printf '%s' "$inv" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')</td>" "$WORK/body"

# --- JSON equal to the CLI's for the same database
same_json() {
	desc=$1 route=$2
	shift 2
	req GET "$route" -H "Authorization: Bearer $TOK_secretariat" >/dev/null
	jq -S . "$WORK/body" >"$WORK/web.json"
	"$MAPO" --db "$DB" "$@" --format json | jq -S . >"$WORK/cli.json"
	if cmp -s "$WORK/web.json" "$WORK/cli.json" && [ -s "$WORK/cli.json" ]; then ok; else
		fail "$desc: the API and the CLI differ: $(diff "$WORK/web.json" "$WORK/cli.json" | head -5)"
	fi
}
same_json "history MYS" "/api/v1/tier/history/MYS?lang=en" tier history MYS
same_json "history RUS" "/api/v1/tier/history/RUS" tier history RUS
same_json "outlook 2021" "/api/v1/tier/outlook?year=2021" tier outlook --year 2021
same_json "outlook 2011" "/api/v1/tier/outlook?year=2011" tier outlook --year 2011
same_json "outlook MYS 2024" "/api/v1/tier/outlook?year=2024&country=MYS" tier outlook MYS --year 2024
same_json "evidence 2021" "/api/v1/tier/evidence?tip_year=2021" tier evidence --tip-year 2021
same_json "evidence 2020" "/api/v1/tier/evidence?tip_year=2020" tier evidence --tip-year 2020
req GET /api/v1/tier/history/MYS >/dev/null
check "Malaysia's downgrades over the API" "2014,2021" \
	"$(jq -r '[.[] | select(.verdict=="automatic-downgrade") | .year] | join(",")' "$WORK/body")"

# --- API errors
S="Authorization: Bearer $TOK_secretariat"
check "unknown country" 404 "$(req GET /api/v1/tier/history/ZZZ)"
check "404 code" not_found "$(jq -r .error.code "$WORK/body")"
check "outlook without a year" 422 "$(req GET /api/v1/tier/outlook -H "$S")"
check "names the field" year "$(jq -r '.error.fields[0].field' "$WORK/body")"
check "outlook, year not a number" 422 "$(req GET '/api/v1/tier/outlook?year=abc' -H "$S")"
check "outlook, unknown country" 422 "$(req GET '/api/v1/tier/outlook?year=2021&country=ZZZ' -H "$S")"
check "evidence without a TIP year" 422 "$(req GET /api/v1/tier/evidence -H "$S")"
check "an unknown language" 422 "$(req GET '/api/v1/tier/history/MYS?lang=fr')"

# --- recording a placement: the page form (CSRF, audited) and the API
FORM="country=MYS&year=2026&placement=tier-2-watch-list"
for r in pdrm prosecutor protection partner; do
	check "$r may not record" 403 "$(req POST /tier/history -b "$WORK/$r.jar" -d "$FORM&csrf=$(csrf_of "$r")")"
done
check "a visitor may not record" 401 "$(req POST /tier/history -d "$FORM")"
check "no CSRF token" 403 "$(req POST /tier/history -b "$WORK/secretariat.jar" -d "$FORM")"
check "the secretariat records 2026" 303 "$(req POST /tier/history -b "$WORK/secretariat.jar" \
	--data-urlencode 'source=<script>alert(1)</script> TIP report 2026' -d "$FORM&csrf=$(csrf_of secretariat)")"
contains "back to the history" 'Location: /tier/history?country=MYS&saved=2026#y2026' "$WORK/headers"
check "the CLI sees it" tier-2-watch-list \
	"$("$MAPO" --db "$DB" tier history MYS --format json | jq -r '.[] | select(.year==2026) | .placement')"
"$MAPO" --db "$DB" audit list --action tier-set --format json >"$WORK/trail.json"
check "audited" "secretariat MYS/2026 placement=tier-2-watch-list waiver=0" \
	"$(jq -r '.[0] | "\(.user) \(.object_id) \(.detail)"' "$WORK/trail.json")"
check "the page after" 200 "$(req GET '/tier/history?country=MYS&saved=2026' -b "$WORK/secretariat.jar")"
contains "says so" 'The placement was recorded.' "$WORK/body"
contains "the source escaped" '&lt;script&gt;alert(1)&lt;/script&gt; TIP report 2026' "$WORK/body"
lacks "never raw" '<script>alert(1)' "$WORK/body"
contains "the next year offered" 'name="year" type="number" value="2027"' "$WORK/body"
check "a waiver off the Watch List" 422 "$(req POST /tier/history -b "$WORK/secretariat.jar" \
	-d "country=MYS&year=2027&placement=tier-1&waiver=1&csrf=$(csrf_of secretariat)")"
contains "named beside the field" 'a waiver goes only with a Watch List placement' "$WORK/body"
contains "the choice kept" '<option value="tier-1" selected>' "$WORK/body"
check "a bad year" 422 "$(req POST /tier/history -b "$WORK/secretariat.jar" \
	-d "country=MYS&year=20x7&placement=tier-2&csrf=$(csrf_of secretariat)")"
contains "the year named" "&#39;20x7&#39; is not a report year" "$WORK/body"
check "an unknown country" 404 "$(req POST /tier/history -b "$WORK/secretariat.jar" \
	-d "country=ZZZ&year=2027&placement=tier-2&csrf=$(csrf_of secretariat)")"

check "the admin records through the API" 200 "$(req POST /api/v1/tier/history/MYS -H "Authorization: Bearer $TOK_admin" \
	-H "$JSON" -d '{"year": 2027, "placement": "tier-2-watch-list", "source": "api"}')"
check "answers the history" "tier-2-watch-list 2" \
	"$(jq -r '.[] | select(.year==2027) | "\(.placement) \(.consecutive_watch_list_years)"' "$WORK/body")"
check "two years on the list: 2028 needs a waiver" waiver-required \
	"$(curl -s "$BASE/api/v1/tier/outlook?year=2028&country=MYS" -H "Authorization: Bearer $TOK_admin" | jq -r '.[0].outlook')"
check "a partner may not" 403 "$(req POST /api/v1/tier/history/MYS -H "Authorization: Bearer $TOK_partner" \
	-H "$JSON" -d '{"year": 2027, "placement": "tier-2"}')"
check "an unknown member" 422 "$(req POST /api/v1/tier/history/MYS -H "Authorization: Bearer $TOK_admin" \
	-H "$JSON" -d '{"year": 2027, "placement": "tier-2", "colour": "red"}')"
check "a year as text" 422 "$(req POST /api/v1/tier/history/MYS -H "Authorization: Bearer $TOK_admin" \
	-H "$JSON" -d '{"year": "2027", "placement": "tier-2"}')"
check "a bad placement" 422 "$(req POST /api/v1/tier/history/MYS -H "Authorization: Bearer $TOK_admin" \
	-H "$JSON" -d '{"year": 2027, "placement": "tier-4"}')"
check "names the field" placement "$(jq -r '.error.fields[0].field' "$WORK/body")"
check "not JSON" 400 "$(req POST /api/v1/tier/history/MYS -H "Authorization: Bearer $TOK_admin" -H "$JSON" -d 'year=2027')"
check "nothing else was written" "2026,2027" \
	"$("$MAPO" --db "$DB" tier history MYS --format json | jq -r '[.[] | select(.year > 2025) | .year] | join(",")')"
check "two audited writes" 2 "$("$MAPO" --db "$DB" audit list --action tier-set --format json | jq length)"

# --- Malay
check "history in Malay" 200 "$(req GET '/tier/history?country=MYS' -H 'Accept-Language: ms')"
contains "placements in Malay" '>Senarai Pemerhatian Tahap 2</text>' "$WORK/body"
contains "the rules in Malay" 'tiada penepian lagi, maka penempatan 2021 di Tahap 3 ialah penurunan automatik' "$WORK/body"
contains "the page in Malay" '<label for="f-country">Negara</label>' "$WORK/body"
contains "the tab in Malay" '>Sejarah</a>' "$WORK/body"
check "API in Malay on request" 'tiada penepian lagi, maka penempatan 2021 di bawah Tahap 2 ialah Tahap 3 mengikut undang-undang' \
	"$(curl -s "$BASE/api/v1/tier/outlook?year=2021&lang=ms" -H "$S" | jq -r '.[0].explanation' | sed 's/^.*: //')"

stop_server
finish
