#!/bin/bash
# bench/http.sh [BUILDDIR] [SECONDS]: throughput and tail latency of `mapo serve` beside nginx
# serving the same JSON bytes as a static file, in the same run, with wrk at 64 connections.
# Not part of `make check`. Needs wrk and nginx (Debian: wrk, nginx-light; installed when
# missing and run as root). Everything listens on 127.0.0.1 only and stops by itself.
#
# Measured: GET /api/v1/stats (a year of figures by agency, Bearer token), GET /cases (the case
# list page, session cookie), and nginx's GET /stats.json (the stats answer saved as a file).
set -eu
build=${1:-build}
secs=${2:-15}
conns=64
threads=2
here=$(cd "$(dirname "$0")/.." && pwd)
mapo=$here/$build/src/cli/mapo
[ -d "$build" ] && mapo=$(cd "$build" && pwd)/src/cli/mapo

need=""
command -v wrk >/dev/null 2>&1 || need="$need wrk"
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need="$need nginx-light"
if [ -n "$need" ]; then
	[ "$(id -u)" -eq 0 ] || { echo "bench/http.sh: install$need first" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$mapo" ]; then
	echo "building mapo (release) in $build..." >&2
	[ -f "$here/$build/build.ninja" ] || meson setup "$here/$build" "$here" --buildtype=release >/dev/null
	ninja -C "$here/$build" >/dev/null
	mapo=$here/$build/src/cli/mapo
fi
export MAPO_LOCALEDIR=${MAPO_LOCALEDIR:-$(dirname "$(dirname "$(dirname "$mapo")")")/locale}
export MAPO_DATADIR=${MAPO_DATADIR:-$here/data}

work=$(mktemp -d)
mapo_pid= nginx_pid=
cleanup() {
	[ -n "$mapo_pid" ] && kill -TERM "$mapo_pid" 2>/dev/null && wait "$mapo_pid" 2>/dev/null
	[ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null
	sleep 0.2
	rm -rf "$work"
}
trap cleanup EXIT

db=$work/bench.db
echo "demo database..." >&2
"$mapo" --db "$db" demo >/dev/null
echo 'bench-pass-1' | "$mapo" --db "$db" user add bench --role admin --lang en >/dev/null

"$mapo" --db "$db" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
mapo_pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/serve.out" && break; sleep 0.1; done
base=$(sed -n 's/^mapo: listening on //p' "$work/serve.out")
[ -n "$base" ] || { cat "$work/serve.err" >&2; exit 1; }

token=$(curl -s -H 'Content-Type: application/json' -d '{"username":"bench","password":"bench-pass-1"}' \
	"$base/api/v1/sessions" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
cookie=$(curl -s -D - -o /dev/null -d 'username=bench&password=bench-pass-1' "$base/sign-in" |
	sed -n 's/^Set-Cookie: \(mapo_session=[^;]*\);.*/\1/p' | tr -d '\r')
stats_path='/api/v1/stats?from=2020-01-01&to=2020-12-31&by=agency&lang=en'

mkdir -p "$work/www"
chmod 755 "$work" "$work/www" # nginx's workers run as an unprivileged user
curl -s -H "Authorization: Bearer $token" "$base$stats_path" >"$work/www/stats.json"
chmod 644 "$work/www/stats.json"
[ -s "$work/www/stats.json" ] || { echo "no stats answer" >&2; exit 1; }

# nginx on a free port, in the foreground of its own process, logs in the temp dir
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18765)
cat >"$work/nginx.conf" <<EOF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx.err;
daemon off;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $work/tmp;
	proxy_temp_path $work/tmp;
	fastcgi_temp_path $work/tmp;
	uwsgi_temp_path $work/tmp;
	scgi_temp_path $work/tmp;
	default_type application/json;
	server {
		listen 127.0.0.1:$port;
		root $work/www;
	}
}
EOF
mkdir -p "$work/tmp"
"$nginx_bin" -c "$work/nginx.conf" -p "$work" 2>"$work/nginx.start" &
nginx_pid=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/stats.json" && break; sleep 0.1; done
cmp -s "$work/www/stats.json" <(curl -s "http://127.0.0.1:$port/stats.json") || { echo "nginx does not serve the file" >&2; exit 1; }

run() { # NAME URL [HEADER]
	name=$1 url=$2
	shift 2
	wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@" "$url" >"$work/$name.wrk"
	rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/$name.wrk")
	p99=$(awk '$1 == "99%" {print $2}' "$work/$name.wrk")
	errs=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$work/$name.wrk")
	echo "$name $rps $p99 ${errs:-0}"
}

echo "wrk: $threads threads, $conns connections, ${secs}s each; $(nproc) cores" >&2
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
r1=$(run mapo-stats "$base$stats_path" -H "Authorization: Bearer $token")
r2=$(run mapo-cases "$base/cases" -H "Cookie: $cookie")
r3=$(run nginx-stats "http://127.0.0.1:$port/stats.json")

printf '\n%-34s %12s %10s %8s\n' "target" "requests/s" "p99" "non-2xx"
for r in "$r1" "$r2" "$r3"; do
	set -- $r
	case $1 in
	mapo-stats) label="mapo GET /api/v1/stats" ;;
	mapo-cases) label="mapo GET /cases (page)" ;;
	nginx-stats) label="nginx GET /stats.json (same bytes)" ;;
	esac
	printf '%-34s %12s %10s %8s\n' "$label" "$2" "$3" "$4"
done
n=$(echo "$r3" | cut -d' ' -f2)
s=$(echo "$r1" | cut -d' ' -f2)
c=$(echo "$r2" | cut -d' ' -f2)
echo
awk -v s="$s" -v c="$c" -v n="$n" 'BEGIN {
	printf "ratio to nginx: stats %.3f, case list %.3f\n", s / n, c / n }'
echo "stats answer: $(wc -c <"$work/www/stats.json") bytes; mapo binary: $mapo"
echo "machine: $(nproc) cores, load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
