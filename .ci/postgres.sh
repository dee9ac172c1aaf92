#!/usr/bin/env bash
# Start a throwaway PostgreSQL on loopback and print its URL. `stop DIR` stops it.
set -euo pipefail
if [ "${1:-}" = "stop" ]; then
  dir=$2; pg_ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl | tail -1)
  if [ "$(id -u)" = 0 ]; then su postgres -c "$pg_ctl -D $dir stop -m fast" >/dev/null
  else "$pg_ctl" -D "$dir" stop -m fast >/dev/null; fi
  rm -rf "$dir"; exit 0
fi
bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
port=${PGPORT_TEST:-54329}
dir=$(mktemp -d /tmp/interview-pg.XXXXXX)
run() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$dir"
run "$bin/initdb -D $dir -A trust -U postgres >/dev/null"
run "$bin/pg_ctl -D $dir -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off' -l $dir/log -w start >/dev/null"
"$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres interview_test 2>/dev/null || \
  psql -h 127.0.0.1 -p "$port" -U postgres -c "create database interview_test" >/dev/null
echo "$dir postgresql+psycopg://postgres@127.0.0.1:$port/interview_test"
