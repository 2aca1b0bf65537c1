#!/bin/bash
# The role matrix (roles_matrix.tsv): every route of the route table against every role, one
# expected status per cell. Fails when a route of src/web/routes.c or static/openapi.json has no
# line in the table, so a new route cannot slip past. Writes are sent only to the roles that must
# be refused (and the anonymous visitor), never to the roles allowed to make them.
MAPO=$1
HERE=$(dirname "$0")
TSV=$HERE/roles_matrix.tsv
ROUTES_C=$HERE/../../src/web/routes.c
OPENAPI=$HERE/../../src/web/static/openapi.json
. "$HERE/lib.sh"

ROLES="anon admin secretariat pdrm jim prosecutor protection partner"

# --- coverage: every route (method and template, "{ref*}" read as "{ref}") has a line
norm() { sed 's/{ref\*}/{ref}/g'; }
grep -v '^#' "$TSV" | awk -F'\t' 'NF { print $1 " " $2 }' | norm | sort -u >"$WORK/covered"
sed -n 's/^[[:space:]]*{"\([A-Z]*\)", "\([^"]*\)",.*/\1 \2/p' "$ROUTES_C" | norm | sort -u >"$WORK/table"
jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | select(. != "parameters") | "\(ascii_upcase) \($p)"' \
	"$OPENAPI" | norm | sort -u >"$WORK/openapi"
check "routes.c parsed" 1 "$([ "$(wc -l <"$WORK/table")" -gt 50 ] && echo 1)"
for src in table openapi; do
	missing=$(comm -23 "$WORK/$src" "$WORK/covered")
	if [ -n "$missing" ]; then fail "routes of $src with no line in roles_matrix.tsv: $(echo $missing)"; else ok; fi
done
stale=$(comm -13 "$WORK/table" "$WORK/covered")
if [ -n "$stale" ]; then fail "lines in roles_matrix.tsv for routes not in routes.c: $(echo $stale)"; else ok; fi
# every line has a cell per role
bad=$(grep -v '^#' "$TSV" | awk -F'\t' 'NF && NF != 11 && NF != 12 { print NR ": " $0 }')
check "every line has eleven or twelve columns" "" "$bad"

setup_db
# the key file for personal data comes with init (demo databases need it once)
"$MAPO" --db "$DB" init >/dev/null 2>"$WORK/init.err" || { cat "$WORK/init.err" >&2; exit 1; }
start_server
for r in $ROLES; do
	[ "$r" = anon ] && continue
	sign_in "$r"
	eval "TOK_$r=\$(token $r)"
done

# The two cases of the table, made through the API (as in http_roles.sh).
s=$(req POST /api/v1/cases -H "Authorization: Bearer $TOK_pdrm" -H "$JSON" \
	-d '{"kind":"TIP","agency":"PDRM","action_date":"2021-07-02","state":"MY-01","offences":["12"],"forms":["sexual"],"summary":"matrix one"}')
check "C1 created" 201 "$s"
C1=$(jq -r .case_ref "$WORK/body")
s=$(req POST "/api/v1/cases/${C1//\//%2F}/persons" -H "Authorization: Bearer $TOK_pdrm" -H "$JSON" \
	-d '{"person_ref":"RM-V1","role":"victim","sex":"F","age":19,"nationality":"MMR","trafficking_status":"possible"}')
check "C1 victim added" 200 "$s"
"$MAPO" --db "$DB" victim identity set RM-V1 --name "Matrix Demo Sintetik" >/dev/null 2>"$WORK/id.err" ||
	fail "identity of RM-V1: $(cat "$WORK/id.err")"
s=$(req POST /api/v1/cases -H "Authorization: Bearer $TOK_jim" -H "$JSON" \
	-d '{"kind":"SOM","agency":"JIM","action_date":"2021-07-03","state":"MY-12","offences":["26A"],"status":"charged","summary":"matrix two"}')
check "C2 created" 201 "$s"
C2=$(jq -r .case_ref "$WORK/body")

cells=0
# cell METHOD PATH ROLE EXPECTED [BODY]: one request, its status checked against EXPECTED (A/B: either)
cell() {
	m=$1 p=$2 r=$3 want=$4 body=${5:-}
	args=()
	if [ "$r" != anon ]; then
		case $p in
		/api/*) t=TOK_$r; args=(-H "Authorization: Bearer ${!t}") ;;
		*) args=(-b "$WORK/$r.jar") ;;
		esac
	fi
	if [ "$m" != GET ]; then
		case $p in
		/api/*) args+=(-H "$JSON" -d "${body:-{\}}") ;;
		*) args+=(-H "Origin: $BASE" -d "csrf=$( [ "$r" = anon ] || csrf_of "$r")${body:+&$body}") ;;
		esac
	fi
	got=$(req "$m" "$p" "${args[@]}")
	cells=$((cells + 1))
	case "/$want/" in
	*"/$got/"*) ok ;;
	*) fail "$m $p as $r: expected $want, got $got" ;;
	esac
	# a record out of reach must not leak
	[ "$want" = 404 ] && lacks "$m $p: the 404 for $r leaks nothing" "matrix one" "$WORK/body"
}

while IFS=$'\t' read -r m route path c_anon c_admin c_secr c_pdrm c_jim c_pros c_prot c_partner body; do
	case $m in '' | '#'*) continue ;; esac
	path=${path//@C1@/$C1}
	path=${path//@C2@/$C2}
	path=${path//@C1E@/${C1//\//%2F}}
	path=${path//@C2E@/${C2//\//%2F}}
	set -- $c_anon $c_admin $c_secr $c_pdrm $c_jim $c_pros $c_prot $c_partner
	for r in $ROLES; do
		want=$1
		shift
		[ "$want" = - ] && continue
		cell "$m" "$path" "$r" "$want" "$body"
	done
done <"$TSV"
echo "$(grep -v '^#' "$TSV" | awk -F'\t' 'NF' | wc -l) lines, $(sort -u "$WORK/table" | wc -l) routes, $cells cells asked"

# Nothing was written by a refused request: the cases are as they were.
req GET "/api/v1/cases/${C1//\//%2F}" -H "Authorization: Bearer $TOK_admin" >/dev/null
check "C1 unchanged" "matrix one" "$(jq -r .summary "$WORK/body")"
stop_server
finish
