#!/bin/sh
# mapo stats on a small register whose figures are known: totals, JSON shape, dimensions,
# filters, --tip-year and its window's edges, formats.
. ./lib.sh

db=$T/mapo.db
run 0 --db "$db" init
cat >"$T/cases.csv" <<'CSV'
case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary
PDRM/2020/000001,TIP,PDRM,2020-04-01,MY-10,12,forced-labour,charged,,first day of TIP year 2021
PDRM/2021/000001,TIP,PDRM,2021-03-31,MY-10,12,forced-labour;sexual,investigation,,last day of TIP year 2021
JIM/2021/000001,SOM,JIM,2021-04-01,MY-01,26A,,investigation,,first day of TIP year 2022
JIM/2020/000001,SOM,JIM,2020-03-31,MY-01,26A,,closed,,last day of TIP year 2020
KDRM/2021/000001,TIP,KDRM,2021-05-05,MY-07,12,sexual,investigation,,
CSV
cat >"$T/persons.csv" <<'CSV'
case_ref,person_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,trafficking_status,rescue_date
PDRM/2020/000001,S1,suspect,M,,40,MYS,2020-04-02,exploiter,,
PDRM/2020/000001,V1,victim,F,,16,IDN,,,actual,2020-04-01
PDRM/2020/000001,V2,victim,F,,30,IDN,,,possible,
PDRM/2021/000001,S2,suspect,M,,35,MYS,2021-03-31,recruiter,,
PDRM/2021/000001,S3,suspect,F,,50,THA,2021-04-01,harbourer,,
PDRM/2021/000001,V3,victim,F,,25,BGD,,,actual,2021-03-31
JIM/2021/000001,S4,suspect,M,,33,MYS,2021-04-01,transporter,,
JIM/2021/000001,M1,smuggled-migrant,M,,22,MMR,,,,
JIM/2020/000001,S5,suspect,M,,44,IDN,2020-03-31,transporter,,
KDRM/2021/000001,V4,victim,M,,12,MMR,,,actual,2021-05-05
CSV
run 0 --db "$db" import "$T/cases.csv" "$T/persons.csv"

# json_is PYTHON-EXPRESSION WHAT: the expression over j (the parsed output) is true.
json_is() {
	python3 -c "import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if ($1) else 1)" "$T/out" \
		|| fail "$2: $(cat "$T/out")"
}
six='["tip_cases","tip_arrests","tip_forced_labour_cases","som_cases","som_arrests","victims_rescued"]'

# Totals over 2020-2021: exactly the six integer members.
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --format json
json_is "sorted(j['totals']) == sorted($six)" "totals has exactly the six members"
json_is "all(type(v) is int for v in j['totals'].values())" "totals are integers"
json_is "j['totals'] == dict(tip_cases=3, tip_arrests=3, tip_forced_labour_cases=2, som_cases=2, som_arrests=2, victims_rescued=3)" \
	"totals 2020-2021"
json_is "j['rows'] == [] or len(j['rows']) <= 1" "no dimension, no breakdown"
json_is "j['from'] == '2020-01-01' and j['to'] == '2021-12-31'" "the period is in the document"

# --tip-year 2021 is 1 April 2020 to 31 March 2021, both ends inclusive; arrests and rescues
# count only inside the window (S3 was arrested on 1 April 2021).
run 0 --db "$db" stats --tip-year 2021 --format json
json_is "j['from'] == '2020-04-01' and j['to'] == '2021-03-31'" "--tip-year 2021 window"
json_is "j['totals'] == dict(tip_cases=2, tip_arrests=2, tip_forced_labour_cases=2, som_cases=0, som_arrests=0, victims_rescued=2)" \
	"--tip-year 2021 totals"
run 0 --db "$db" stats --tip-year 2020 --format json
json_is "j['totals']['som_cases'] == 1 and j['totals']['som_arrests'] == 1 and j['totals']['tip_cases'] == 0" \
	"--tip-year 2020 holds 31 March 2020"
run 0 --db "$db" stats --tip-year 2022 --format json
json_is "j['totals']['som_cases'] == 1 and j['totals']['tip_cases'] == 1" "--tip-year 2022"

# By agency: keys, labels and the six measures per row.
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --by agency --format json
json_is "j['dims'] == ['agency']" "dims"
json_is "[r['agency'] for r in j['rows']] == ['JIM', 'KDRM', 'PDRM']" "one row per agency, sorted"
json_is "all(set(r) == set(['agency', 'agency_label'] + $six) for r in j['rows'])" "row members"
json_is "[r for r in j['rows'] if r['agency'] == 'PDRM'][0]['tip_arrests'] == 3" "PDRM arrests"
json_is "[r for r in j['rows'] if r['agency'] == 'JIM'][0]['som_cases'] == 2" "JIM SOM cases"
json_is "[r for r in j['rows'] if r['agency'] == 'KDRM'][0]['victims_rescued'] == 1" "KDRM victims"
json_is "[r for r in j['rows'] if r['agency'] == 'PDRM'][0]['agency_label'] == 'Royal Malaysia Police'" "English label"
run 0 --db "$db" --lang ms stats --from 2020-01-01 --to 2021-12-31 --by agency --format json
json_is "[r for r in j['rows'] if r['agency'] == 'PDRM'][0]['agency_label'] == 'Polis Diraja Malaysia'" "Malay label"

# Two dimensions; a case counts under each of its forms.
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --by agency --by kind --format json
json_is "j['dims'] == ['agency', 'kind']" "two dims"
json_is "sorted((r['agency'], r['kind']) for r in j['rows']) == [('JIM','SOM'), ('KDRM','TIP'), ('PDRM','TIP')]" "agency x kind rows"
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --by form --format json
json_is "[r for r in j['rows'] if r['form'] == 'sexual'][0]['tip_cases'] == 2" "two sexual exploitation cases"
json_is "[r for r in j['rows'] if r['form'] == 'forced-labour'][0]['tip_cases'] == 2" "two forced labour cases"

# Every month of the period, zero-filled.
run 0 --db "$db" stats --from 2021-01-01 --to 2021-06-30 --by month --format json
json_is "[r['month'] for r in j['rows']] == ['2021-01','2021-02','2021-03','2021-04','2021-05','2021-06']" "months"
json_is "[r['tip_cases'] for r in j['rows']] == [0,0,1,0,1,0]" "TIP cases by month"

# Person dimensions: victims by nationality.
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --by nationality --format json
json_is "[r for r in j['rows'] if r['nationality'] == 'MMR'][0]['victims_rescued'] == 1" "rescued Myanmar victims"
for dim in state sex age-group status; do
	run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --by "$dim" --format json
	json_is "j['dims'] == ['$dim'] and len(j['rows']) >= 2" "--by $dim"
done

# Filters.
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --kind TIP --format json
json_is "j['totals']['som_cases'] == 0 and j['totals']['tip_cases'] == 3" "--kind TIP"
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --agency PDRM --state MY-10 --format json
json_is "j['totals']['tip_cases'] == 2 and j['totals']['victims_rescued'] == 2" "--agency PDRM --state MY-10"
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --status closed --format json
json_is "j['totals']['som_cases'] == 1 and j['totals']['tip_cases'] == 0" "--status closed"
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --form sexual --format json
json_is "j['totals']['tip_cases'] == 2" "--form sexual"
run 1 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --agency XYZ
expect_eq "$err" "mapo: unknown agency 'XYZ'" "a filter on an unknown agency"

# CSV and table.
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --by agency --format csv
expect_eq "$(printf '%s\n' "$out" | head -n 1)" \
	"agency,agency_label,tip_cases,tip_arrests,tip_forced_labour_cases,som_cases,som_arrests,victims_rescued" "CSV header"
expect_contains "$out" "PDRM,Royal Malaysia Police,2,3,2,0,0,2" "CSV PDRM row"
run 0 --db "$db" stats --from 2020-01-01 --to 2021-12-31 --by agency
expect_contains "$out" "Royal Malaysia Police" "table names the agency"
expect_contains "$(printf '%s\n' "$out" | tail -n 1)" "Total" "the table ends with the totals"

# Usage errors: half a period, both kinds of period, a fifth dimension, a dimension twice.
run 2 --db "$db" stats --from 2021-01-01
expect_contains "$err" "usage: mapo stats" "--from without --to"
run 2 --db "$db" stats --from 2021-06-30 --to 2021-01-01
expect_contains "$err" "usage: mapo stats" "--from after --to"
run 2 --db "$db" stats --tip-year 2021 --by kind --by agency --by state --by form --by month
expect_contains "$err" "usage: mapo stats" "five dimensions"
run 2 --db "$db" stats --tip-year 2021 --by kind --by kind
expect_contains "$err" "usage: mapo stats" "a dimension twice"
run 2 --db "$db" stats --tip-year 1800
expect_contains "$err" "'--tip-year'" "--tip-year 1800"

finish
