"""The embedded set-up as `make run` starts it: SQLite under concurrency (a write while another process reads
goes through thanks to WAL; a write that cannot get the lock in time is answered 503 系统繁忙，请稍后重试 with
nothing saved, never a 500), and the demo server with DEBUG off, Chinese error pages and static files served."""

import shutil
import sqlite3
import subprocess

import pytest

from .support import CONFIG, GUNICORN, ZHICHENG, base_env, csrf_token, free_port, request, run, wait_until_up

BUSY = "系统繁忙，请稍后重试"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated SQLite file with one account; each test copies it (migrating takes a while)."""
    var = tmp_path_factory.mktemp("embedded") / "var"
    env = base_env(ZHICHENG_VAR_DIR=var)
    run([ZHICHENG, "migrate", "--noinput"], env)
    run([ZHICHENG, "shell", "--no-imports", "-c",
         "from zhicheng.accounts.models import User; User.objects.create_user('someone', password='x-Zhicheng@2024')"],
        env)
    return var / "zhicheng.sqlite3"


def start(args, env, tmp_path, port):
    log_path = tmp_path / "server.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    proc.log_path = log_path
    proc.log = log
    wait_until_up(port, proc)
    return proc


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    proc.log.close()


def embedded_env(migrated, tmp_path, **extra):
    """The environment `make run` gives: nothing set but where the files go."""
    var = tmp_path / "var"
    var.mkdir()
    shutil.copy(migrated, var / "zhicheng.sqlite3")
    return base_env(ZHICHENG_VAR_DIR=var, MEDIA_ROOT=tmp_path / "media", **extra)


@pytest.fixture
def sqlite_server(migrated, tmp_path):
    """gunicorn (one worker, four threads) on the SQLite file, DEBUG off, a writer waits at most 1 s."""
    env = embedded_env(migrated, tmp_path, DEBUG="0", SQLITE_TIMEOUT="1", GUNICORN_WORKERS="1",
                       AXES_FAILURE_LIMIT="50")
    port = free_port()
    proc = start([GUNICORN, "--config", CONFIG, "--bind", f"127.0.0.1:{port}"], env, tmp_path, port)
    try:
        yield port, tmp_path / "var" / "zhicheng.sqlite3"
    finally:
        stop(proc)


def wrong_password(port):
    status, _, html, cookies = request(port, "GET", "/accounts/login/")
    assert status == 200
    body = f"csrfmiddlewaretoken={csrf_token(html)}&username=someone&password=wrong-guess"
    return request(port, "POST", "/accounts/login/", cookies, body)


def attempts(db_path) -> int:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT coalesce(sum(failures_since_start), 0) FROM axes_accessattempt").fetchone()[0]


def test_write_during_a_read_succeeds_and_a_locked_write_says_busy(sqlite_server):
    port, db_path = sqlite_server
    with sqlite3.connect(db_path, isolation_level=None) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    # Another process is in the middle of a read: the login (which records the failed attempt) still goes through.
    reader = sqlite3.connect(db_path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM accounts_user").fetchone()
    status, _, html, _ = wrong_password(port)
    reader.execute("ROLLBACK")
    reader.close()
    assert status == 200 and "用户名或密码不正确" in html
    assert attempts(db_path) == 1

    # Another process holds the write lock longer than the server waits: 503 in Chinese, nothing recorded.
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        status, headers, html, _ = wrong_password(port)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert status == 503, html[:500]
    assert BUSY in html and headers.get("Retry-After") == "5"
    assert "Traceback" not in html and "OperationalError" not in html
    assert attempts(db_path) == 1

    # Once the lock is gone, the same request works again.
    assert wrong_password(port)[0] == 200


def test_make_run_serves_chinese_error_pages_and_static_files_with_debug_off(migrated, tmp_path):
    """`make run` without any variable: runserver with DEBUG off. A wrong address shows the Chinese 404 page
    (not Django's debug page listing every URL pattern), a forbidden page the Chinese 403, and the style sheet
    is still served."""
    env = embedded_env(migrated, tmp_path)
    port = free_port()
    proc = start([ZHICHENG, "runserver", "--noreload", f"127.0.0.1:{port}"], env, tmp_path, port)
    try:
        status, _, html, _ = request(port, "GET", "/no-such-page/")
        assert status == 404 and "页面不存在" in html
        assert "URLconf" not in html and "DEBUG = True" not in html and "healthz" not in html
        status, _, html, cookies = request(port, "GET", "/accounts/login/")
        assert status == 200 and "/static/zhicheng/site.css" in html
        status, headers, css, _ = request(port, "GET", "/static/zhicheng/site.css")
        assert status == 200 and headers["Content-Type"].startswith("text/css") and ".notice" in css
        body = f"csrfmiddlewaretoken={csrf_token(html)}&username=someone&password=x-Zhicheng%402024"
        status, _, _, new_cookies = request(port, "POST", "/accounts/login/", cookies, body)
        assert status == 302
        status, _, html, _ = request(port, "GET", "/supervision/", {**cookies, **new_cookies})
        assert status == 403 and "没有权限" in html and "403 Forbidden" not in html
    finally:
        stop(proc)
