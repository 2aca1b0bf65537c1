#!/bin/bash
# Two `mapo serve` processes on one PostgreSQL database (issue 4, point 3): a session made on one
# server works on the other; concurrent edits of the same cases through both never lose an
# update (of the edits made on one version exactly one wins, every other gets 409, the record's
# version counts the wins and holds the last winner's change); the statistics both serve are the
# same bytes, and the same as `mapo stats --format json` on the database.
#
# Run through tests/pg/run.sh (MAPO_TEST_PG set): both servers open the same --db file, which the
# store's test seam (src/store/sql.c) maps to one database of the test server.
MAPO=$1
if [ -z "${MAPO_TEST_PG:-}" ]; then
	echo "MAPO_TEST_PG is not set: run through tests/pg/run.sh"
	exit 77
fi
for tool in curl jq; do
	command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed"; exit 77; }
done
. "$(dirname "$0")/../http/lib.sh"
FIXTURES=$(cd "$(dirname "$0")/../fixtures" && pwd)

PIDS=()
stop_all() {
	for pid in "${PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	rm -rf "$WORK"
}
trap stop_all EXIT

# serve NAME: starts a server on a free loopback port; sets BASE_NAME and PID_NAME.
serve() {
	local name=$1 out=$WORK/$1.out
	"$MAPO" --db "$DB" serve --listen 127.0.0.1:0 --threads 4 >"$out" 2>"$WORK/$name.err" &
	local pid=$!
	PIDS+=("$pid")
	for _ in $(seq 1 150); do
		if grep -q 'listening on' "$out"; then
			printf -v "BASE_$name" '%s' "$(sed -n 's/^mapo: listening on \(http:[^ ]*\)$/\1/p' "$out")"
			printf -v "PID_$name" '%s' "$pid"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	cat "$WORK/$name.err" >&2
	echo "server $name did not start" >&2
	exit 1
}

# stop NAME: SIGTERM; the exit status must be 0.
stop() {
	local pid_var=PID_$1
	local pid=${!pid_var}
	kill -TERM "$pid"
	wait "$pid"
	local rc=$?
	check "server $1 exit status after SIGTERM" 0 "$rc"
	[ "$rc" -eq 0 ] || tail -20 "$WORK/$1.err" >&2
}

# call BASE METHOD PATH [curl args]: the status; the body in $WORK/body.
call() {
	local base=$1 m=$2 p=$3
	shift 3
	curl -s -X "$m" -o "$WORK/body" -w '%{http_code}' --max-time 60 "$@" "$base$p"
}

"$MAPO" --db "$DB" init >/dev/null || { echo "init failed" >&2; exit 1; }
"$MAPO" --db "$DB" import "$FIXTURES/cases.csv" "$FIXTURES/persons.csv" >/dev/null 2>"$WORK/import.err" ||
	{ cat "$WORK/import.err" >&2; echo "import failed" >&2; exit 1; }
add_user admin --role admin
add_user pdrm --role agency-officer --agency PDRM

serve A
serve B
check "two servers on two ports" 1 "$([ "$BASE_A" != "$BASE_B" ] && echo 1)"

# --- sessions live in the database: a token made on A is good on B, and the reverse
check "sign in on A" 201 "$(call "$BASE_A" POST /api/v1/sessions -H "$JSON" -d '{"username":"admin","password":"admin-pass-1"}')"
TA=$(jq -r .token "$WORK/body")
check "sign in on B" 201 "$(call "$BASE_B" POST /api/v1/sessions -H "$JSON" -d '{"username":"pdrm","password":"pdrm-pass-1"}')"
TB=$(jq -r .token "$WORK/body")
check "A's token on B" admin "$(call "$BASE_B" GET /api/v1/me -H "$(auth "$TA")" >/dev/null; jq -r .username "$WORK/body")"
check "B's token on A" pdrm "$(call "$BASE_A" GET /api/v1/me -H "$(auth "$TB")" >/dev/null; jq -r .username "$WORK/body")"
check "signing out on A ends the session on B" 204 "$(call "$BASE_A" DELETE /api/v1/sessions -H "$(auth "$TA")")"
check "the ended session on B" 401 "$(call "$BASE_B" GET /api/v1/me -H "$(auth "$TA")")"
check "sign in on A again" 201 "$(call "$BASE_A" POST /api/v1/sessions -H "$JSON" -d '{"username":"admin","password":"admin-pass-1"}')"
TA=$(jq -r .token "$WORK/body")

# --- a case made on A is at once on B; a stale edit on B after an edit on A is refused
check "create on A" 201 "$(call "$BASE_A" POST /api/v1/cases -H "$(auth "$TA")" -H "$JSON" \
	-d '{"kind":"TIP","agency":"PDRM","action_date":"2021-07-01","state":"MY-10","offences":["12"],"forms":["sexual"],"summary":"made on A"}')"
NEW=$(jq -r .case_ref "$WORK/body")
check "read on B" "made on A" "$(call "$BASE_B" GET "/api/v1/cases/$NEW" -H "$(auth "$TB")" >/dev/null; jq -r .summary "$WORK/body")"
check "edit on A" 200 "$(call "$BASE_A" PUT "/api/v1/cases/$NEW" -H "$(auth "$TA")" -H "$JSON" -d '{"version":1,"summary":"edited on A"}')"
check "the same version on B" 409 "$(call "$BASE_B" PUT "/api/v1/cases/$NEW" -H "$(auth "$TB")" -H "$JSON" -d '{"version":1,"summary":"lost"}')"
check "409 code" conflict "$(jq -r .error.code "$WORK/body")"
check "B sees A's edit" "edited on A|2" "$(call "$BASE_B" GET "/api/v1/cases/$NEW" -H "$(auth "$TB")" >/dev/null; jq -r '.summary + "|" + (.version | tostring)' "$WORK/body")"

# --- races: every round sends EDITS edits per case at once, alternating between the servers,
# all made on the version the case is at; the cases are edited in the same rounds.
CASES=("PDRM/2021/000002" "$NEW" "JIM/2021/000001")
ROUNDS=4
EDITS=8
STATUSES=(investigation charged convicted acquitted closed)
declare -A version wins last_summary last_status
for ref in "${CASES[@]}"; do
	call "$BASE_A" GET "/api/v1/cases/$ref" -H "$(auth "$TA")" >/dev/null
	version[$ref]=$(jq -r .version "$WORK/body")
	wins[$ref]=0
	check "$ref readable" 1 "$([ "${version[$ref]}" -ge 1 ] 2>/dev/null && echo 1)"
done
start_versions=$(for ref in "${CASES[@]}"; do printf '%s ' "${version[$ref]}"; done)

for round in $(seq 1 $ROUNDS); do
	pids=()
	k=0
	for ref in "${CASES[@]}"; do
		for i in $(seq 1 $EDITS); do
			k=$((k + 1))
			if [ $((i % 2)) -eq 1 ]; then base=$BASE_A tok=$TA side=A; else base=$BASE_B tok=$TA side=B; fi
			status=${STATUSES[$(((round + i) % 5))]}
			# PDRM's officer edits PDRM's cases through B as well: two accounts, two servers
			[ "${ref%%/*}" = PDRM ] && [ "$side" = B ] && tok=$TB
			body="{\"version\":${version[$ref]},\"summary\":\"round $round edit $i via $side\",\"status\":\"$status\"}"
			curl -s -X PUT -o "$WORK/race.$k.body" -w '%{http_code}' --max-time 60 \
				-H "$(auth "$tok")" -H "$JSON" -d "$body" "$base/api/v1/cases/$ref" >"$WORK/race.$k.code" &
			pids+=($!)
			echo "$ref|$i|$side|$status" >"$WORK/race.$k.what"
		done
	done
	wait "${pids[@]}"
	for ref in "${CASES[@]}"; do
		won=0 lost=0 other=""
		for j in $(seq 1 "$k"); do
			IFS='|' read -r r i side status <"$WORK/race.$j.what"
			[ "$r" = "$ref" ] || continue
			code=$(cat "$WORK/race.$j.code")
			case $code in
			200)
				won=$((won + 1))
				check "round $round $ref: the winner's version" $((version[$ref] + 1)) "$(jq -r .version "$WORK/race.$j.body")"
				check "round $round $ref: the winner's change" "round $round edit $i via $side" "$(jq -r .summary "$WORK/race.$j.body")"
				last_summary[$ref]="round $round edit $i via $side"
				last_status[$ref]=$status
				;;
			409)
				lost=$((lost + 1))
				check "round $round $ref: the loser's error" conflict "$(jq -r .error.code "$WORK/race.$j.body")"
				;;
			*) other="$other $code" ;;
			esac
		done
		check "round $round $ref: one edit wins" 1 "$won"
		check "round $round $ref: the others get 409" $((EDITS - 1)) "$lost"
		check "round $round $ref: no other answers" "" "$other"
		wins[$ref]=$((wins[$ref] + won))
		version[$ref]=$((version[$ref] + won))
	done
done

i=0
for ref in "${CASES[@]}"; do
	start=$(echo "$start_versions" | cut -d' ' -f$((i + 1)))
	i=$((i + 1))
	for side in A B; do
		base_var=BASE_$side
		call "${!base_var}" GET "/api/v1/cases/$ref" -H "$(auth "$TA")" >/dev/null
		check "$ref on $side: the version counts the wins" $((start + wins[$ref])) "$(jq -r .version "$WORK/body")"
		check "$ref on $side: the last winner's change is there" "${last_summary[$ref]}|${last_status[$ref]}" \
			"$(jq -r '.summary + "|" + .status' "$WORK/body")"
	done
	check "$ref: the command line agrees" "$((start + wins[$ref]))|${last_summary[$ref]}" \
		"$("$MAPO" --db "$DB" case show "$ref" --format json | jq -r '(.version | tostring) + "|" + .summary')"
done

# --- statistics: both servers answer the same bytes as the command line
stats_same() { # QUERY CLI-ARGS...
	local q=$1
	shift
	check "stats on A: $q" 200 "$(call "$BASE_A" GET "/api/v1/stats?$q" -H "$(auth "$TA")")"
	cp "$WORK/body" "$WORK/stats.A"
	check "stats on B: $q" 200 "$(call "$BASE_B" GET "/api/v1/stats?$q" -H "$(auth "$TA")")"
	cp "$WORK/body" "$WORK/stats.B"
	"$MAPO" --db "$DB" --lang en stats "$@" --format json >"$WORK/stats.cli"
	if cmp -s "$WORK/stats.A" "$WORK/stats.B"; then ok; else fail "stats $q: A and B differ"; fi
	if cmp -s "$WORK/stats.A" "$WORK/stats.cli"; then ok; else fail "stats $q: the servers differ from mapo stats $*"; fi
}
stats_same 'from=2015-01-01&to=2021-12-31&by=status&lang=en' --from 2015-01-01 --to 2021-12-31 --by status
stats_same 'from=2015-01-01&to=2021-12-31&by=agency&by=kind&lang=en' --from 2015-01-01 --to 2021-12-31 --by agency --by kind
stats_same 'from=2021-01-01&to=2021-12-31&lang=en' --from 2021-01-01 --to 2021-12-31
# the statuses the races left are what the statistics count
call "$BASE_B" GET '/api/v1/stats?from=2015-01-01&to=2021-12-31&by=status&lang=en' -H "$(auth "$TA")" >/dev/null
expect=$("$MAPO" --db "$DB" case list --from 2015-01-01 --to 2021-12-31 --format json |
	jq -r '[.[] | select(.kind == "TIP")] | group_by(.status) | map(.[0].status + "=" + (length | tostring)) | join(",")')
check "TIP cases by status after the races" "$expect" \
	"$(jq -r '[.rows[] | select(.tip_cases > 0) | .status + "=" + (.tip_cases | tostring)] | join(",")' "$WORK/body")"

stop A
stop B
PIDS=()
finish
