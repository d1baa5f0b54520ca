"""Two app servers, no shared memory: a session started on one works on the other (PostgreSQL + Redis)."""

import http.client
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from .support import ZHICHENG, base_env, drop_database, free_port, is_postgres, pg_url, recreate_database, run

REDIS_URL = "redis://127.0.0.1:6379/15"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
CONFIG = str(Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py")


def redis_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not (is_postgres() and redis_up()), reason="needs PostgreSQL and Redis")


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


def test_log_in_on_one_server_act_on_the_other(tmp_path):
    db = f"zc_two_servers_{__import__('os').getpid()}"
    env = base_env(DATABASE_URL=pg_url(db), REDIS_URL=REDIS_URL, DEBUG="0", MEDIA_ROOT=tmp_path / "media",
                   ZHICHENG_VAR_DIR=tmp_path / "var", CACHE_KEY_PREFIX=f"zc-two-{db}", GUNICORN_WORKERS="1")
    redis.Redis.from_url(REDIS_URL).flushdb()
    procs = []
    try:
        recreate_database(db)
        run([ZHICHENG, "migrate", "--noinput"], env)
        run([ZHICHENG, "demo"], env)
        ports = [free_port(), free_port()]
        for port in ports:
            log = open(tmp_path / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
            procs.append(subprocess.Popen([GUNICORN, "--config", CONFIG, "--bind", f"127.0.0.1:{port}"], env=env,
                                          stdout=subprocess.DEVNULL, stderr=log, text=True))
            procs[-1].log_path = tmp_path / f"gunicorn-{port}.log"
        for port, proc in zip(ports, procs, strict=True):
            wait_until_up(port, proc)
        a, b = ports

        # Log in on server A (GET the form for the CSRF cookie and token, then POST it).
        status, _, html, cookies = request(a, "GET", "/accounts/login/")
        assert status == 200
        body = f"csrfmiddlewaretoken={csrf_token(html)}&username=bureau&password=Zhicheng%402024"
        status, headers, _, new_cookies = request(a, "POST", "/accounts/login/", cookies, body)
        assert status == 302, "login on server A failed"
        cookies.update(new_cookies)
        assert "sessionid" in cookies

        # Server B knows the session: the bureau reviewer's work page, with their name.
        status, headers, html, _ = request(b, "GET", "/workbench/", cookies)
        assert status == 200
        assert "区人社局认定工作台" in html and "周审核" in html
        assert headers["X-Request-ID"]

        # Act on B (log out with B's CSRF token): A no longer knows the session either.
        status, _, _, _ = request(b, "POST", "/accounts/logout/", cookies, f"csrfmiddlewaretoken={csrf_token(html)}")
        assert status == 302
        status, headers, _, _ = request(a, "GET", "/workbench/", cookies)
        assert status == 302 and "/accounts/login/" in headers["Location"]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        drop_database(db)
