#!/bin/sh
# mapo import: a good import, a bad one (every bad row listed, nothing written), --update.
. ./lib.sh

db=$T/mapo.db
run 0 --db "$db" init

cat >"$T/cases.csv" <<'CSV'
case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary
PDRM/2021/000001,TIP,PDRM,2021-02-10,MY-10,12;13,forced-labour;sexual,investigation,,"Kilang, Shah Alam"
JIM/2021/000001,SOM,JIM,2021-02-10,MY-10,26A,,charged,PDRM/2021/000001,"Same event, the ""smuggling"" half"
APMM/2020/000004,SOM,APMM,2020-11-30,MY-12,26J,,closed,,Bot di Sandakan
CSV
# Columns in another order are fine.
cat >"$T/persons.csv" <<'CSV'
person_ref,case_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,trafficking_status,rescue_date
P-0001,PDRM/2021/000001,suspect,M,,45,MYS,2021-02-10,exploiter,,
P-0002,PDRM/2021/000001,victim,F,2000-01-31,,IDN,,,actual,2021-02-10
P-0003,JIM/2021/000001,smuggled-migrant,M,,29,BGD,,,,
P-0001,JIM/2021/000001,suspect,M,,45,MYS,2021-02-11,transporter,,
CSV

run 0 --db "$db" import "$T/cases.csv" "$T/persons.csv"
expect_contains "$out" "3 new cases" "good import: cases"
expect_contains "$out" "4 persons" "good import: persons"
expect_eq "$err" "" "no progress bar when stderr is not a terminal"
run 0 --db "$db" case show JIM/2021/000001 --format json
expect_contains "$out" '"summary": "Same event, the \"smuggling\" half"' "quoted summary"
expect_contains "$out" '"related_case_ref": "PDRM/2021/000001"' "related case"
expect_contains "$out" '"person_ref": "P-0003"' "persons imported"
run 0 --db "$db" person list --format csv
expect_lines 5 "$out" "four person rows"

# The same cases again: an error without --update, nothing written.
run 1 --db "$db" import "$T/cases.csv"
expect_contains "$err" "cases.csv:2:" "a case already in the database is named with its line"
run 0 --db "$db" case show APMM/2020/000004 --format json
expect_contains "$out" '"version": 1' "the refused import changed nothing"

# --update replaces them: the version goes up, the new values are there.
sed 's/,closed,,Bot di Sandakan/,convicted,,Bot di Sandakan (dihukum)/' "$T/cases.csv" >"$T/cases2.csv"
run 0 --db "$db" import --update "$T/cases2.csv"
expect_contains "$out" "0 new cases, 3 updated cases" "--update"
run 0 --db "$db" case show APMM/2020/000004 --format json
expect_contains "$out" '"status": "convicted"' "--update wrote the new status"
expect_contains "$out" '"version": 2' "--update raised the version"
run 0 --db "$db" person list --format csv
expect_lines 5 "$out" "--update without a persons file keeps the persons"

# A new case and its persons next to existing ones, with --update in one run.
cat >"$T/cases3.csv" <<'CSV'
case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary
KDRM/2021/000001,TIP,KDRM,2021-04-01,MY-07,12,begging,investigation,,
PDRM/2021/000001,TIP,PDRM,2021-02-10,MY-10,12;13,forced-labour,charged,,
CSV
cat >"$T/persons3.csv" <<'CSV'
case_ref,person_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,trafficking_status,rescue_date
KDRM/2021/000001,P-0100,victim,F,2012-05-05,,MMR,,,actual,2021-04-01
PDRM/2021/000001,P-0002,victim,F,2000-01-31,,IDN,,,actual,2021-02-10
CSV
run 0 --db "$db" import --update "$T/cases3.csv" "$T/persons3.csv"
expect_contains "$out" "1 new cases, 1 updated cases" "--update with a new case"
run 0 --db "$db" person list PDRM/2021/000001 --format csv
expect_lines 2 "$out" "--update with persons replaces the case's persons"

# A bad import: every bad row listed as FILE:LINE: COLUMN: reason, exit 1, nothing written.
db2=$T/bad.db
run 0 --db "$db2" init
cat >"$T/bad_cases.csv" <<'CSV'
case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary
PDRM/2021/000001,TIP,PDRM,2021-02-10,MY-10,12,forced-labour,investigation,,fine
PDRM/2021/000002,XYZ,PDRM,2021-02-10,MY-10,12,forced-labour,investigation,,bad kind
PDRM/2021/000003,TIP,PDRM,2021-02-30,MY-10,12,forced-labour,investigation,,bad date
JIM/2021/000001,SOM,JIM,2021-02-10,MY-10,26A,sexual,investigation,,SOM with forms
JIM/2021/000002,SOM,JIM,2021-02-10,MY-99,26A,,investigation,,bad state
CSV
cat >"$T/bad_persons.csv" <<'CSV'
case_ref,person_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,trafficking_status,rescue_date
PDRM/2021/000001,P-1,victim,F,,20,IDN,,,actual,2021-02-10
PDRM/2021/000404,P-2,victim,F,,20,IDN,,,actual,2021-02-10
PDRM/2021/000001,P-3,victim,Q,,20,IDN,,,actual,2021-02-10
CSV
run 1 --db "$db2" import "$T/bad_cases.csv" "$T/bad_persons.csv"
for where in "bad_cases.csv:3: kind:" "bad_cases.csv:4: action_date:" "bad_cases.csv:5: forms:" \
	"bad_cases.csv:6: state:" "bad_persons.csv:3: case_ref:" "bad_persons.csv:4: sex:"; do
	expect_contains "$err" "$T/$where" "bad import lists $where"
done
expect_lacks "$err" "bad_cases.csv:2:" "the good case row is not listed"
expect_lacks "$err" "bad_persons.csv:2:" "the good person row is not listed"
last=$(printf '%s\n' "$err" | tail -n 1)
expect_contains "$last" "mapo: " "the verdict comes last"
expect_eq "$out" "" "a bad import prints nothing on stdout"
run 0 --db "$db2" case list --format csv
expect_lines 1 "$out" "a bad import wrote no case"
run 0 --db "$db2" person list --format csv
expect_lines 1 "$out" "a bad import wrote no person"

# An unknown column, a missing file, bad quoting, a file that is not UTF-8.
printf 'case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary,colour\n' >"$T/col.csv"
run 1 --db "$db2" import "$T/col.csv"
expect_contains "$err" "colour" "an unknown column is named"
run 1 --db "$db2" import "$T/missing.csv"
expect_contains "$err" "missing.csv" "a missing file is named"
expect_one_error_line "a missing file"
printf 'case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary\nPDRM/2021/000001,TIP,PDRM,2021-02-10,MY-10,12,sexual,investigation,,"open quote\n' >"$T/quote.csv"
run 1 --db "$db2" import "$T/quote.csv"
expect_contains "$err" "quote.csv:2" "bad quoting names the line"
printf 'case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary\nPDRM/2021/000001,TIP,PDRM,2021-02-10,MY-10,12,sexual,investigation,,caf\351\n' >"$T/latin1.csv"
run 1 --db "$db2" import "$T/latin1.csv"
expect_contains "$err" "latin1.csv:2" "a file that is not UTF-8 names the line"
run 0 --db "$db2" case list --format csv
expect_lines 1 "$out" "still nothing written"

# On a terminal (when a pseudo-terminal can be had), an import that takes long shows a progress bar on stderr and clears it.
# (MAPO_PROGRESS_DELAY=0 stands in for a file big enough to take more than a second.)
if command -v script >/dev/null 2>&1 && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	run 0 --db "$T/tty.db" init
	MAPO_PROGRESS_DELAY=0 script -qec "'$MAPO' --db '$T/tty.db' import '$T/cases.csv' '$T/persons.csv'" \
		/dev/null </dev/null >"$T/tty.out" 2>&1 || fail "import on a terminal: $(cat "$T/tty.out")"
	grep -q 'import \[' "$T/tty.out" || fail "no progress bar on a terminal: $(cat "$T/tty.out")"
	grep -q '3 new cases' "$T/tty.out" || fail "the result follows the bar: $(cat "$T/tty.out")"
fi

finish
