#!/usr/bin/env bash
# `make serve`: a Prefect server (UI on 127.0.0.1:4200, SQLite under .factledger/prefect),
# the scheduled deployments and the review web app, all on 127.0.0.1. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${PREFECT_PORT:-4200}
REVIEW_PORT=${REVIEW_PORT:-8000}
export PREFECT_HOME=${PREFECT_HOME:-$PWD/.factledger/prefect}
export PREFECT_API_URL=${PREFECT_API_URL:-http://127.0.0.1:$PORT/api}
# Runs link their Data Docs and conflicts to the review app started below, on its port.
export FACTLEDGER_REVIEW_URL=${FACTLEDGER_REVIEW_URL:-http://127.0.0.1:$REVIEW_PORT}
export PREFECT_SERVER_ANALYTICS_ENABLED=false PREFECT_SERVER_LOGGING_LEVEL=${PREFECT_SERVER_LOGGING_LEVEL:-WARNING}
# Runs log each stage at INFO, so their pages in the UI show what they did (make's default is quieter).
export PREFECT_LOGGING_LEVEL=${SERVE_LOGGING_LEVEL:-INFO}
mkdir -p "$PREFECT_HOME"

pids=()
stop() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait; }
trap stop EXIT INT TERM

"$BIN/prefect" server start --host 127.0.0.1 --port "$PORT" > "$PREFECT_HOME/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do
  "$BIN/python" -c "import urllib.request as u; u.urlopen('$PREFECT_API_URL/health', timeout=2)" 2>/dev/null && break
  sleep 0.5
done
echo "Prefect UI:  http://127.0.0.1:$PORT  (API: $PREFECT_API_URL)"

if "$BIN/factledger" serve --help > /dev/null 2>&1; then
  "$BIN/factledger" serve --host 127.0.0.1 --port "$REVIEW_PORT" &
  pids+=($!)
  echo "review app:  http://127.0.0.1:$REVIEW_PORT"
fi

"$BIN/python" deployments/serve.py "$@" &
pids+=($!)
wait -n
