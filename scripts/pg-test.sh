#!/bin/sh
# pg-test.sh start DIR | stop DIR: a throwaway PostgreSQL cluster for the test suites (tests/pg).
# start: initdb into DIR/data (as the postgres user when run as root: initdb refuses root), on a
# free loopback port, fsync off; prints the base URL (postgresql://USER@127.0.0.1:PORT) on
# stdout, or nothing with exit status 77 when no PostgreSQL server is installed.
# stop: stops it and removes DIR.
set -eu
cmd=$1
dir=$2
bin=
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && bin=$d
done
if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1; then
	bin=$(dirname "$(command -v initdb)")
fi

as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

case $cmd in
start)
	[ -n "$bin" ] || exit 77
	mkdir -p "$dir"
	user=$(id -un)
	if [ "$(id -u)" -eq 0 ]; then
		chown postgres "$dir"
		user=postgres
	fi
	as_owner "$bin/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 \
		>"$dir/initdb.log" 2>&1
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null
	echo "postgresql://$user@127.0.0.1:$port"
	;;
stop)
	if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: pg-test.sh start|stop DIR" >&2
	exit 2
	;;
esac
