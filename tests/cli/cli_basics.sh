#!/bin/sh
# mapo's face: --help, help COMMAND, --version, usage errors (exit 2), unknown commands.
. ./lib.sh

run 0 --version
expect_eq "$out" "mapo 0.1.0" "--version"
run 0 version
expect_eq "$out" "mapo 0.1.0" "version"

run 0 --help
expect_contains "$out" "usage: mapo [--db PATH] [--lang ms|en] COMMAND" "--help usage line"
for cmd in init demo case person import export statement stats help; do
	expect_contains "$out" "  $cmd " "--help lists $cmd"
done
expect_eq "$err" "" "--help writes nothing on stderr"
run 0 help
expect_contains "$out" "Commands:" "help without a command"

# help COMMAND shows that command's options; COMMAND --help the same.
run 0 help stats
expect_contains "$out" "--tip-year YEAR" "help stats"
expect_contains "$out" "age-group" "help stats names the dimensions"
help_stats=$out
run 0 stats --help
expect_eq "$out" "$help_stats" "stats --help is help stats"
run 0 help case
for sub in add show edit list delete; do
	expect_contains "$out" "mapo case $sub" "help case: $sub"
done
run 0 case add --help
expect_contains "$out" "--action-date DATE" "case add --help"
run 0 help person
expect_contains "$out" "--trafficking-status" "help person"
run 0 help import
expect_contains "$out" "--update" "help import"
run 0 help statement
expect_contains "$out" "--as-of DATE" "help statement"

# No command, an unknown one, an unknown global option: usage errors.
run 2
expect_contains "$err" "usage: mapo" "no command prints the usage"
expect_eq "$out" "" "no command: nothing on stdout"
run 2 frobnicate
expect_eq "$err" "mapo: unknown command 'frobnicate'; see 'mapo --help'" "unknown command"
run 2 help frobnicate
expect_one_error_line "help of an unknown command"
run 2 --frob case list
expect_contains "$err" "mapo: unknown option '--frob'" "unknown global option"
expect_contains "$err" "usage: mapo" "unknown global option: usage line"
run 2 --db
expect_contains "$err" "'--db' needs a value" "--db without a value"
run 2 --lang fr --version
expect_contains "$err" "unknown language 'fr'" "--lang fr"

# Each command checks its own arguments before touching any database.
db=$T/none.db
run 2 --db "$db" case
expect_contains "$err" "missing the subcommand" "case without a subcommand"
run 2 --db "$db" case frob
expect_contains "$err" "unknown subcommand 'frob'" "case frob"
run 2 --db "$db" case list --frob
expect_contains "$err" "mapo: unknown option '--frob'" "case list --frob"
expect_contains "$err" "usage: mapo case list" "case list --frob: usage line"
run 2 --db "$db" case list -x
expect_contains "$err" "mapo: unknown option '-x'" "case list -x"
run 2 --db "$db" demo --force=yes
expect_contains "$err" "mapo: option '--force' takes no value" "demo --force=yes"
run 2 --db "$db" case list --colour=red
expect_contains "$err" "mapo: unknown option '--colour'" "an unknown option with a value"
run 2 --db "$db" case list --format xml
expect_contains "$err" "unknown format 'xml'" "case list --format xml"
run 2 --db "$db" case list --limit
expect_contains "$err" "'--limit' needs a value" "case list --limit without a value"
run 2 --db "$db" case list --limit -3
expect_contains "$err" "'--limit'" "case list --limit -3"
run 2 --db "$db" case show
expect_contains "$err" "missing the case reference" "case show without a reference"
run 2 --db "$db" case add --kind TIP
expect_contains "$err" "option '--agency' is required" "case add without --agency"
run 2 --db "$db" case add --kind XYZ --agency PDRM --action-date 2021-01-01 --state MY-10
expect_contains "$err" "unknown kind 'XYZ'" "case add --kind XYZ"
run 2 --db "$db" case add --kind TIP --agency PDRM --action-date 2021-02-30 --state MY-10
expect_contains "$err" "'2021-02-30' is not a date" "case add with 30 February"
run 2 --db "$db" case edit PDRM/2021/000001 --status charged
expect_contains "$err" "option '--version' is required" "case edit without --version"
run 2 --db "$db" person add --case X
expect_contains "$err" "option '--person' is required" "person add without --person"
run 2 --db "$db" person add --case X --person P --role boss
expect_contains "$err" "unknown role 'boss'" "person add --role boss"
run 2 --db "$db" statement
expect_contains "$err" "option '--as-of' is required" "statement without --as-of"
run 2 --db "$db" statement --as-of 2021-06-30 --lang fr
expect_contains "$err" "unknown language 'fr'" "statement --lang fr"
run 2 --db "$db" statement --as-of 2021-06-30 --from 2021-07-01
expect_usage_error "statement --from after --as-of"
run 2 --db "$db" stats
expect_contains "$err" "--tip-year" "stats without a period"
run 2 --db "$db" stats --from 2021-01-01 --to 2021-06-30 --by colour
expect_contains "$err" "colour" "stats --by colour"
run 2 --db "$db" stats --from 2021-01-01 --to 2021-06-30 --tip-year 2021
expect_contains "$err" "usage: mapo stats" "stats with both a period and --tip-year"
run 2 --db "$db" import
expect_contains "$err" "usage: mapo import" "import without a file"
run 2 --db "$db" export
expect_contains "$err" "usage: mapo export" "export without a directory"
run 2 --db "$db" export --format xlsx "$T/out"
expect_contains "$err" "unknown format 'xlsx'" "export --format xlsx"
run 2 --db "$db" demo --cases 0
expect_contains "$err" "'--cases'" "demo --cases 0"
run 2 --db "$db" init extra
expect_contains "$err" "unexpected argument 'extra'" "init extra"
[ -e "$db" ] && fail "a usage error created the database"

# Messages follow --lang (and MAPO_LANG) where the catalog has them; English is the source.
run 2 --lang en frobnicate
expect_eq "$err" "mapo: unknown command 'frobnicate'; see 'mapo --help'" "--lang en"

finish
