"""Two app servers, no shared memory: a session started on one works on the other (PostgreSQL + Redis)."""

import subprocess

import pytest
import redis

from .support import (
    CONFIG,
    GUNICORN,
    ZHICHENG,
    base_env,
    csrf_token,
    drop_database,
    free_port,
    is_postgres,
    pg_url,
    recreate_database,
    request,
    run,
    wait_until_up,
)

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not (is_postgres() and redis_up()), reason="needs PostgreSQL and Redis")


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
