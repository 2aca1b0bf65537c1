#!/bin/sh
# mapo statement: the exact sentences of issue 2 section 5 on the demo database, and the
# period, singular and mid-month rules on a small one.
. ./lib.sh

ms_sentence='Sehingga Jun 2021, sebanyak 58 kes pemerdagangan orang telah diambil tindakan melibatkan tangkapan berjumlah 131 orang. Daripada jumlah ini, sebanyak 37 kes adalah melibatkan eksploitasi buruh paksa. Bagi tempoh yang sama, sebanyak 142 kes penyeludupan migran telah diambil tindakan melibatkan tangkapan berjumlah 233 orang.'
en_sentence='As of June 2021, action was taken on 58 trafficking in persons cases involving 131 arrests. Of these, 37 cases involved forced labour exploitation. For the same period, action was taken on 142 migrant smuggling cases involving 233 arrests.'

# The demo database, once.
demo=$T/demo.db
run 0 --db "$demo" demo

# Exactly the sentence and one newline, nothing else, on stdout; nothing on stderr.
"$MAPO" --db "$demo" statement --as-of 2021-06-30 --lang ms >"$T/ms.txt" 2>"$T/ms.err" || fail "statement --lang ms"
printf '%s\n' "$ms_sentence" >"$T/ms.want"
cmp "$T/ms.txt" "$T/ms.want" || fail "the Malay statement: $(cat "$T/ms.txt")"
[ -s "$T/ms.err" ] && fail "statement wrote on stderr: $(cat "$T/ms.err")"
"$MAPO" --db "$demo" statement --as-of 2021-06-30 --lang en >"$T/en.txt" 2>&1 || fail "statement --lang en"
printf '%s\n' "$en_sentence" >"$T/en.want"
cmp "$T/en.txt" "$T/en.want" || fail "the English statement: $(cat "$T/en.txt")"

# The same with --from given as the default it stands for.
run 0 --db "$demo" statement --from 2021-01-01 --as-of 2021-06-30 --lang en
expect_eq "$out" "$en_sentence" "--from 2021-01-01 is the default"
# Without --lang, the statement is in the message language.
run 0 --db "$demo" --lang ms statement --as-of 2021-06-30
expect_eq "$out" "$ms_sentence" "--lang ms before the command"
MAPO_LANG=ms run 0 --db "$demo" statement --as-of 2021-06-30
expect_eq "$out" "$ms_sentence" "MAPO_LANG=ms"
run 0 --db "$demo" --lang ms statement --as-of 2021-06-30 --lang en
expect_eq "$out" "$en_sentence" "the statement's --lang wins"
# Six and a half years: thousands separators.
run 0 --db "$demo" statement --from 2015-01-01 --as-of 2021-06-30 --lang en
expect_contains "$out" "1,854 trafficking in persons cases involving 2,732 arrests" "2015 to June 2021"

# A small register for the rules.
db=$T/small.db
run 0 --db "$db" init
run 0 --db "$db" statement --as-of 2021-06-30 --lang en
expect_eq "$out" "As of June 2021, action was taken on 0 trafficking in persons cases involving 0 arrests. Of these, 0 cases involved forced labour exploitation. For the same period, action was taken on 0 migrant smuggling cases involving 0 arrests." \
	"an empty period"
run 0 --db "$db" case add --kind TIP --agency PDRM --action-date 2021-06-15 --state MY-10 --offence 12 --form forced-labour
ref=$out
run 0 --db "$db" person add --case "$ref" --person S1 --role suspect --sex M --arrest-date 2021-06-15
run 0 --db "$db" case add --kind TIP --agency PDRM --action-date 2020-12-31 --state MY-10 --offence 12 --form sexual
run 0 --db "$db" statement --as-of 2021-06-15 --lang en
expect_eq "$out" "As of 15 June 2021, action was taken on 1 trafficking in persons case involving 1 arrest. Of these, 1 case involved forced labour exploitation. For the same period, action was taken on 0 migrant smuggling cases involving 0 arrests." \
	"one case, one arrest, mid-month"
run 0 --db "$db" statement --as-of 2021-06-15 --lang ms
expect_contains "$out" "Sehingga 15 Jun 2021, " "Malay mid-month date"
run 0 --db "$db" statement --as-of 2021-06-14 --lang en
expect_contains "$out" "As of 14 June 2021, action was taken on 0 trafficking in persons cases" "the day before"
run 0 --db "$db" statement --from 2020-12-31 --as-of 2021-06-30 --lang en
expect_contains "$out" "action was taken on 2 trafficking in persons cases involving 1 arrest." "--from reaches back"
run 0 --db "$db" statement --as-of 2020-02-29 --lang en
expect_contains "$out" "As of February 2020," "29 February 2020 ends its month"

# Errors.
run 2 --db "$db" statement --as-of 2021-02-29
expect_contains "$err" "'2021-02-29' is not a date" "not a leap year"
run 2 --db "$db" statement --as-of 2021-06-30 --from 2021-07-01
expect_usage_error "--from after --as-of"
run 1 --db "$T/none.db" statement --as-of 2021-06-30
expect_one_error_line "no database"

finish
