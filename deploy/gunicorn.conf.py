"""gunicorn configuration for zhicheng app servers (stateless: run as many as needed behind nginx).

    gunicorn --config deploy/gunicorn.conf.py

Everything is tunable by environment variables; the defaults suit a 2-core machine.
"""

import multiprocessing
import os

wsgi_app = "zhicheng.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
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
