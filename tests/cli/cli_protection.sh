#!/bin/sh
# mapo victim, order, shelter, referral, key and retention: the key file beside the database,
# identities never in the raw file, the blind index, rotation, deadlines, s.41A, shelter
# warnings, partner referrals and retention keeping the statistics.
. ./lib.sh

db=$T/mapo.db
key=$db.key
# On PostgreSQL (tests/pg) the file names the server's database.
if [ -n "${MAPO_TEST_PG:-}" ]; then
	sq() { psql -Atq "$MAPO_TEST_PG/$(cut -d' ' -f2 "$db")" -c "$1"; }
	agg=string_agg
else
	sq() { sqlite3 "$db" "$1"; }
	agg=group_concat
fi
# db_has TEXT: the stored database holds TEXT anywhere, as someone with a copy would find it: on
# SQLite in the raw file or its write-ahead log; on PostgreSQL (whose files are the server's) in
# the text of any row of any table, or in a bytea as its hex form.
db_has() {
	if [ -z "${MAPO_TEST_PG:-}" ]; then
		for f in "$db" "$db-wal"; do
			[ -f "$f" ] && grep -q -a "$1" "$f" && return 0
		done
		return 1
	fi
	hex=$(printf '%s' "$1" | od -An -tx1 | tr -d ' \n')
	for t in $(sq "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
		AND table_type = 'BASE TABLE'"); do
		n=$(sq "SELECT count(*) FROM $t t WHERE strpos(CAST(t AS TEXT), '$1') > 0
			OR strpos(CAST(t AS TEXT), '$hex') > 0")
		[ "$n" != 0 ] && return 0
	done
	return 1
}

# the demo's register without its protection part (a plan directory without demo/protection.csv):
# this test records and counts every protection record itself
cp -R "$MAPO_DATADIR" "$T/data" && rm "$T/data/demo/protection.csv" || fail "no copy of the data directory"
run 0 --db "$db" demo --cases 300 --data "$T/data"
# the demo makes the key file and loads the reference lists, as init does
expect_contains "$err" "new key file" "demo makes the key file"
[ -f "$key" ] || fail "no key file at $key"
expect_eq "$(stat -c %a "$key")" "600" "key file mode"
run 0 --db "$db" init
expect_lacks "$err" "new key file" "a second init keeps the key"
expect_eq "$(sq "SELECT count(*) FROM order_kinds")" "3" "order kinds loaded"
expect_eq "$(sq "SELECT count(*) FROM indicators")" "17" "indicators loaded"
expect_eq "$(sq "SELECT code FROM health_checks ORDER BY seq LIMIT 1")" "tuberculosis" "health checks loaded in order"
expect_eq "$(sq "SELECT count(*) FROM health_checks")" "6" "six health checks"

# a demo victim in a closed TIP case, and one in an open one
victim=$(sq "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id
	JOIN cases c ON c.id = cp.case_id WHERE cp.role = 'victim' AND c.status = 'closed'
	ORDER BY p.person_ref LIMIT 1")
case_ref=$(sq "SELECT c.ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id
	JOIN cases c ON c.id = cp.case_id WHERE p.person_ref = '$victim' AND cp.role = 'victim'")
open_victim=$(sq "SELECT p.person_ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id
	JOIN cases c ON c.id = cp.case_id WHERE cp.role = 'victim' AND c.status = 'investigation'
	AND cp.trafficking_status IN ('possible', 'actual') ORDER BY p.person_ref LIMIT 1")
[ -n "$victim" ] && [ -n "$open_victim" ] || fail "no demo victims found"

name="Nurul Demo Sintetik"
run 0 --db "$db" victim identity set "$victim" --name "$name" --id-number 880808-08-8888 \
	--passport A7654321 --address "No 1, Jalan Contoh" --phone "+60 12-888 7777"
run 0 --db "$db" victim identity set "$open_victim" --name "Ahmad Contoh Kedua" --id-number 770707-07-7777
run 0 --db "$db" victim identity show "$victim"
expect_contains "$out" "$name" "identity shown"
expect_contains "$out" "880808-08-8888" "identity number shown"

# the raw database file and its write-ahead log never hold the name or the numbers
for secret in "Nurul Demo" "880808" "A7654321" "Jalan Contoh" "888 7777"; do
	db_has "$secret" && fail "'$secret' is in the stored database"
done
db_has "$victim" || fail "the search cannot find even the person reference"
if [ -n "${MAPO_TEST_PG:-}" ]; then
	# the sealed columns hold ciphertext, whose header the bytea search finds
	db_has "$(printf 'M\001')" || fail "the search cannot find a sealed value's header"
	expect_eq "$(sq "SELECT count(*) FROM person_identities WHERE name IS NOT NULL
		AND get_byte(name, 0) = 77 AND get_byte(name, 1) = 1")" "2" "names sealed"
fi

# the blind index finds by number, however it is written
run 0 --db "$db" victim find --id-number "880808 08 8888"
expect_eq "$out" "$victim" "find by identity number"
run 0 --db "$db" victim find --passport a7654321
expect_eq "$out" "$victim" "find by passport"
run 0 --db "$db" victim find --id-number 000000-00-0000
expect_eq "$out" "" "no match"

# every view audited, with no personal data in the trail
expect_eq "$(sq "SELECT count(*) FROM audit_log WHERE action = 'identity-view' AND object_id = '$victim'")" "1" \
	"the view is audited"
expect_eq "$(sq "SELECT count(*) FROM audit_log WHERE detail LIKE '%Nurul%' OR detail LIKE '%880808%'")" "0" \
	"no personal data in the trail"
run 0 --db "$db" audit verify

# a key file others may read is refused; --key-file and MAPO_KEY_FILE choose another
chmod 644 "$key"
run 1 --db "$db" victim identity show "$victim"
expect_one_error_line "readable key file"
expect_contains "$err" "0600" "the message says what to do"
chmod 600 "$key"
cp "$key" "$T/elsewhere.key"
mv "$key" "$T/moved.key"
run 1 --db "$db" victim identity show "$victim"
expect_contains "$err" "does not exist" "missing key file"
MAPO_KEY_FILE=$T/elsewhere.key run 0 --db "$db" victim identity show "$victim"
expect_contains "$out" "$name" "MAPO_KEY_FILE"
run 0 --db "$db" victim identity show "$victim" --key-file "$T/moved.key"
expect_contains "$out" "$name" "--key-file"
mv "$T/moved.key" "$key"

# rotation: a new key version, everything re-encrypted, the old key file no longer opens it
run 0 --db "$db" key rotate
expect_contains "$out" "key version 2: 7 values re-encrypted" "rotate"
expect_eq "$(grep -c -v '^#' "$key")" "1" "only the new key is kept"
expect_eq "$(stat -c %a "$key")" "600" "key file mode after rotation"
run 0 --db "$db" victim identity show "$victim" --format json
expect_contains "$out" "\"name\": \"$name\"" "readable after rotation"
run 1 --db "$db" victim identity show "$victim" --key-file "$T/elsewhere.key"
expect_contains "$err" "key version 2" "the old key cannot open it"
run 0 --db "$db" victim find --id-number 880808-08-8888
expect_eq "$out" "$victim" "blind index rebuilt"

# identification: a decision with its organisation and reason, kept as history
run 0 --db "$db" victim status --case "$case_ref" --person "$victim" --status actual --org JKM \
	--date 2021-01-05 --reason "indicators confirmed"
run 0 --db "$db" victim history "$victim"
expect_contains "$out" "actual  JKM" "history"
expect_contains "$out" "indicators confirmed" "reason opened"
run 2 --db "$db" victim status --case "$case_ref" --person "$victim" --status maybe --org JKM --date 2021-01-05
expect_usage_error "bad status"

# s.41A: a smuggled migrant in a SOM case, a TIP case linked to it
run 0 --db "$db" case add --kind SOM --agency JIM --action-date 2021-02-01 --state MY-01 --offence 26A
som=$out
run 0 --db "$db" case add --kind TIP --agency JIM --action-date 2021-02-01 --state MY-01 --offence 12 \
	--form forced-labour --related "$som"
tip=$out
run 0 --db "$db" person add --case "$som" --person MIG-1 --role smuggled-migrant --sex M --age 30 --nationality MMR
run 1 --db "$db" order add --case "$som" --person MIG-1 --kind interim --court "Mahkamah Majistret" --start 2021-02-02
expect_contains "$err" "s.41A" "no order for a smuggled migrant"
run 1 --db "$db" victim rescreen --case "$som" --person MIG-1 --org JIM --date 2021-02-03 --outcome actual \
	--indicator withholds-documents --indicator debt-bondage
expect_contains "$err" "TIP case" "a finding needs the linked TIP case"
run 1 --db "$db" victim rescreen --case "$som" --person MIG-1 --org JIM --date 2021-02-03 --outcome actual \
	--tip-case "$tip" --indicator no-such-thing
expect_contains "$err" "no-such-thing" "unknown indicator"
run 0 --db "$db" victim rescreen --case "$som" --person MIG-1 --org JIM --date 2021-02-03 --outcome actual \
	--tip-case "$tip" --indicator "withholds-documents;debt-bondage"
expect_contains "$out" "under protection" "rescreen"
expect_eq "$(sq "SELECT $agg(role, ',') FROM (SELECT cp.role FROM case_persons cp JOIN persons p
	ON p.id = cp.person_id WHERE p.person_ref = 'MIG-1' ORDER BY cp.role) t")" "smuggled-migrant,victim" \
	"the same person holds both roles"
run 0 --db "$db" victim screenings MIG-1 --format csv
expect_contains "$out" "2021-02-03,$som,JIM,actual,withholds-documents;debt-bondage" "the re-screening listed"
run 0 --db "$db" victim consent --person MIG-1 --scope sharing --refused --date 2021-02-04
run 0 --db "$db" victim consents MIG-1 --format csv
expect_contains "$out" "2021-02-04,sharing,refused," "the consent listed"
run 1 --db "$db" victim consent --person MIG-1 --scope photo --given --date 2999-01-01
expect_contains "$err" "not in the future" "a consent date in the future"
run 2 --db "$db" victim screenings
expect_usage_error "screenings without a person"

# orders and deadlines: 21 days, then three months from its end, then an extension
run 0 --db "$db" order add --case "$tip" --person MIG-1 --kind interim --court "Mahkamah Majistret" --start 2021-02-08
expect_contains "$out" "from 2021-02-08 to 2021-03-01" "interim: 21 days over a short February"
run 1 --db "$db" order add --case "$tip" --person MIG-1 --kind protection --court "Mahkamah Majistret" \
	--end 2021-07-01
expect_contains "$err" "2021-06-01 at the latest" "longer than s.51 allows"
run 0 --db "$db" order add --case "$tip" --person MIG-1 --kind protection --court "Mahkamah Majistret"
run 1 --db "$db" order add --case "$tip" --person MIG-1 --kind protection --court "Mahkamah Majistret"
expect_contains "$err" "follows a running interim order" "a second protection order"
run 0 --db "$db" order list --person MIG-1 --format csv
expect_contains "$out" "interim,44,2021-02-08,2021-03-01,superseded" "interim superseded"
run 0 --db "$db" order list --ending-within 14 --as-of 2021-05-10 --format csv
expect_lines 1 "$out" "nothing ends within 14 days of 10 May (the protection order runs to 1 June)"
run 0 --db "$db" order list --ending-within 14 --as-of 2021-05-25 --format csv
expect_lines 2 "$out" "the protection order ends within 14 days of 25 May"
expect_contains "$out" "protection,51,2021-03-01,2021-06-01" "protection order: three months"
run 0 --db "$db" order list --overdue --as-of 2021-06-02 --format csv
expect_lines 2 "$out" "overdue with no outcome"
id=$(printf '%s\n' "$out" | sed -n 2p | cut -d, -f1)
run 0 --db "$db" order outcome "$id" --outcome immigration --date 2021-06-01
run 0 --db "$db" order list --overdue --as-of 2021-06-02 --format csv
expect_lines 1 "$out" "no longer overdue"
run 2 --db "$db" order outcome "$id" --outcome superseded --date 2021-06-01
expect_usage_error "superseded is not for people to set"

# s.54(3): an extension runs "for such further period as the Magistrate thinks fit": no maximum,
# so the court's end date is needed (data/orders.csv leaves the extension's duration empty)
open_case=$(sq "SELECT c.ref FROM case_persons cp JOIN persons p ON p.id = cp.person_id JOIN cases c
	ON c.id = cp.case_id WHERE p.person_ref = '$open_victim' AND cp.role = 'victim'")
run 0 --db "$db" order add --case "$open_case" --person "$open_victim" --kind interim --court "Mahkamah Majistret" \
	--start 2022-01-03
run 0 --db "$db" order add --case "$open_case" --person "$open_victim" --kind protection --court "Mahkamah Majistret"
expect_contains "$out" "from 2022-01-24 to 2022-04-24" "protection order: three months after the interim"
run 1 --db "$db" order add --case "$open_case" --person "$open_victim" --kind extension --court "Mahkamah Majistret"
expect_contains "$err" "end: " "an extension without its end"
expect_contains "$err" "s.54(3)" "the section named"
run 1 --db "$db" order add --case "$open_case" --person "$open_victim" --kind extension --court "Mahkamah Majistret" \
	--end 2022-04-01
expect_contains "$err" "end: the end date is before the start" "an extension ending before it starts"
run 0 --db "$db" order add --case "$open_case" --person "$open_victim" --kind extension --court "Mahkamah Majistret" \
	--end 2023-04-24
expect_contains "$out" "from 2022-04-24 to 2023-04-24" "an extension of a year"
run 0 --db "$db" order list --person "$open_victim" --ending-within 30 --as-of 2023-04-01 --format csv
expect_contains "$out" "extension,54(3),2022-04-24,2023-04-24" "its deadline on the board"
run 1 --db "$db" --lang ms order add --case "$open_case" --person "$open_victim" --kind extension \
	--court "Mahkamah Majistret"
expect_contains "$err" "tarikh tamat yang ditetapkan oleh mahkamah" "Malay"

# shelters: capacity and separation warnings, occupancy
run 0 --db "$db" shelter add --code RP-L1 --name "Rumah Perlindungan Lelaki" --operator government --serves men --capacity 1
run 0 --db "$db" shelter admit --shelter RP-L1 --person MIG-1 --date 2021-02-08
expect_eq "$err" "" "an admission within the rules"
run 0 --db "$db" shelter admit --shelter RP-L1 --person "$open_victim" --date 2021-02-09
expect_contains "$err" "over its capacity" "capacity warning"
run 0 --db "$db" shelter occupancy RP-L1 --from 2021-02-07 --to 2021-02-10 --format csv
expect_eq "$(printf '%s\n' "$out" | tr '\n' ' ')" "DATE,STAYING 2021-02-07,0 2021-02-08,1 2021-02-09,2 2021-02-10,2 " \
	"occupancy"

# health screening on admission: pending until recorded, in the list and the stays
run 0 --db "$db" shelter list --as-of 2021-02-09 --format csv
expect_contains "$out" "RP-L1,Rumah Perlindungan Lelaki,government,men,1,2,2" "two admissions wait for screening"
run 0 --db "$db" shelter stays RP-L1 --as-of 2021-02-09 --format csv
expect_contains "$out" "MIG-1,2021-02-08,screening pending" "pending in the stays"
run 0 --db "$db" shelter screen --person MIG-1 --date 2021-02-09 --check tuberculosis=negative \
	--check "covid-19=pending;fever-respiratory=positive" --isolation
expect_contains "$out" "3 checks, isolated" "screening recorded"
run 1 --db "$db" shelter screen --person MIG-1 --date 2021-02-09 --check scabies=negative
expect_contains "$err" "health screening already" "one screening per admission"
run 1 --db "$db" shelter screen --person "$open_victim" --date 2021-02-09 --check measles=negative
expect_contains "$err" "unknown health check 'measles'" "unknown item"
run 2 --db "$db" shelter screen --person "$open_victim" --date 2021-02-09 --check scabies
expect_usage_error "an item with no result"
run 1 --db "$db" shelter screen --person "$open_victim" --date 2021-02-01 --check scabies=negative
expect_contains "$err" "stays in no shelter" "no admission that day"
run 0 --db "$db" shelter stays RP-L1 --as-of 2021-02-09 --format csv
expect_contains "$out" "MIG-1,2021-02-08,2021-02-09,yes" "screened and isolated"
expect_contains "$out" "$open_victim,2021-02-09,screening pending" "still pending"
run 0 --db "$db" shelter list --as-of 2021-02-09 --format csv
expect_contains "$out" "RP-L1,Rumah Perlindungan Lelaki,government,men,1,2,1" "one admission waits"
expect_eq "$(sq "SELECT count(*) FROM audit_log WHERE action = 'health-screen' AND detail LIKE '%positive%'")" "0" \
	"no results in the trail"
run 0 --db "$db" --lang ms shelter stays RP-L1 --as-of 2021-02-09
expect_contains "$out" "saringan belum dibuat" "Malay"
# the results and the isolation are sealed: read with the key, never in the stored database
run 0 --db "$db" shelter screening --person MIG-1 --date 2021-02-10
expect_contains "$out" "shelter RP-L1 (admitted 2021-02-08): 2021-02-09" "the screening shown"
expect_contains "$out" "isolation: yes" "the isolation shown"
expect_contains "$out" "fever-respiratory  positive" "a result shown"
expect_contains "$out" "covid-19           result awaited" "a result awaited"
for clear in "fever-respiratory=positive" "fever-respiratorypositive" "fever-respiratory,positive"; do
	db_has "$clear" && fail "a health result in clear in the database: $clear"
done
expect_eq "$(sq "SELECT count(*) FROM health_screenings WHERE results IS NOT NULL")" "1" "the results sealed"
run 1 --db "$db" shelter stays RP-L1 --as-of 2021-02-09 --key-file "$T/no.key"
expect_contains "$err" "does not exist" "the stays need the key"
run 1 --db "$db" shelter screening --person "$open_victim" --date 2021-02-09
expect_contains "$err" "no health screening" "a pending screening"
run 1 --db "$db" shelter screening --person MIG-1 --date 2021-01-01
expect_contains "$err" "stays in no shelter" "no stay that day"
run 0 --db "$db" --lang ms shelter screening --person MIG-1 --date 2021-02-09
expect_contains "$out" "pengasingan: ya" "Malay screening"

run 0 --db "$db" shelter discharge --person MIG-1 --date 2021-02-10
run 0 --db "$db" shelter list --as-of 2021-02-10 --format csv
expect_contains "$out" "RP-L1,Rumah Perlindungan Lelaki,government,men,1,1" "shelter list"

# referrals: a partner's own only
run 0 --db "$db" referral add --person "$open_victim" --direction in --org "NGO Alpha" --service identification \
	--date 2021-02-01 --status accepted
run 0 --db "$db" referral add --person MIG-1 --direction out --org "NGO Beta" --service legal-aid --date 2021-02-04
ref_id=$(printf '%s\n' "$out" | sed 's/[^0-9]//g')
run 0 --db "$db" referral decide "$ref_id" --status refused --date 2021-02-05
run 0 --db "$db" referral list --org "NGO Beta" --format csv
expect_lines 2 "$out" "one referral of NGO Beta"
expect_contains "$out" "MIG-1,out,NGO Beta,legal-aid,2021-02-04,refused,2021-02-05" "decided"

# victim statistics
victims=$(sq "SELECT count(*) FROM case_persons cp JOIN cases c ON c.id = cp.case_id WHERE cp.role = 'victim'
	AND COALESCE(cp.rescue_date, c.action_date) BETWEEN '2015-01-01' AND '2021-12-31'")
run 0 --db "$db" victim stats --from 2015-01-01 --to 2021-12-31 --by sex --format json
expect_contains "$out" "\"total\": $victims" "victims by sex add up to every victim rescued"
run 0 --db "$db" victim stats --from 2015-01-01 --to 2021-12-31 --by age-group --format csv
expect_eq "$(printf '%s\n' "$out" | head -n 1)" "age-group,VICTIMS" "csv heading"
run 0 --db "$db" victim stats --from 2021-01-01 --to 2021-12-31 --by outcome --format csv
expect_contains "$out" "immigration,1" "an order handed to Immigration"
expect_contains "$out" "superseded,1" "the interim order superseded"
run 2 --db "$db" victim stats --from 2021-01-01 --to 2021-12-31 --by colour
expect_usage_error "unknown dimension"

# retention: the closed case's victim is erased, the statistics stay
run 0 --db "$db" stats --from 2015-01-01 --to 2021-12-31 --by kind --by nationality --format json
before=$out
run 0 --db "$db" retention run --days 30 --as-of 2000-01-01
expect_contains "$out" "for 0 persons" "nothing due yet"
run 0 --db "$db" retention run --days 0 --as-of 2099-12-31
expect_contains "$out" "for 1 person" "one person erased"
run 0 --db "$db" stats --from 2015-01-01 --to 2021-12-31 --by kind --by nationality --format json
expect_eq "$out" "$before" "statistics unchanged"
run 0 --db "$db" victim identity show "$victim"
expect_contains "$out" "erased" "erased"
expect_lacks "$out" "$name" "the name is gone"
run 0 --db "$db" victim find --id-number 880808-08-8888
expect_eq "$out" "" "the blind index is gone"
run 0 --db "$db" victim identity show "$open_victim"
expect_contains "$out" "Ahmad Contoh Kedua" "an open case's victim is kept"

# Malay
run 0 --db "$db" --lang ms victim identity show "$open_victim"
expect_contains "$out" "nama" "Malay field names"
run 0 --db "$db" help victim
expect_contains "$out" "s.41A" "help"

finish
