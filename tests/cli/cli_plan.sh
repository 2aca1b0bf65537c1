#!/bin/sh
# mapo plan, progress, rec and guideline as a process: loading a plan (and refusing a bad one
# whole, naming FILE:LINE: COLUMN), indicators computed from the case register, quarterly
# reports, roll-ups, late activities, the XLSX export, recommendations and the outlook,
# checklists and compliance.
. "$(dirname "$0")/lib.sh"
DB=$T/m.db
export MAPO_TODAY=2021-09-15

run 0 --db "$DB" init

cat >"$T/plan.csv" <<'CSV'
level,code,parent,title_ms,title_en,lead,supporting,indicator_ms,indicator_en,computed,baseline,start_year,end_year,target_2021,target_2022
plan,T-1,,Pelan Ujian,Test Plan,,,,,,,2021,2022,,
pillar,P1,,Pencegahan,Prevention,,,,,,,,,,
goal,G1,P1,Matlamat 1,Goal 1,,,,,,,,,,
objective,O1,G1,Objektif 1,Objective 1,,,,,,,,,,
activity,A1,O1,Kempen,Campaigns,MAPO,JTK,Kempen,Campaigns run,,2,,,4,6
pillar,P2,,Pendakwaan,Prosecution,,,,,,,,,,
goal,G2,P2,Matlamat 2,Goal 2,,,,,,,,,,
objective,O2,G2,Objektif 2,Objective 2,,,,,,,,,,
activity,A2,O2,Kes,Cases,PDRM,JIM,Kes TIP,TIP cases,tip_cases,,,,4,
activity,A3,O2,Tangkapan,Arrests,PDRM,,Tangkapan,TIP arrests,tip_arrests,,,,10,
CSV

# A bad plan: every bad row named, nothing loaded.
sed -e 's/^activity,A1,O1,Kempen,Campaigns,MAPO/activity,A1,O9,Kempen,Campaigns,MAPO/' \
    -e 's/tip_arrests,,,,10,/tip_arrests,,,,ten,/' "$T/plan.csv" >"$T/bad.csv"
run 1 --db "$DB" plan import "$T/bad.csv"
expect_contains "$err" "$T/bad.csv:6: parent: 'O9' is not a code listed above" "bad plan: parent"
expect_contains "$err" "$T/bad.csv:11: target_2021: 'ten' is not a number of 0 or more" "bad plan: target"
expect_contains "$err" "mapo: $T/bad.csv: 2 problems; nothing was loaded" "bad plan: verdict"
run 0 --db "$DB" plan list --format json
expect_eq "$(printf '%s' "$out" | jq length)" 0 "nothing loaded"

run 0 --db "$DB" plan import "$T/plan.csv"
expect_eq "$out" "plan T-1 2021-2022: 2 pillars, 2 goals, 2 objectives, 3 activities" "import"
run 1 --db "$DB" plan import "$T/plan.csv"
expect_one_error_line "import twice"
expect_contains "$err" "exists already" "import twice"
run 0 --db "$DB" plan show T-1 --format json
expect_eq "$(printf '%s' "$out" | jq -c '[.nodes[] | select(.level=="activity") | .targets."2021"]')" "[4,4,10]" "targets"

# The register: a TIP case in Q1 with two arrests, one in Q3.
run 0 --db "$DB" case add --kind TIP --agency PDRM --action-date 2021-02-10 --state MY-01 --offence 12 --form forced-labour
ref=$out
run 0 --db "$DB" person add --case "$ref" --person S1 --role suspect --arrest-date 2021-02-10
run 0 --db "$DB" person add --case "$ref" --person S2 --role suspect --arrest-date 2021-07-02

run 0 --db "$DB" plan status T-1 --year 2021 --as-of 2021-03-31 --format json
expect_eq "$(printf '%s' "$out" | jq -c '[.activities[] | .value]')" "[null,1,1]" "computed at Q1"
run 0 --db "$DB" plan status T-1 --year 2021 --as-of 2021-09-15 --format json
expect_eq "$(printf '%s' "$out" | jq -c '[.activities[] | .value]')" "[null,1,2]" "computed at Q3"

# A typed value for a computed indicator is refused; the lead reports the typed one.
run 1 --db "$DB" progress add T-1 A2 --year 2021 --quarter 1 --status on-track --value 9
expect_contains "$err" "computed from the case register" "typed value refused"
run 2 --db "$DB" progress add T-1 A1 --year 2021 --quarter 1 --status fine --value 1
expect_usage_error "bad status"
echo "attendance list" >"$T/evidence.txt"
run 0 --db "$DB" progress add T-1 A1 --year 2021 --quarter 1 --status on-track --value 1 \
	--narrative "one campaign" --evidence "$T/evidence.txt"
run 0 --db "$DB" progress add T-1 A1 --year 2021 --quarter 2 --status on-track --value 2
run 0 --db "$DB" progress list T-1 --format json
expect_eq "$(printf '%s' "$out" | jq -c '[.[] | [.quarter, .value, .evidence]]')" '[[1,1,"evidence.txt"],[2,2,null]]' "reports"

# As of 15 September: A1 half done (on pace), but Q3 has not ended; A2 at 25% of 4 against
# 70% of the year: at risk; A3 at 20% likewise.
run 0 --db "$DB" plan status T-1 --year 2021 --as-of 2021-09-15 --format json
expect_eq "$(printf '%s' "$out" | jq -c '[.activities[] | .at_risk]')" "[false,true,true]" "at risk"
expect_eq "$(printf '%s' "$out" | jq -c '[.pillars[] | [.key, .progress]]')" '[["P1",0.5],["P2",0.225]]' "pillar roll-up"
run 0 --db "$DB" plan late T-1 --year 2021 --as-of 2021-09-15
expect_contains "$out" "A2" "late list"
expect_lacks "$out" "A1 " "late list"
# After the year: A1 short of its target and overdue.
run 0 --db "$DB" plan late T-1 --year 2021 --as-of 2022-01-10 --format json
expect_eq "$(printf '%s' "$out" | jq -c '[.activities[] | [.code, .overdue]]')" '[["A1",true],["A2",true],["A3",true]]' "overdue"
run 0 --db "$DB" plan status T-1 --year 2021 --as-of 2021-09-15 --by org
expect_contains "$out" "PDRM" "by org"
run 2 --db "$DB" plan status T-1 --by colour
expect_usage_error "bad --by"

run 0 --db "$DB" plan export T-1 "$T/progress.xlsx" --year 2021 --as-of 2021-09-15
[ "$(head -c 2 "$T/progress.xlsx")" = "PK" ] || fail "export: not an XLSX file"

# Recommendations and the outlook. The 2022 report's period starts on 1 April 2021: the case of
# February is outside it, and so are its arrests (store.h: arrests in the period's cases).
cat >"$T/recs.csv" <<'CSV'
year,rank,text_ms,text_en,status,activities,actions,evidence
2021,1,Tingkatkan pendakwaan,Increase prosecutions,open,T-1/A2;T-1/A3,,
2021,2,Latih pegawai,Train officials,addressed,T-1/A1,MAPO-2-2021-3,Done in March
CSV
run 0 --db "$DB" rec import "$T/recs.csv"
expect_eq "$out" "2 recommendations recorded" "rec import"
printf '%s\n' "year,rank,text_ms,text_en,status,activities,actions,evidence" \
	"2021,3,Teks,Text,open,T-1/A9,," >"$T/badrecs.csv"
run 1 --db "$DB" rec import "$T/badrecs.csv"
expect_contains "$err" "no activity 'T-1/A9'" "rec link"
run 0 --db "$DB" rec set 2021 1 --status in-progress --evidence "Special court opened"
run 0 --db "$DB" rec outlook --as-of 2021-09-15 --format json
expect_eq "$(printf '%s' "$out" | jq -c '[.report_year, .figures.tip_arrests.now, .figures.tip_cases.now]')" "[2022,0,0]" "outlook figures"
expect_eq "$(printf '%s' "$out" | jq -c '[.recommendations[] | [.rank, .status]]')" '[[1,"in-progress"],[2,"addressed"]]' "outlook order"
run 0 --db "$DB" rec outlook --as-of 2021-09-15
expect_contains "$out" "The 2022 TIP report" "outlook text"

# Guidelines and checklists.
DATA=${MAPO_DATADIR:-$(dirname "$0")/../../data}
run 0 --db "$DB" guideline import "$DATA/guidelines/infectious-disease.csv"
expect_eq "$out" "guideline infectious-disease version 1: 12 checklist items" "guideline import"
run 0 --db "$DB" guideline check infectious-disease --subject operation --ref "$ref" --agency PDRM \
	--date 2021-08-01 --all yes --answer PPE3=no
expect_contains "$out" "7 of 8 items met" "check"
run 0 --db "$DB" guideline check infectious-disease --subject shelter --ref SHELTER-1 --agency JKM \
	--date 2021-08-02 --all yes
run 1 --db "$DB" guideline check infectious-disease --subject prosecution --ref "$ref" --agency AGC \
	--date 2021-08-02 --all yes
expect_contains "$err" "not been referred to the prosecution" "prosecution of a case under investigation"
run 1 --db "$DB" guideline check infectious-disease --subject operation --ref "$ref" --agency PDRM \
	--date 2021-08-01 --answer HS1=yes
expect_contains "$err" "is not answered" "missing answers"
run 0 --db "$DB" guideline compliance --from 2021-01-01 --to 2021-12-31 --format json
expect_eq "$(printf '%s' "$out" | jq -c '[.[] | [.agency, .checks, .yes, .no]]')" '[["JKM",1,10,0],["PDRM",1,7,1]]' "compliance"

# Malay.
run 0 --db "$DB" --lang ms plan status T-1 --year 2021 --as-of 2021-09-15
expect_contains "$out" "Aktiviti" "Malay heading"

finish
