#!/usr/bin/env bash
# `make bench`: every benchmark, results written into bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
$PY bench/sandbox_bench.py --runs 40 --answers 80
