#!/usr/bin/env bash
# Measure /readyz and /healthz latency on one gunicorn worker with PostgreSQL, Redis (cache + broker) and
# local files, all on this machine. Creates and drops its own database.
#   scripts/ops-readyz-latency.sh [requests]      (default 200)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-200}"
DB="zc_readyz_$$"
PORT="${PORT:-18731}"
TMP="$(mktemp -d)"
export DJANGO_SETTINGS_MODULE=zhicheng.settings DEBUG=0 DB_CONN_MAX_AGE=60
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" REDIS_URL=redis://127.0.0.1:6379/10
export CELERY_BROKER_URL=redis://127.0.0.1:6379/10 ZHICHENG_VAR_DIR="$TMP" MEDIA_ROOT="$TMP/media"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" >/dev/null
cleanup() {
  [[ -n "${GPID:-}" ]] && kill "$GPID" 2>/dev/null && wait "$GPID" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
"$ROOT/.venv/bin/zhicheng" migrate --noinput >/dev/null
GUNICORN_WORKERS=1 "$ROOT/.venv/bin/gunicorn" --config "$ROOT/deploy/gunicorn.conf.py" --bind "127.0.0.1:$PORT" \
  2>"$TMP/gunicorn.log" &
GPID=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
for path in /healthz /readyz; do
  for _ in $(seq 1 "$N"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$PORT$path"
  done | python3 -c "
import sys
rows = [line.split() for line in sys.stdin]
codes = {c for c, _ in rows}
ms = sorted(float(t) * 1000 for _, t in rows)
pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]
print(f'$path: {len(ms)} requests, status {sorted(codes)}, p50 {pick(0.5):.1f} ms, p95 {pick(0.95):.1f} ms, max {ms[-1]:.1f} ms')
"
done
curl -s "http://127.0.0.1:$PORT/readyz"; echo
