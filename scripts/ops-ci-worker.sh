#!/usr/bin/env bash
# Redis and a real Celery worker for CI's PostgreSQL pass (and for trying the production set-up locally).
#   scripts/ops-ci-worker.sh redis   start redis-server if it isn't answering
#   scripts/ops-ci-worker.sh start   the same, then a worker in the background
#   scripts/ops-ci-worker.sh stop    stop that worker (warm shutdown) and show the end of its log
# The worker reads the same environment as the tests: CELERY_BROKER_URL, REDIS_URL, DATABASE_URL (point it at
# the test database, test_<name>, so tasks see what transactional tests commit).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
PIDFILE="$ROOT/var/celery-ci.pid"
LOGFILE="$ROOT/var/celery-ci.log"
mkdir -p "$ROOT/var"

start_redis() {
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then return; fi
  if ! command -v redis-server >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
  fi
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
}

case "${1:-}" in
  redis)
    start_redis
    echo "ops: redis $(redis-cli -h 127.0.0.1 -p 6379 ping)"
    ;;
  start)
    start_redis
    echo "ops: redis $(redis-cli -h 127.0.0.1 -p 6379 ping)"
    : "${CELERY_BROKER_URL:?set CELERY_BROKER_URL}"
    cd "$ROOT"
    "$VENV/bin/celery" -A zhicheng worker --concurrency=2 --loglevel=INFO --hostname="ci@%h" \
      >"$LOGFILE" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 30); do
      grep -q "ready\." "$LOGFILE" 2>/dev/null && break
      kill -0 "$(cat "$PIDFILE")" 2>/dev/null || { cat "$LOGFILE"; echo "ops: celery worker died" >&2; exit 1; }
      sleep 1
    done
    echo "ops: celery worker $(cat "$PIDFILE") consuming $CELERY_BROKER_URL"
    ;;
  stop)
    if [[ -f "$PIDFILE" ]]; then
      pid="$(cat "$PIDFILE")"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$PIDFILE"
      echo "ops: celery worker stopped; tasks it ran: $(grep -c 'succeeded in' "$LOGFILE" || true)"
    fi
    ;;
  *) echo "usage: $0 redis|start|stop" >&2; exit 2 ;;
esac
