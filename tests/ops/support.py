"""Helpers for ops tests that run the real `zhicheng` command and servers in subprocesses."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ZHICHENG = str(Path(sys.executable).with_name("zhicheng"))
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
CONFIG = str(Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py")
PSQL_ENV = {"PGHOST": "127.0.0.1", "PGPORT": "5432", "PGUSER": "postgres"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(**extra) -> dict:
    """The environment of a fresh process: no test settings leaking in, tasks eager unless told."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_", "STORAGE_", "S3_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "zhicheng.settings", "CELERY_TASK_ALWAYS_EAGER": "1"})
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(args, env, timeout=300, check=True):
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def pg_url(dbname: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{dbname}"


def psql(sql: str, db: str = "postgres") -> str:
    env = {**os.environ, **PSQL_ENV}
    return run(["psql", "-X", "-qAt", "-d", db, "-c", sql], env=env).stdout


def recreate_database(name: str) -> None:
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def request(port, method, path, cookies=None, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}/"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    set_cookies = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            set_cookies[name] = rest.split(";", 1)[0]
    conn.close()
    return response.status, dict(response.getheaders()), text, set_cookies


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def wait_until_up(port, proc, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server on {port} exited: {proc.log_path.read_text()[-2000:]}")
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server on {port} did not start")
