"""Load on deadline day: gunicorn + PostgreSQL with 100,000 existing applications, driven by Locust.

    .venv/bin/python benchmarks/deadline_rush.py            # ~3 minutes: setup, 60 s rush, 2 × 20 s rate runs
    .venv/bin/python benchmarks/deadline_rush.py --users 50 --duration 60 --history 100000 --workers 2

Loopback only; not run in CI. What it does:
1. (Re)creates the PostgreSQL database ``zc_load``, migrates it, loads the demo, then bulk-inserts
   ``--history`` applications (with their applicants and list entries) spread over 20 past batches plus
   a backlog waiting in the current batch's review queues. Sessions for the simulated people are made
   directly (no argon2 logins in the measured run). Sessions live in Redis (db 7), as in production.
2. Starts gunicorn (``--workers`` sync workers) on 127.0.0.1 with ``benchmarks.bench_settings``, which only
   adds a bare Django view (benchmarks/bench_urls.py) next to the product's URLs.
3. Runs Locust headless three times: the rush (applicants open, save and submit applications with
   uploads while reviewers work their queues, 0.5–1.5 s think time), then 20 s of back-to-back requests on
   the bare view, then 20 s on the review-queue pages, and prints requests/s, p50/p95/p99 and errors.

Targets: 0 errors; p95 < 300 ms at 50 concurrent users on a 2-core machine; queue pages ≥ 1/3 of the
bare view's rate. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
DB_NAME = "zc_load"
PG = "postgres://postgres@127.0.0.1:5432"
LOCUSTFILE = Path(__file__).with_name("rush_locustfile.py")


def configure_env(workdir: Path, args) -> dict:
    env = {
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "DB_CONN_MAX_AGE": "60",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": "deadline-rush-benchmark-only-secret-key-0123456789-abcdefghijklmnop",
        "ZHICHENG_VAR_DIR": str(workdir / "var"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "ERROR",
        "AXES_FAILURE_LIMIT": "1000",
    }
    if not args.no_redis:
        env["REDIS_URL"] = "redis://127.0.0.1:6379/7"
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    return env


def create_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def setup_data(args, workdir: Path) -> dict:
    """Migrate, demo, bulk history, sessions. Returns the plan handed to the Locust users."""
    import logging

    import django

    django.setup()
    from benchmarks import rush_data
    from django.core.management import call_command

    logging.disable(logging.WARNING)  # the demo's audit log lines are noise here

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not args.no_redis:
        from django.core.cache import cache

        cache.clear()
    plan = rush_data.build(history=args.history, applicants=args.users * 4, reviewers=args.users, workdir=workdir)
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does after a bulk load: visibility map + statistics
        cursor.execute("VACUUM ANALYZE")
    print(f"setup: migrated, demo and {plan['history']:,} existing applications in {time.perf_counter() - t0:.0f} s")
    return plan


def start_gunicorn(env: dict, port: int, workers: int, workdir: Path) -> subprocess.Popen:
    log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "zhicheng.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "sync", "--timeout", "60", "--chdir", str(ROOT),
         "--pythonpath", f"{ROOT},{ROOT / 'src'}", "--access-logfile", "-"],
        env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__bench__/bare", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    stop(proc)
    raise SystemExit(f"gunicorn did not start; see {workdir / 'gunicorn.log'}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run_locust(mode: str, classes: list[str], users: int, seconds: int, port: int, plan_path: Path,
               workdir: Path) -> dict:
    prefix = workdir / f"locust-{mode}"
    cmd = [str(VENV_BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--only-summary",
           "-u", str(users), "-r", str(max(users, 10)), "-t", f"{seconds}s", "--stop-timeout", "10",
           "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--loglevel", "ERROR", *classes]
    env = {**os.environ, "RUSH_PLAN": str(plan_path), "RUSH_MODE": mode}
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=open(workdir / f"locust-{mode}.log", "w"),
                   check=False)
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as fh:
        for row in csv.DictReader(fh):
            rows[row["Name"]] = row
    failures = []
    failures_csv = Path(f"{prefix}_failures.csv")
    if failures_csv.exists():
        with open(failures_csv, newline="") as fh:
            failures = list(csv.DictReader(fh))
    return {"rows": rows, "failures": failures}


def _fmt_row(name: str, row: dict) -> str:
    return (f"  {name[:44]:<44} {int(row['Request Count']):>7} {int(row['Failure Count']):>5} "
            f"{float(row['Requests/s']):>8.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}")


def report(title: str, result: dict) -> None:
    print(f"\n{title}")
    print(f"  {'request':<44} {'count':>7} {'fail':>5} {'req/s':>8} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for name, row in sorted(result["rows"].items()):
        if name != "Aggregated":
            print(_fmt_row(name, row))
    if "Aggregated" in result["rows"]:
        print(_fmt_row("ALL", result["rows"]["Aggregated"]))
    for failure in result["failures"][:10]:
        print(f"  ! {failure['Method']} {failure['Name']}: {failure['Error']} × {failure['Occurrences']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds of rush")
    parser.add_argument("--rate-seconds", type=int, default=20, help="seconds of each bare/queue rate run")
    parser.add_argument("--history", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-redis", action="store_true", help="sessions in PostgreSQL instead of Redis")
    parser.add_argument("--reuse", metavar="DIR", help="reuse the database and plan of an earlier run (its "
                        "'Logs and CSVs' folder) instead of loading the data again; for trying changes")
    args = parser.parse_args(argv)

    workdir = Path(args.reuse or tempfile.mkdtemp(prefix="zc-rush-"))
    env = configure_env(workdir, args)
    plan_path = workdir / "plan.json"
    if args.reuse:
        plan = json.loads(plan_path.read_text())
    else:
        create_database()
        plan = setup_data(args, workdir)
        plan_path.write_text(json.dumps(plan))
    proc = start_gunicorn(env, args.port, args.workers, workdir)
    try:
        rush = run_locust("rush", ["ApplicantUser", "ReviewerUser"], args.users, args.duration, args.port,
                          plan_path, workdir)
        bare = run_locust("bare", ["BareUser"], 10, args.rate_seconds, args.port, plan_path, workdir)
        queue = run_locust("queue", ["QueueUser"], 10, args.rate_seconds, args.port, plan_path, workdir)
    finally:
        stop(proc)

    print(f"\nDeadline rush: {args.users} users, {args.duration} s, gunicorn {args.workers} sync workers, "
          f"PostgreSQL with {plan['history']:,} existing applications, os.cpu_count()={os.cpu_count()}")
    report("Rush (applicants + reviewers, 0.5–1.5 s think time)", rush)
    report(f"Bare Django view, 10 users back-to-back, {args.rate_seconds} s", bare)
    report(f"Review-queue pages, 10 users back-to-back, {args.rate_seconds} s", queue)

    agg = rush["rows"]["Aggregated"]
    errors = int(agg["Failure Count"]) + sum(int(r["Failure Count"]) for r in (
        bare["rows"]["Aggregated"], queue["rows"]["Aggregated"]))
    p95 = float(agg["95%"])
    bare_rate = float(bare["rows"]["Aggregated"]["Requests/s"])
    queue_rate = float(queue["rows"]["Aggregated"]["Requests/s"])
    ratio = queue_rate / bare_rate if bare_rate else 0.0
    checks = [
        (errors == 0, f"errors: {errors} (target 0)"),
        (p95 < 300, f"rush p95: {p95:.0f} ms (target < 300 ms); rush rate {float(agg['Requests/s']):.1f} req/s"),
        (ratio >= 1 / 3, f"queue pages {queue_rate:.1f} req/s = {ratio:.2f} × bare view {bare_rate:.1f} req/s "
                         "(target ≥ 0.33)"),
    ]
    print("\nTargets")
    for ok, text in checks:
        print(f"  {'PASS' if ok else 'MISS'}  {text}")
    print(f"\nLogs and CSVs: {workdir}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
