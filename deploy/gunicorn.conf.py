"""gunicorn configuration for zhicheng app servers (stateless: run as many as needed behind nginx).

    gunicorn --config deploy/gunicorn.conf.py

Everything is tunable by environment variables; the defaults suit a 2-core machine.
"""

import multiprocessing
import os

wsgi_app = "zhicheng.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, two per core: measured with benchmarks/deadline_rush.py on 2 cores (docs/deploy.md, section 7),
# 4 sync workers served the deadline-day mix fastest (63.6 / 71.2 req/s at 50 / 100 users; 2 sync 60.9 / 58.7;
# 5 gthread × 4 threads 58.0 / 72.2 with twice the p99; 2 gthread × 4 threads 39.4 / 66.5). The work is CPU-bound
# under the GIL, so threads add queueing, not throughput; the second worker per core fills the time the first
# waits for PostgreSQL. nginx in front buffers slow clients, so a sync worker is never held by one.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # PDF rendering goes to Celery, not here
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows unbounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# nginx in front sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app logs one structured line per request (zhicheng.request); gunicorn's own access log stays off.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "zhicheng"
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
