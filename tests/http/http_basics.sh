#!/bin/bash
# The server as a process: statuses, security headers, static files and their caching,
# keep-alive, malformed requests (the server keeps answering), body and header caps, JSON errors,
# the OpenAPI document, the access log, and a clean stop on SIGTERM.
MAPO=$1
. "$(dirname "$0")/lib.sh"

setup_db
start_server

# --- statuses and headers
check "GET / redirects anonymous visitors" 303 "$(req GET /)"
contains "redirect target" "Location: /public" "$WORK/headers"
check "public page" 200 "$(req GET /public)"
contains "CSP" "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self';" "$WORK/headers"
contains "CSP frame-ancestors" "frame-ancestors 'none'" "$WORK/headers"
lacks "no unsafe-inline" "unsafe-inline" "$WORK/headers"
contains "nosniff" "X-Content-Type-Options: nosniff" "$WORK/headers"
contains "referrer policy" "Referrer-Policy: same-origin" "$WORK/headers"
contains "html type" "Content-Type: text/html; charset=utf-8" "$WORK/headers"
contains "statement on the public page" "As of June 2021, action was taken on 58 trafficking in persons cases involving 131 arrests." "$WORK/body"
lacks "no inline style" "style=" "$WORK/body"
lacks "no inline script" "<script" "$WORK/body"
contains "chart" "<svg viewBox=" "$WORK/body"

css=$(sed -n 's/.*href="\(\/static\/app.css?v=[0-9a-f]*\)".*/\1/p' "$WORK/body" | head -n 1)
check "stylesheet" 200 "$(req GET "$css")"
contains "css type" "Content-Type: text/css" "$WORK/headers"
contains "long cache" "Cache-Control: public, max-age=31536000, immutable" "$WORK/headers"
check "unknown static file" 404 "$(req GET /static/nope.css)"
check "sign-in form" 200 "$(req GET /sign-in)"
contains "labelled username" '<label for="f-username">' "$WORK/body"
contains "labelled password" '<label for="f-password">' "$WORK/body"
contains "pages are not cached" "Cache-Control: no-store" "$WORK/headers"

# --- unknown routes and methods
check "unknown page" 404 "$(req GET /nope)"
contains "html error page" "<h1>Not found</h1>" "$WORK/body"
check "unknown API route" 404 "$(req GET /api/v1/nope)"
check "JSON error code" no_route "$(jq -r .error.code "$WORK/body")"
contains "JSON errors" "Content-Type: application/json" "$WORK/headers"
check "wrong method" 405 "$(req PATCH /api/v1/cases)"
contains "Allow header" "Allow: GET, POST" "$WORK/headers"
check "API needs sign-in" 401 "$(req GET /api/v1/cases)"
check "401 code" unauthorized "$(jq -r .error.code "$WORK/body")"
contains "WWW-Authenticate" "WWW-Authenticate: Bearer" "$WORK/headers"
check "a bad token" 401 "$(req GET /api/v1/cases -H 'Authorization: Bearer nope')"
check "pages need sign-in" 303 "$(req GET '/cases?kind=TIP')"
contains "back after sign-in" "Location: /sign-in?next=/cases%3Fkind%3DTIP" "$WORK/headers"
check "dot segments refused" 404 "$(req GET /static/../static/app.css --path-as-is)"
check "bad escape in a path" 404 "$(req GET /cases/%zz)"
check "bad escape in a query" 400 "$(req GET '/public?x=%zz')"
check "not UTF-8 in a query" 400 "$(req GET '/public?x=%ff')"

# --- keep-alive: two requests, one connection
curl -sv -o /dev/null -o /dev/null "$BASE/public" "$BASE/api/v1/openapi.json" 2>"$WORK/keepalive" >/dev/null
contains "second request reuses the connection" "Re-using existing connection" "$WORK/keepalive"
check "one connection for both" 1 "$(grep -c 'Connected to' "$WORK/keepalive")"
# and with a request body on the first one
curl -sv -o /dev/null -o /dev/null -H 'Content-Type: application/json' -d '{"username":"x","password":"y"}' \
	"$BASE/api/v1/sessions" --next -s -o /dev/null "$BASE/public" 2>"$WORK/keepalive2" >/dev/null
contains "keep-alive after a POST body" "Re-using existing connection" "$WORK/keepalive2"

# --- body caps
head -c 1100000 /dev/zero | tr '\0' 'a' >"$WORK/big"
check "JSON body over 1 MiB" 413 "$(req POST /api/v1/sessions -H 'Content-Type: application/json' --data-binary @"$WORK/big")"
check "413 is JSON on the API" too_big "$(jq -r .error.code "$WORK/body")"
check "form body over 1 MiB" 413 "$(req POST /sign-in -H 'Content-Type: application/x-www-form-urlencoded' --data-binary @"$WORK/big")"
check "chunked body over 1 MiB" 413 "$(req POST /api/v1/sessions -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' --data-binary @"$WORK/big")"
check "still answering after 413s" 200 "$(req GET /public)"
check "bad JSON" 400 "$(req POST /api/v1/sessions -H 'Content-Type: application/json' -d '{"username":')"
check "JSON without the members" 400 "$(req POST /api/v1/sessions -H 'Content-Type: application/json' -d '[1,2]')"
check "duplicate JSON members" 400 "$(req POST /api/v1/sessions -H 'Content-Type: application/json' -d '{"username":"a","username":"b","password":"x"}')"
# a header far over the connection's memory limit
long=$(head -c 70000 /dev/zero | tr '\0' 'b')
s=$(req GET /public -H "X-Long: $long")
case "$s" in 4*) ok ;; *) fail "huge header: expected a 4xx, got $s" ;; esac
# too many query parameters
q=$(for i in $(seq 1 300); do printf 'k%d=v&' "$i"; done)
check "too many parameters" 400 "$(req GET "/public?$q")"

# --- malformed requests on raw sockets; the server must keep answering
raw() {
	exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
	printf '%b' "$1" >&3
	timeout 5 cat <&3 >"$WORK/raw" 2>/dev/null
	exec 3<&- 3>&-
}
raw 'GARBAGE\r\n\r\n'
raw 'GET /public HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'
raw 'POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nContent-Type: application/json\r\n\r\n{"user'
raw 'GET /\x01\x02 HTTP/1.1\r\nHost: x\r\n\r\n'
raw 'GET /public HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'
raw 'GET /public HTTP/9.9\r\n\r\n'
raw 'GET /public HTTP/1.1\r\nHost: x\r\nCookie: mapo_session=\xff\xfe\r\n\r\n'
head -c 3000 /dev/urandom >"$WORK/noise"
exec 3<>"/dev/tcp/127.0.0.1/$PORT" && cat "$WORK/noise" >&3 2>/dev/null; exec 3<&- 3>&-
check "still answering after malformed requests" 200 "$(req GET /public)"
check "half-sent requests do not block others" 200 "$(req GET /api/v1/openapi.json)"

# --- the OpenAPI document: every documented path answers (no "no such route")
check "openapi" 200 "$(req GET /api/v1/openapi.json)"
cp "$WORK/body" "$WORK/openapi.json"
check "openapi version" 3.0.3 "$(jq -r .openapi "$WORK/openapi.json")"
tok=$(token admin)
jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | select(. != "parameters") | "\(.) \($p)"' "$WORK/openapi.json" >"$WORK/ops"
# (the count of routes against the document is the unit test's; here: at least the case API's)
nops=$(wc -l <"$WORK/ops" | tr -d ' ')
[ "$nops" -ge 13 ] && ok || fail "documented operations: $nops"
while read -r m p; do
	path=${p//\{ref\}/PDRM%2F2021%2F000001}
	M=$(echo "$m" | tr a-z A-Z)
	# DELETE /sessions would end the token used for the rest: ask with another one
	t=$tok
	[ "$M $p" = "DELETE /api/v1/sessions" ] && t=$(token admin)
	req "$M" "$path" -H "Authorization: Bearer $t" -H 'Content-Type: application/json' -d '{}' >/dev/null
	if [ "$(jq -r '.error.code // empty' "$WORK/body" 2>/dev/null)" = no_route ]; then
		fail "documented $M $p is not a route"
	else
		ok
	fi
done <"$WORK/ops"

# --- the access log: one line per request, no query strings
check "access log line" 1 "$(grep -c ' GET /api/v1/openapi.json 200 ' "$WORK/server.err" | awk '{print ($1 >= 1)}')"
lacks "no query strings in the log" "kind=TIP" "$WORK/server.err"
if grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z 127\.0\.0\.1 GET /public 200 [0-9]+ [0-9.]+ms$' "$WORK/server.err" >/dev/null; then ok; else fail "access log format"; fi

# --- SIGTERM while a request is in flight: it still completes
# (a body sent slowly: about three seconds at 2 KB/s)
printf '{"username":"nobody","password":"wrong-one","pad":"%s"}' "$(head -c 6000 /dev/zero | tr '\0' p)" >"$WORK/slow.json"
curl -s -o "$WORK/inflight" -w '%{http_code}' --limit-rate 2k -H 'Content-Type: application/json' \
	--data-binary @"$WORK/slow.json" "$BASE/api/v1/sessions" >"$WORK/inflight.status" &
cpid=$!
sleep 1
stop_server
wait $cpid
check "request in flight at SIGTERM completes" 401 "$(cat "$WORK/inflight.status")"
contains "shutdown message" "stopping" "$WORK/server.err"
finish
