#!/bin/sh
# mapo case add|show|edit|list|delete and mapo person add|list|remove on a small database.
. ./lib.sh

db=$T/mapo.db
run 0 --db "$db" init

# add: the reference comes from the agency and the action date's year.
run 0 --db "$db" case add --kind TIP --agency PDRM --action-date 2021-03-04 --state MY-10 \
	--offence 12 --offence "13;14" --form forced-labour --form sexual --summary "Kilang di Klang"
expect_eq "$out" "PDRM/2021/000001" "first PDRM case of 2021"
run 0 --db "$db" case add --kind TIP --agency PDRM --action-date 2021-05-01 --state MY-01 \
	--offence 12 --form sexual
expect_eq "$out" "PDRM/2021/000002" "second PDRM case of 2021"
run 0 --db "$db" case add --kind SOM --agency JIM --action-date 2020-12-31 --state MY-01 \
	--offence 26A --status charged --related PDRM/2021/000001 --summary "Bot di Johor"
expect_eq "$out" "JIM/2020/000001" "first JIM case of 2020"
run 0 --db "$db" case add --kind SOM --agency APMM --action-date 2021-01-15 --state MY-12 \
	--offence 26J --ref APMM/2021/000777
expect_eq "$out" "APMM/2021/000777" "add --ref"
run 0 --db "$db" case add --kind SOM --agency APMM --action-date 2021-02-15 --state MY-12 --offence 26A
expect_eq "$out" "APMM/2021/000778" "the sequence continues after the largest"

# add: the rules (user errors, exit 1, each problem named; nothing written).
run 1 --db "$db" case add --kind SOM --agency JIM --action-date 2021-01-01 --state MY-01 \
	--offence 26A --form sexual
expect_contains "$err" "forms" "a SOM case with forms"
run 1 --db "$db" case add --kind TIP --agency PDRM --action-date 2021-01-01 --state MY-01 --offence 12
expect_contains "$err" "forms" "a TIP case without forms"
run 1 --db "$db" case add --kind TIP --agency PDRM --action-date 2021-01-01 --state MY-01 \
	--offence 26A --form sexual
expect_contains "$err" "offences" "a TIP case with a SOM section"
run 1 --db "$db" case add --kind TIP --agency NOPE --action-date 2021-01-01 --state MY-99 \
	--offence 12 --form sexual
expect_contains "$err" "agency" "an unknown agency"
expect_contains "$err" "state" "an unknown state"
expect_lines 2 "$err" "two problems, two lines"
run 1 --db "$db" case add --kind SOM --agency JIM --action-date 2021-01-01 --state MY-01 \
	--offence 26A --related JIM/2019/000999
expect_contains "$err" "JIM/2019/000999" "a related case that does not exist"
run 1 --db "$db" case add --kind SOM --agency JIM --action-date 2099-01-01 --state MY-01 --offence 26A
expect_contains "$err" "action_date" "an action date in the future"
run 1 --db "$db" case add --kind SOM --agency JIM --action-date 2021-01-01 --state MY-01 \
	--offence 26A --ref APMM/2021/000777
expect_one_error_line "a --ref of another agency"
run 1 --db "$db" case add --kind SOM --agency APMM --action-date 2021-01-01 --state MY-01 \
	--offence 26A --ref APMM/2021/000777
expect_contains "$err" "APMM/2021/000777" "a --ref that is taken"
run 0 --db "$db" case list --format csv
expect_lines 6 "$out" "the refused adds wrote nothing"

# show: table and JSON.
run 0 --db "$db" case show PDRM/2021/000001
expect_contains "$out" "PDRM (Royal Malaysia Police)" "show names the agency"
expect_contains "$out" "2021-03-04" "show: action date"
expect_contains "$out" "Kilang di Klang" "show: summary"
expect_contains "$out" "Version:" "show: version"
expect_contains "$out" "(none)" "show: no persons yet"
run 0 --db "$db" --lang ms case show PDRM/2021/000001
expect_contains "$out" "PDRM (Polis Diraja Malaysia)" "show names the agency in Malay"
run 0 --db "$db" --lang en case show JIM/2020/000001 --format json
expect_contains "$out" '"case_ref": "JIM/2020/000001"' "show json: case_ref"
expect_contains "$out" '"related_case_ref": "PDRM/2021/000001"' "show json: related"
expect_contains "$out" '"status": "charged"' "show json: status"
expect_contains "$out" '"persons": []' "show json: persons"
run 1 --db "$db" case show PDRM/2021/999999
expect_eq "$err" "mapo: no case 'PDRM/2021/999999'" "show of a missing case"
run 2 --db "$db" case show PDRM/2021/000001 --format csv
expect_contains "$err" "unknown format 'csv'" "show has no csv"

# person add: a case completed from the command line.
run 0 --db "$db" person add --case PDRM/2021/000001 --person S-1 --role suspect --sex M --age 41 \
	--nationality MYS --arrest-date 2021-03-04 --suspect-role exploiter
run 0 --db "$db" person add --case PDRM/2021/000001 --person V-1 --role victim --sex F \
	--birth-date 1999-02-03 --nationality IDN --trafficking-status actual --rescue-date 2021-03-04
run 0 --db "$db" person add --case JIM/2020/000001 --person M-1 --role smuggled-migrant --sex M --nationality BGD
run 1 --db "$db" person add --case JIM/2020/000001 --person V-2 --role victim --sex F
expect_one_error_line "a victim in a SOM case"
run 1 --db "$db" person add --case PDRM/2021/000001 --person V-3 --role victim --nationality XXX
expect_contains "$err" "nationality" "an unknown nationality"
run 1 --db "$db" person add --case NOPE/2021/000001 --person V-3 --role victim
expect_eq "$err" "mapo: no case 'NOPE/2021/000001'" "a person in a missing case"
run 0 --db "$db" case show PDRM/2021/000001
expect_contains "$out" "S-1" "show lists the suspect"
expect_contains "$out" "V-1" "show lists the victim"
expect_contains "$out" "Indonesia" "show names the nationality"
run 0 --db "$db" case show PDRM/2021/000001 --format json
expect_contains "$out" '"person_ref": "V-1"' "show json lists the persons"
expect_contains "$out" '"rescue_date": "2021-03-04"' "show json: rescue date"
run 0 --db "$db" person list --format csv
expect_eq "$(printf '%s\n' "$out" | head -n 1)" \
	"case_ref,person_ref,role,sex,birth_date,age,nationality,arrest_date,suspect_role,trafficking_status,rescue_date" \
	"person list csv header"
expect_lines 4 "$out" "person list: three roles"
run 0 --db "$db" person list JIM/2020/000001 --format json
expect_contains "$out" '"role": "smuggled-migrant"' "person list of one case"
expect_lacks "$out" "V-1" "person list of one case shows only that case"
run 0 --db "$db" person remove --case JIM/2020/000001 --person M-1 --role smuggled-migrant
run 1 --db "$db" person remove --case JIM/2020/000001 --person M-1 --role smuggled-migrant
expect_one_error_line "removing a role twice"

# edit: with the version last seen; a stale version is refused and nothing changes.
run 0 --db "$db" case edit PDRM/2021/000001 --version 1 --status charged --summary "Dituduh"
expect_eq "$out" "PDRM/2021/000001: version 2" "edit prints the new version"
run 1 --db "$db" case edit PDRM/2021/000001 --version 1 --status convicted
expect_contains "$err" "has changed since version 1" "a stale edit"
expect_contains "$err" "version 2" "a stale edit names the current version"
expect_one_error_line "a stale edit"
run 0 --db "$db" case show PDRM/2021/000001 --format json
expect_contains "$out" '"status": "charged"' "the stale edit changed nothing"
expect_contains "$out" '"summary": "Dituduh"' "edit changed the summary"
expect_contains "$out" '"version": 2' "version 2 after one edit"
expect_contains "$out" '"offences": [' "offences kept"
run 0 --db "$db" case edit PDRM/2021/000001 --version 2 --offence 12 --form forced-labour
run 0 --db "$db" case show PDRM/2021/000001 --format json
expect_contains "$out" '"forms": [
    "forced-labour"
  ]' "edit replaced the forms"
run 1 --db "$db" case edit PDRM/2021/000001 --version 3 --kind SOM
expect_contains "$err" "forms" "an edit that breaks the rules"
run 0 --db "$db" case edit JIM/2020/000001 --version 1 --related ""
run 0 --db "$db" case show JIM/2020/000001 --format json
expect_contains "$out" '"related_case_ref": null' "an empty --related removes the link"
run 2 --db "$db" case edit JIM/2020/000001 --version 2 --ref JIM/2020/000009
expect_usage_error "edit cannot change the reference"
run 1 --db "$db" case edit NOPE/2020/000001 --version 1 --status closed
expect_eq "$err" "mapo: no case 'NOPE/2020/000001'" "edit of a missing case"

# list: filters and formats.
run 0 --db "$db" case list
expect_lines 7 "$out" "table: heading, rule and five cases"
expect_contains "$out" "REFERENCE" "table heading"
run 0 --db "$db" case list --kind SOM --format csv
expect_lines 4 "$out" "three SOM cases"
expect_lacks "$out" "PDRM/" "--kind SOM has no TIP case"
run 0 --db "$db" case list --agency APMM --format csv
expect_lines 3 "$out" "two APMM cases"
run 0 --db "$db" case list --state MY-01 --format csv
expect_lines 3 "$out" "two cases in Johor"
run 0 --db "$db" case list --status charged --format csv
expect_lines 3 "$out" "two charged cases"
run 0 --db "$db" case list --form sexual --format csv
expect_eq "$out" "case_ref,kind,agency,action_date,state,offences,forms,status,related_case_ref,summary
PDRM/2021/000002,TIP,PDRM,2021-05-01,MY-01,12,sexual,investigation,," "--form sexual as CSV"
run 0 --db "$db" case list --from 2021-01-15 --to 2021-03-04 --format csv
expect_lines 4 "$out" "three cases from 15 January to 4 March 2021, both inclusive"
run 0 --db "$db" case list --search klang --format csv
expect_lines 1 "$out" "the summary was edited away from Klang"
run 0 --db "$db" case list --search dituduh --format csv
expect_lines 2 "$out" "--search in summaries, any case"
run 0 --db "$db" case list --limit 2 --offset 1 --format json
expect_contains "$out" '"case_ref": "APMM/2021/000778"' "limit/offset: the second case by reference"
expect_contains "$out" '"case_ref": "JIM/2020/000001"' "limit/offset: the third case by reference"
n=$(printf '%s\n' "$out" | grep -c '"case_ref"')
expect_eq "$n" 2 "--limit 2"
run 0 --db "$db" case list --format json --kind TIP --agency JIM
expect_eq "$out" "[]" "json of nothing"
run 1 --db "$db" case list --agency NOPE
expect_eq "$err" "mapo: unknown agency 'NOPE'" "a filter with an unknown agency"
run 2 --db "$db" case list --from 2021-02-01 --to 2021-01-01
expect_usage_error "--from after --to"

# delete: with or without a version.
run 1 --db "$db" case delete APMM/2021/000778 --version 7
expect_contains "$err" "has changed since version 7" "delete with a stale version"
run 0 --db "$db" case delete APMM/2021/000778 --version 1
expect_eq "$out" "deleted APMM/2021/000778" "delete"
run 0 --db "$db" case delete PDRM/2021/000001
run 1 --db "$db" case show PDRM/2021/000001
expect_one_error_line "a deleted case is gone"
run 0 --db "$db" person list PDRM/2021/000002 --format csv
run 0 --db "$db" person list --format csv
expect_lacks "$out" "PDRM/2021/000001" "delete removed the case's persons"
run 1 --db "$db" case delete PDRM/2021/000001
expect_eq "$err" "mapo: no case 'PDRM/2021/000001'" "deleting twice"

# Messages in Malay with --lang ms (the catalog's own words; the format stays).
run 1 --db "$db" --lang ms case show NOPE/2021/000001
expect_contains "$err" "mapo: " "a Malay message is still one mapo: line"
expect_lines 1 "$err" "a Malay message is one line"

finish
