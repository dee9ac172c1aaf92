#!/usr/bin/env bash
# Run the whole suite on SQLite, then the database tests again on a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
.venv/bin/ruff check .
.venv/bin/mypy
status=0
$PY -m pytest -q -p no:cacheprovider || status=$?
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  read -r pgdir url < <(bash .ci/postgres.sh)
  trap 'bash .ci/postgres.sh stop "$pgdir"' EXIT
  echo "== database tests again on PostgreSQL ($url)"
  TEST_DATABASE_URL="$url" $PY -m pytest -q -p no:cacheprovider -m db || status=$?
elif [ "${CI:-}" = "true" ]; then
  echo "CI: PostgreSQL is missing; the database tests must run on it" >&2; status=1
else
  echo "WARNING: PostgreSQL not installed; database tests ran on SQLite only" >&2
fi
exit $status
