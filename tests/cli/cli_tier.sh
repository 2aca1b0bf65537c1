#!/bin/sh
# mapo tier: init loads the shipped history and rules; history in three formats; Malaysia's 2021
# and 2024 outlooks; the outlook of every Watch List country; the whole-history check on the
# shipped data and after a placement the rules cannot explain; bad input to `tier set` and
# `tier import` (atomic, FILE:LINE: COLUMN: reason); the evidence; Malay; a data directory
# without tier files.
. ./lib.sh

db=$T/mapo.db
run 0 --db "$db" init

# json_is PYTHON-EXPRESSION WHAT: the expression over j (the parsed output) is true.
json_is() {
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$T/out" \
		|| fail "$2: $(cat "$T/out")"
}

# The history as CSV is the shipped file's Malaysia rows, in the import format.
run 0 --db "$db" tier history MYS --format csv
{ head -n 1 "$MAPO_DATADIR/tiers.csv"; grep '^MYS,' "$MAPO_DATADIR/tiers.csv"; } >"$T/mys.csv"
expect_eq "$out" "$(cat "$T/mys.csv")" "history MYS as CSV"
run 0 --db "$db" tier history MYS --format json
json_is "len(j) == 25 and [x['year'] for x in j] == list(range(2001, 2026))" "history MYS: 2001-2025"
json_is "[x['year'] for x in j if x['verdict'] == 'automatic-downgrade'] == [2014, 2021]" \
	"Malaysia's automatic downgrades"
json_is "[x['year'] for x in j if x['waiver']] == [2012, 2013, 2020]" "Malaysia's waivers"
json_is "all(x['verdict'] in ('ok', 'automatic-downgrade') for x in j)" "every Malaysian placement explained"
run 0 --db "$db" tier history MYS
expect_contains "$out" "2014  Tier 3" "history table"
expect_contains "$out" "no waiver remains, so the 2021 placement on Tier 3 is an automatic downgrade" "history table 2021"

# Malaysia's 2021 outlook, in the issue's words, and its 2024 outlook after the 2023 return to the list.
run 0 --db "$db" tier outlook MYS --year 2021 --format json
json_is "len(j) == 1 and j[0]['country'] == 'MYS' and j[0]['outlook'] == 'automatic-tier-3'" "outlook 2021"
json_is "j[0]['consecutive_watch_list_years'] == 3 and j[0]['waivers_used'] == 1" "outlook 2021 counts"
json_is "j[0]['explanation'] == '2018 Watch List, 2019 Watch List, 2020 Watch List on a waiver: no waiver remains, so a 2021 placement below Tier 2 is Tier 3 by law'" \
	"outlook 2021 explanation"
run 0 --db "$db" tier outlook MYS --year 2024 --format json
json_is "j[0]['outlook'] == 'automatic-tier-3' and j[0]['consecutive_watch_list_years'] == 1" "outlook 2024"
json_is "'2021 Tier 3 by automatic downgrade' in j[0]['explanation'] and 'one report only' in j[0]['explanation']" \
	"outlook 2024 explanation"
run 0 --db "$db" tier outlook MYS --year 2020 --format json
json_is "j[0]['outlook'] == 'waiver-required' and j[0]['waivers_used'] == 0" "outlook 2020"
run 0 --db "$db" tier outlook MYS --year 2018
expect_contains "$out" "none" "outlook 2018 after the 2017 upgrade"
expect_contains "$out" "2017 Tier 2: not on the Watch List" "outlook 2018 explanation"

# Every country on the Watch List the year before.
run 0 --db "$db" tier outlook --year 2014 --format json
keys="['country', 'consecutive_watch_list_years', 'waivers_used', 'outlook', 'explanation']"
json_is "len(j) > 30 and all(all(k in x for k in $keys) for x in j)" "outlook 2014: every member"
json_is "all(len(x['country']) == 3 and x['outlook'] in ('automatic-tier-3', 'waiver-required', 'none') for x in j)" \
	"outlook 2014: codes"
json_is "[x['outlook'] for x in j if x['country'] in ('MYS', 'THA')] == ['automatic-tier-3', 'automatic-tier-3']" \
	"outlook 2014: Malaysia and Thailand"
json_is "[x['country'] for x in j] == sorted(x['country'] for x in j)" "outlook 2014: by country"
run 0 --db "$db" tier outlook --year 2021 --format json
json_is "[x['country'] for x in j] == ['MYS']" "outlook 2021: only Malaysia has a 2020 placement"
run 0 --db "$db" tier outlook --year 2021 --format csv
expect_contains "$out" "MYS,Malaysia,3,1,automatic Tier 3," "outlook as CSV"

# The shipped data passes the check.
run 0 --db "$db" tier check
expect_lines 1 "$out" "check output"
expect_contains "$out" "23 automatic downgrades, 3 waivers recorded" "check totals"
expect_contains "$out" "0 recorded exceptions" "check exceptions"

# A new report: the secretariat records 2026 to 2029 on the Watch List. 2028 needs the one
# waiver left (inferred); 2029 has none, so the check fails until 2029 is Tier 3.
run 0 --db "$db" tier set MYS 2026 tier-2-watch-list --source "TIP report 2026"
expect_eq "$out" "MYS 2026: Tier 2 Watch List" "set 2026"
run 0 --db "$db" tier set MYS 2027 tier-2-watch-list
run 0 --db "$db" tier set MYS 2028 tier-2-watch-list
expect_contains "$out" "needs a waiver (waivers used: 1 of 1); the data records none, so one is inferred" "set 2028"
run 0 --db "$db" tier set MYS 2029 tier-2-watch-list
expect_contains "$out" "no waiver remains, so the 2029 placement on the Watch List is not allowed by law" "set 2029"
expect_one_error_line "set 2029 warns"
run 1 --db "$db" tier check
expect_contains "$out" "MYS 2029 tier-2-watch-list: 2026 Watch List, 2027 Watch List, 2028 Watch List on a waiver (inferred): no waiver remains" \
	"check names the placement"
expect_eq "$err" "mapo: 1 placement the rules cannot explain" "check verdict"
run 1 --db "$db" tier check MYS
run 0 --db "$db" tier check THA
# Recording why (an exception) explains it; correcting the placement does too.
run 0 --db "$db" tier set MYS 2029 tier-2-watch-list --exception "an example exception"
run 0 --db "$db" tier check
expect_contains "$out" "MYS 2029 tier-2-watch-list: recorded exception: " "exception listed"
expect_contains "$out" "1 recorded exceptions" "exception counted"
run 0 --db "$db" tier set MYS 2029 tier-3
expect_contains "$out" "automatic downgrade" "set 2029 Tier 3"
run 0 --db "$db" tier check
run 0 --db "$db" tier history MYS --format json
json_is "j[-1]['year'] == 2029 and j[-1]['placement'] == 'tier-3' and j[-1]['exception'] == ''" "2029 replaced"
json_is "j[25]['source'] == 'TIP report 2026'" "source kept"

# Bad input to tier set: one line naming the column, nothing written.
run 1 --db "$db" tier set XYZ 2026 tier-2
expect_eq "$err" "mapo: country: unknown country 'XYZ'" "set: unknown country"
run 1 --db "$db" tier set MYS 2026 "Tier 2"
expect_eq "$err" "mapo: placement: unknown placement 'Tier 2' (use tier-1, tier-2, tier-2-watch-list, tier-3 or special-case)" \
	"set: unknown placement"
run 1 --db "$db" tier set MYS 2026 tier-3 --waiver
expect_eq "$err" "mapo: waiver: a waiver goes only with a Watch List placement, not tier-3" "set: waiver off the list"
run 1 --db "$db" tier set MYS 20x6 tier-2
expect_eq "$err" "mapo: year: '20x6' is not a report year" "set: bad year"
run 1 --db "$db" tier set MYS 1999 tier-2
expect_one_error_line "set: year before the first report"
run 2 --db "$db" tier set MYS 2026
expect_usage_error "set: too few arguments"
run 2 --db "$db" tier set MYS 2026 tier-2 extra
expect_usage_error "set: too many arguments"
run 2 --db "$db" tier set MYS 2026 tier-2 --bogus
expect_usage_error "set: unknown option"
run 0 --db "$db" tier history MYS --format json
json_is "j[25]['year'] == 2026 and j[25]['placement'] == 'tier-2-watch-list'" "bad sets wrote nothing"

# tier import: atomic; every bad row as FILE:LINE: COLUMN: reason.
cat >"$T/bad.csv" <<'CSV'
country,year,placement,waiver,source,exception
IDN,2016,tier-2,0,TIP report 2016,
IDN,2017,Watchlist,0,,
XYZ,2017,tier-2,0,,
IDN,2018,tier-3,1,,
IDN,2016,tier-2,0,again,
CSV
run 1 --db "$db" tier import "$T/bad.csv"
expect_contains "$err" "$T/bad.csv:3: placement: unknown placement 'Watchlist'" "import: bad placement"
expect_contains "$err" "$T/bad.csv:4: country: unknown country 'XYZ'" "import: unknown country"
expect_contains "$err" "$T/bad.csv:5: waiver: a waiver goes only with a Watch List placement" "import: waiver"
expect_contains "$err" "$T/bad.csv:6: year: IDN 2016 is given twice (first on line 2)" "import: duplicate"
last=$(printf '%s\n' "$err" | tail -n 1)
expect_eq "$last" "mapo: '$T/bad.csv' has 4 problems; nothing was imported" "import verdict"
run 0 --db "$db" tier history IDN --format json
json_is "all(x['year'] <= 2015 for x in j)" "a bad import writes nothing"
printf 'country,year,placement,waiver\nIDN,2016,tier-2,0\n' >"$T/short.csv"
run 1 --db "$db" tier import "$T/short.csv"
expect_contains "$err" "$T/short.csv:1: source: missing column" "import: missing column"
run 1 --db "$db" tier import "$T/nowhere.csv"
expect_one_error_line "import: no such file"
run 2 --db "$db" tier import
expect_usage_error "import: no file"
cat >"$T/good.csv" <<'CSV'
country,year,placement,waiver,source,exception
IDN,2016,tier-2,0,TIP report 2016,
IDN,2017,tier-2-watch-list,0,TIP report 2017,
CSV
run 0 --db "$db" tier import "$T/good.csv"
expect_eq "$out" "2 placements imported" "import: good file"
run 0 --db "$db" tier history IDN --format csv
expect_contains "$out" "IDN,2017,tier-2-watch-list,0,TIP report 2017," "import: written"
# The history as CSV imports back unchanged.
run 0 --db "$db" tier history MYS --format csv
printf '%s\n' "$out" >"$T/mys-back.csv"
run 0 --db "$db" tier import "$T/mys-back.csv"
run 0 --db "$db" tier history MYS --format csv
expect_eq "$out" "$(cat "$T/mys-back.csv")" "history CSV round trip"

# Other errors.
run 1 --db "$db" tier history XYZ
expect_eq "$err" "mapo: unknown country 'XYZ' (use an ISO 3166-1 alpha-3 code such as MYS)" "history: unknown country"
run 2 --db "$db" tier outlook MYS
expect_usage_error "outlook without --year"
run 2 --db "$db" tier outlook MYS --year 2001
expect_usage_error "outlook for the first report"
run 2 --db "$db" tier frobnicate
expect_usage_error "unknown tier command"
run 2 --db "$db" tier
expect_usage_error "tier without a command"
run 1 --db "$T/none.db" tier check
expect_one_error_line "tier check without a database"

# The evidence: figures of TIP year 2021 beside 2020, TIP and SOM apart.
cat >"$T/cases.csv" <<'CSV'
case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary
PDRM/2019/000001,TIP,PDRM,2019-06-01,MY-10,12,forced-labour,convicted,,
JIM/2019/000001,SOM,JIM,2019-06-01,MY-01,26A,,charged,,
PDRM/2020/000001,TIP,PDRM,2020-04-01,MY-10,12,sexual,charged,,
PDRM/2021/000001,TIP,PDRM,2021-03-31,MY-10,12,forced-labour,convicted,,
CSV
cat >"$T/persons.csv" <<'CSV'
case_ref,person_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,trafficking_status,rescue_date
PDRM/2019/000001,S1,suspect,M,,40,MYS,2019-06-01,exploiter,,
PDRM/2019/000001,V1,victim,F,,16,IDN,,,actual,2019-06-01
JIM/2019/000001,S2,suspect,M,,30,MYS,2019-06-01,transporter,,
PDRM/2020/000001,S3,suspect,M,,35,MYS,2020-04-01,recruiter,,
PDRM/2020/000001,V2,victim,F,,25,BGD,,,actual,2020-04-01
PDRM/2021/000001,V3,victim,U,,,IDN,,,actual,2021-03-31
CSV
run 0 --db "$db" import "$T/cases.csv" "$T/persons.csv"
run 0 --db "$db" tier evidence --tip-year 2021 --format json
json_is "j['period'] == {'from': '2020-04-01', 'to': '2021-03-31'} and j['previous_period']['from'] == '2019-04-01'" \
	"evidence periods"
json_is "{(r['kind'], r['key']): (r['previous'], r['current'], r['trend']) for r in j['rows'] if r['section'] == 'law-enforcement'}[('TIP', 'investigations')] == (1, 2, 'up')" \
	"evidence: TIP investigations"
json_is "{(r['kind'], r['key']): (r['previous'], r['current'], r['trend']) for r in j['rows'] if r['section'] == 'law-enforcement'}[('SOM', 'prosecutions')] == (1, 0, 'down')" \
	"evidence: SOM prosecutions, apart from TIP"
json_is "{(r['kind'], r['key']): (r['previous'], r['current'], r['trend']) for r in j['rows'] if r['section'] == 'law-enforcement'}[('TIP', 'convictions')] == (1, 1, 'same')" \
	"evidence: TIP convictions"
json_is "all(r['kind'] in ('TIP', 'SOM') for r in j['rows'])" "evidence: every row TIP or SOM"
json_is "[(r['key'], r['current']) for r in j['rows'] if r['section'] == 'victims-by-sex'] == [('F', 1), ('M', 0), ('U', 1)]" \
	"evidence: victims by sex"
json_is "[(r['key'], r['previous'], r['current']) for r in j['rows'] if r['section'] == 'victims-by-age-group'] == [('child', 1, 0), ('adult', 0, 1), ('unknown', 0, 1)]" \
	"evidence: victims by age group"
json_is "j['data_quality']['records'] == 3 and j['data_quality']['missing'] == 1 and j['data_quality']['previous_missing'] == 0" \
	"evidence: data quality"
run 0 --db "$db" tier evidence --tip-year 2021
expect_contains "$out" "1 of 3 persons counted lack their sex or age (33.3%)" "evidence table: data quality"
expect_contains "$out" "Investigations (cases with action taken)" "evidence table: figures"
run 0 --db "$db" tier evidence --tip-year 2021 --format csv
expect_contains "$out" "law-enforcement,TIP,investigations,Investigations (cases with action taken),1,2,up" "evidence CSV"
run 2 --db "$db" tier evidence
expect_usage_error "evidence without --tip-year"

# Malay.
run 0 --db "$db" --lang ms tier outlook MYS --year 2021
expect_contains "$out" "2018 Senarai Pemerhatian, 2019 Senarai Pemerhatian, 2020 Senarai Pemerhatian dengan penepian" \
	"outlook in Malay"
run 0 --db "$db" help tier
expect_contains "$out" "usage: mapo tier set COUNTRY YEAR PLACEMENT" "help tier"

# A data directory without tier files: init loads none, the first tier command loads the
# built-in ones.
data=$T/data
mkdir "$data"
cp "$MAPO_DATADIR"/agencies.csv "$MAPO_DATADIR"/states.csv "$MAPO_DATADIR"/countries.csv \
	"$MAPO_DATADIR"/offences.csv "$MAPO_DATADIR"/forms.csv "$data"/
run 0 --db "$T/other.db" init --data "$data"
run 0 --db "$T/other.db" tier outlook MYS --year 2021 --format json
json_is "j[0]['outlook'] == 'automatic-tier-3'" "tiers loaded on first use"
# A bad tiers.csv in the data directory stops init with its problems.
cp "$MAPO_DATADIR"/tier_rules.csv "$data"/
printf 'country,year,placement,waiver,source,exception\nMYS,2021,tier-4,0,x,\n' >"$data/tiers.csv"
run 1 --db "$T/third.db" init --data "$data"
expect_contains "$err" "$data/tiers.csv:2: placement: unknown placement 'tier-4'" "init: bad tiers.csv"

finish
