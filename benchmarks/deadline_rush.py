"""Load on deadline day: gunicorn + PostgreSQL with 100,000 existing applications, driven by Locust.

    .venv/bin/python benchmarks/deadline_rush.py            # ~3 minutes: setup, 60 s rush, 2 × 20 s rate runs
    .venv/bin/python benchmarks/deadline_rush.py --users 50 --duration 60 --history 100000 --workers 2

Loopback only; not run in CI. What it does:
1. (Re)creates the PostgreSQL database ``zc_load`` (``--database``), migrates it, loads the demo, then bulk-inserts
   ``--history`` applications (with their applicants and list entries) spread over 20 past batches plus
   a backlog waiting in the current batch's review queues. Sessions for the simulated people are made
   directly (no argon2 logins in the measured run). Sessions live in Redis (db 7, ``--redis-db``), as in production.
2. Starts gunicorn (``--workers`` sync workers) on 127.0.0.1 with ``benchmarks.bench_settings``, which only
   adds a bare Django view (benchmarks/bench_urls.py) next to the product's URLs.
3. Runs Locust headless three times: the rush (applicants open, save and submit applications with
   uploads while reviewers work their queues, 0.5–1.5 s think time), then 20 s of back-to-back requests on
   the bare view, then 20 s on the review-queue pages, and prints requests/s, p50/p95/p99 and errors.

Targets: 0 errors; p95 < 300 ms at 50 concurrent users on a 2-core machine; queue pages ≥ 1/3 of the
bare view's rate. Exit status 1 when a target is missed.

The capacity curve (``--steps 50,100,200,400,800``) runs the rush once per step and page-cache setting
(``--cache on,off``) on the same data, each step with drafts nobody has submitted yet, and prints per step
requests/s, p50/p95/p99, errors, the decisions the audit trail recorded, and where the CPU went (gunicorn,
PostgreSQL, Redis, the Locust load generator, idle), then the largest step held at 0 errors and p95 < 300 ms.
Target: 400 users on 2 gunicorn workers. ``--worker-class gthread --threads 4`` tries threaded workers.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
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
        "DATABASE_URL": f"{PG}/{args.database}",
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
        env["REDIS_URL"] = f"redis://127.0.0.1:6379/{args.redis_db}"
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    return env


def create_database(name: str = DB_NAME) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


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
    if args.steps:  # every step and cache setting gets drafts of its own
        runs = len(args.cache.split(","))
        applicants = sum(int(x) for x in args.steps.split(",")) * runs
        reviewers = max(int(x) for x in args.steps.split(","))
    else:
        applicants, reviewers = args.users * 4, args.users
    plan = rush_data.build(history=args.history, applicants=applicants, reviewers=reviewers, workdir=workdir)
    from django.db import connection

    with connection.cursor() as cursor:  # what autovacuum does after a bulk load: visibility map + statistics
        cursor.execute("VACUUM ANALYZE")
    print(f"setup: migrated, demo and {plan['history']:,} existing applications in {time.perf_counter() - t0:.0f} s")
    return plan


def start_gunicorn(env: dict, port: int, workers: int, workdir: Path, *, worker_class: str = "sync",
                   threads: int = 1) -> subprocess.Popen:
    log = open(workdir / "gunicorn.log", "a")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "zhicheng.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", worker_class, "--threads", str(threads),
         "--timeout", "60", "--chdir", str(ROOT),
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
               workdir: Path, *, offset: int = 0, tag: str = "") -> dict:
    prefix = workdir / f"locust-{mode}{tag}"
    cmd = [str(VENV_BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--only-summary",
           "-u", str(users), "-r", str(max(users, 10)), "-t", f"{seconds}s", "--stop-timeout", "10",
           "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--loglevel", "ERROR", *classes]
    env = {**os.environ, "RUSH_PLAN": str(plan_path), "RUSH_MODE": mode, "RUSH_OFFSET": str(offset)}
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=open(workdir / f"locust-{mode}{tag}.log", "w"),
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


def _cpu_seconds(procs) -> float:
    total = 0.0
    for proc in procs:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except Exception:  # noqa: BLE001 - a process that ended between listing and reading
            continue
    return total


def _groups(gunicorn: subprocess.Popen) -> dict:
    """The processes whose CPU the curve reports, by what they are."""
    import psutil

    groups = {"gunicorn": [], "postgres": [], "redis": []}
    try:
        master = psutil.Process(gunicorn.pid)
        groups["gunicorn"] = [master, *master.children(recursive=True)]
    except psutil.NoSuchProcess:
        pass
    for proc in psutil.process_iter(["name"]):
        name = proc.info["name"] or ""
        if name.startswith("postgres"):
            groups["postgres"].append(proc)
        elif name.startswith("redis-server"):
            groups["redis"].append(proc)
    return groups


class CpuMeter:
    """CPU seconds spent by gunicorn, PostgreSQL, Redis and Locust (a child of this process) during a step,
    as a share of the machine's cores, and the machine's idle share: what saturates first."""

    def __init__(self, gunicorn: subprocess.Popen):
        import psutil

        self.psutil, self.gunicorn = psutil, gunicorn

    def __enter__(self):
        self.groups = _groups(self.gunicorn)
        self.before = {name: _cpu_seconds(procs) for name, procs in self.groups.items()}
        self.children = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.machine = self.psutil.cpu_times()
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.t0
        cores = os.cpu_count() or 1
        after_groups = _groups(self.gunicorn)
        self.share = {}
        for name in self.groups:
            known = {p.pid for p in self.groups[name]}
            new = [p for p in after_groups[name] if p.pid not in known]  # started during the step
            spent = _cpu_seconds(self.groups[name]) - self.before[name] + _cpu_seconds(new)
            self.share[name] = spent / wall / cores
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.share["locust"] = ((children.ru_utime - self.children.ru_utime)
                                + (children.ru_stime - self.children.ru_stime)) / wall / cores
        machine = self.psutil.cpu_times()
        busy_before = sum(self.machine) - self.machine.idle
        busy_after = sum(machine) - machine.idle
        total = sum(machine) - sum(self.machine)
        self.share["idle"] = 1 - (busy_after - busy_before) / total if total else 0.0
        return False


def _decisions_since(moment: dt.datetime) -> dict:
    """What the audit trail recorded in a step: the rush's submissions, approvals and returns really happened."""
    from django.db.models import Count

    from zhicheng.audit.models import AuditEntry

    rows = (AuditEntry.objects.filter(created_at__gte=moment, action__startswith="application.")
            .values("action").annotate(n=Count("id")))
    return {row["action"]: row["n"] for row in rows}


def capacity_curve(args, env: dict, plan_path: Path, workdir: Path) -> int:
    import django

    django.setup()
    from django.core.cache import cache

    steps = [int(x) for x in args.steps.split(",")]
    modes = [m.strip() for m in args.cache.split(",")]
    results, offset = [], 0
    # Steps outer, cache settings inner: the two settings of a step run back to back on the same state of the
    # data (run one setting's curve after the other's and the first steps meet a colder database).
    for users in steps:
        for mode in modes:
            step_env = {**env, "PAGE_CACHE_SECONDS": "300" if mode == "on" else "0"}
            if not args.no_redis:
                cache.clear()
            proc = start_gunicorn(step_env, args.port, args.workers, workdir, worker_class=args.worker_class,
                                  threads=args.threads)
            start = dt.datetime.now(dt.UTC)
            try:
                with CpuMeter(proc) as meter:
                    rush = run_locust("rush", ["ApplicantUser", "ReviewerUser"], users, args.duration, args.port,
                                      plan_path, workdir, offset=offset, tag=f"-{mode}-{users}")
            finally:
                stop(proc)
            offset += users
            agg = rush["rows"]["Aggregated"]
            results.append({"cache": mode, "users": users, "rate": float(agg["Requests/s"]),
                            "p50": float(agg["50%"]), "p95": float(agg["95%"]), "p99": float(agg["99%"]),
                            "errors": int(agg["Failure Count"]), "decided": _decisions_since(start),
                            "cpu": meter.share, "failures": rush["failures"][:3]})
            row = results[-1]
            print(f"  cache {mode:<3} {users:>4} users: {row['rate']:7.1f} req/s  p50 {row['p50']:5.0f}  "
                  f"p95 {row['p95']:5.0f}  p99 {row['p99']:5.0f} ms  errors {row['errors']}", flush=True)

    print(f"\nCapacity curve: {args.duration} s per step, gunicorn {args.workers} {args.worker_class} workers"
          f"{f' × {args.threads} threads' if args.threads > 1 else ''}, os.cpu_count()={os.cpu_count()}, "
          f"PostgreSQL with {json.loads(plan_path.read_text())['history']:,} applications")
    print("| page cache | users | req/s | p50 | p95 | p99 | errors | submitted | approved | returned "
          "| CPU gunicorn | PostgreSQL | Redis | Locust | idle | CPU ms per request: gunicorn / PostgreSQL / Locust |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    cores = os.cpu_count() or 1
    for r in sorted(results, key=lambda r: (modes.index(r["cache"]), r["users"])):
        d, c = r["decided"], r["cpu"]
        per = {k: c[k] * cores * 1000 / r["rate"] if r["rate"] else 0 for k in ("gunicorn", "postgres", "locust")}
        approved = sum(n for a, n in d.items() if a.endswith("_approve"))
        returned = sum(n for a, n in d.items() if a.endswith("_return"))
        print(f"| {r['cache']} | {r['users']} | {r['rate']:.1f} | {r['p50']:.0f} ms | {r['p95']:.0f} ms "
              f"| {r['p99']:.0f} ms | {r['errors']} | {d.get('application.submit', 0)} | {approved} | {returned} "
              f"| {c['gunicorn']:.0%} | {c['postgres']:.0%} | {c['redis']:.0%} | {c['locust']:.0%} "
              f"| {c['idle']:.0%} | {per['gunicorn']:.1f} / {per['postgres']:.1f} / {per['locust']:.1f} |")
        for failure in r["failures"]:
            print(f"  ! {r['cache']} {r['users']}: {failure['Method']} {failure['Name']}: {failure['Error']} "
                  f"× {failure['Occurrences']}")
    print("(CPU: share of all cores during the step; Locust is the load generator on the same machine; CPU ms per "
          "request: each group's CPU during the step divided by the requests it served)")
    first = min(results, key=lambda r: r["users"])
    offered = first["rate"] / first["users"]
    print(f"  offered load at {first['users']} users: {offered:.2f} requests/s per simulated user, so 400 users "
          f"ask for about {400 * offered:.0f} requests/s")
    held_all = True
    for mode in modes:
        held = [r["users"] for r in results if r["cache"] == mode and r["errors"] == 0 and r["p95"] < 300]
        best = max(held) if held else 0
        held_all = held_all and best >= 400
        print(f"  {'PASS' if best >= 400 else 'MISS'}  page cache {mode}: largest step at 0 errors and "
              f"p95 < 300 ms: {best or 'none'} users (target 400)")
    print(f"\nLogs and CSVs: {workdir}")
    return 0 if held_all else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds of rush")
    parser.add_argument("--rate-seconds", type=int, default=20, help="seconds of each bare/queue rate run")
    parser.add_argument("--history", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--no-redis", action="store_true", help="sessions in PostgreSQL instead of Redis")
    parser.add_argument("--database", default=DB_NAME, help=f"PostgreSQL database to (re)create (default {DB_NAME})")
    parser.add_argument("--redis-db", type=int, default=7, help="Redis database number for cache and sessions")
    parser.add_argument("--steps", help="capacity curve: comma-separated user counts, e.g. 50,100,200,400,800")
    parser.add_argument("--cache", default="on,off", help="capacity curve: page cache settings to run (on,off)")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker")
    parser.add_argument("--reuse", metavar="DIR", help="reuse the database and plan of an earlier run (its "
                        "'Logs and CSVs' folder) instead of loading the data again; for trying changes")
    args = parser.parse_args(argv)

    workdir = Path(args.reuse or tempfile.mkdtemp(prefix="zc-rush-"))
    env = configure_env(workdir, args)
    plan_path = workdir / "plan.json"
    if args.reuse:
        plan = json.loads(plan_path.read_text())
    else:
        create_database(args.database)
        plan = setup_data(args, workdir)
        plan_path.write_text(json.dumps(plan))
    if args.steps:
        return capacity_curve(args, env, plan_path, workdir)
    proc = start_gunicorn(env, args.port, args.workers, workdir, worker_class=args.worker_class,
                          threads=args.threads)
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
