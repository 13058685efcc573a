#!/usr/bin/env bash
# Second command of the README: set up and run every check: ruff, mypy, and the whole test suite
# (unit tests, storage tests on SQLite and on the local PostgreSQL, connector tests against local
# fake servers, browser tests in Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# Debian packages some tests drive for real: chromium (browser tests) and pgbouncer (the pooler test).
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -x /usr/sbin/pgbouncer ] || missing="$missing pgbouncer"
if [ -n "$missing" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's$missing for the tests that drive them" >&2
  # shellcheck disable=SC2086
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null) \
    || echo "could not install$missing: the tests that need them will be skipped with that reason" >&2
fi
echo "== ruff"
.venv/bin/ruff check src tests bench
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
.venv/bin/pytest "$@"
