#!/usr/bin/env bash
# `make bench`: every benchmark, results written into bench/RESULTS.md (about 30 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
missing=""
for tool in wrk redis-server; do command -v "$tool" >/dev/null || missing="$missing $tool"; done
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
if [ -n "$missing" ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
fi
# Charts only: matplotlib goes into bench/out/pylib, never into the app's environment.
$PY -c "import sys; sys.path.append('bench/out/pylib'); import matplotlib" 2>/dev/null ||
  $PY -m pip install -q --target bench/out/pylib matplotlib
$PY bench/startup_bench.py --runs 7
$PY bench/sandbox_bench.py --runs 40 --answers 80
$PY bench/micro_bench.py
# SQLite, 2 workers: every page at 1x data, then 10x data for the growth ratios.
$PY bench/http_bench.py --scales 1,10 --workers 2 --section "HTTP, SQLite, 2 workers"
# The scale setup's pages: PostgreSQL on loopback, 4 workers, 1x data.
read -r pgdir pgurl < <(bash .ci/postgres.sh)
trap 'bash .ci/postgres.sh stop "$pgdir"' EXIT
$PY bench/http_bench.py --scales 1 --workers 4 --database-url "$pgurl" \
  --section "HTTP, PostgreSQL, 4 workers"
# Nothing lost: PostgreSQL + Redis + 4 workers, LLM failing 30%, workers killed mid-run.
$PY bench/load_test.py --users 50 --seconds 60 --workers 4
# Time to score: 200 candidates, an answer every 30 s for 2 minutes, a 2 s judge failing 10%,
# on PostgreSQL + Redis and on SQLite, LLM judge and offline scorer; draws the chart.
$PY bench/score_bench.py --users 200 --period 30 --seconds 120 --llm-concurrency 48
