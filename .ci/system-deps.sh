#!/usr/bin/env bash
# Debian packages the tests use. Under CI=true anything missing is installed, and a failed
# install fails the run; elsewhere we install only when we can (root with apt) and say so.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v chromedriver >/dev/null || need+=(chromium-driver)
command -v bwrap >/dev/null || need+=(bubblewrap)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v redis-server >/dev/null || need+=(redis-server)
[ -f /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || need+=(fonts-liberation)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
elif [ "${CI:-}" = "true" ]; then
  echo "CI: missing ${need[*]} and cannot install them (not root or no apt-get)" >&2
  exit 1
else
  echo "WARNING: missing ${need[*]}; tests that need them will fail. Install them with apt." >&2
fi
