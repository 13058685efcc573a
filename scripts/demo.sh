#!/usr/bin/env bash
# First command of the README: set up, load the demo data into ./calmdesk-demo and serve the desk.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export CALMDESK_DATA_DIR=${CALMDESK_DATA_DIR:-$PWD/calmdesk-demo}
exec .venv/bin/calmdesk demo "$@"
