"""Server time of the main pages of each role, in-process, on the demo data (issue 14.14: every page a user waits
on under 300 ms at p95).

    .venv/bin/python benchmarks/pages.py [--repeat 20] [--var DIR] [--only TEXT] [--json FILE]
    .venv/bin/python benchmarks/pages.py --first [--var DIR]

Sets up the demo (``zhicheng demo``) in a temporary directory, or copies an existing one (``--var``: a
``ZHICHENG_VAR_DIR`` holding a demo database, e.g. one made by ``make run``), then requests each page with
Django's test client as the person who uses it, in a process set up as a server is (``zhicheng.wsgi`` loaded and
warmed up, unless ``--no-warm-up``): once (``first``, reported apart: it fills caches), then
``--repeat`` times. For each page it prints p50 and p95 of the server time (the ``app`` figure of the
``Server-Timing`` header, the whole of Django's work; where the header is missing, the wall time of the call)
and p95 of the CPU time of the call (``time.process_time``: what the request cost this process, whatever else the
machine runs). Pages over 300 ms at p95 are listed at the end. Nothing fails: timing targets are reported here,
never asserted in tests.

``--first`` measures what a fresh server process's first request costs: each line is one new process that loads
``zhicheng.wsgi`` as gunicorn does (with its warm-up, ``zhicheng.ops.warmup``; ``WARM_UP=0`` for the line
without) and makes one request: a login, the first 考核认定表, the applicant's 申领 (with the time until the
certificate exists, when it is made in the background).

The settings are the embedded ones (SQLite, tasks in the web process) with the hasher the project configures, so
a login costs what it costs in production. Run it on a quiet machine for absolute figures; on a busy one the CPU
columns are the ones to compare.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if "PYTHONPATH" not in os.environ:  # this checkout's code, here and in the child processes
    os.environ["PYTHONPATH"] = str(ROOT / "src")
    sys.path.insert(0, str(ROOT / "src"))
TARGET_MS = 300.0
PASSWORD = "Zhicheng@2024"


def setup(var: Path, *, warm_up: bool = False) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhicheng.settings"
    os.environ["ZHICHENG_VAR_DIR"] = str(var)
    os.environ["MEDIA_ROOT"] = str(var / "media")
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ["APP_LOG_LEVEL"] = "ERROR"
    os.environ["WARM_UP"] = "1" if warm_up else "0"
    for name in ("CELERY_BROKER_URL", "REDIS_URL", "DATABASE_URL"):
        os.environ.pop(name, None)
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)


def build_demo(var: Path) -> None:
    """A demo database in ``var`` made by ``zhicheng migrate`` and ``zhicheng demo`` in a child process."""
    env = {**os.environ, "ZHICHENG_VAR_DIR": str(var), "LOG_LEVEL": "ERROR", "DJANGO_SETTINGS_MODULE": "zhicheng.settings"}
    for name in ("CELERY_BROKER_URL", "REDIS_URL", "DATABASE_URL"):
        env.pop(name, None)
    zhicheng = [sys.executable, "-c", "from zhicheng.cli import main; main()"]
    subprocess.run([*zhicheng, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*zhicheng, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)


def copy_var(source: Path, workdir: Path) -> Path:
    target = workdir / "var"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("staticfiles"))
    return target


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def server_ms(response, wall_ms: float) -> tuple[float, int | None]:
    """The ``app`` duration and query count of the Server-Timing header (or the call's wall time)."""
    header = response.get("Server-Timing", "")
    app, queries = None, None
    for part in header.split(","):
        name, *params = [p.strip() for p in part.split(";")]
        for param in params:
            key, _, value = param.partition("=")
            if name == "app" and key == "dur":
                app = float(value)
            if name == "db" and key == "desc" and value.strip('"').endswith(" queries"):
                queries = int(value.strip('"').split()[0])
    return (app if app is not None else wall_ms), queries


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    response = call()
    wall_ms = (time.perf_counter() - wall) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    app_ms, queries = server_ms(response, wall_ms)
    return response, app_ms, cpu_ms, queries


# --- the pages --------------------------------------------------------------------------------------------------


def pages() -> list[tuple[str, str | None, str, str]]:
    """(label, username or None for a visitor, method, url) of the pages each role opens every day."""
    from django.urls import reverse

    from zhicheng.applications.models import Application, Status
    from zhicheng.batches.models import Batch
    from zhicheng.certificates.models import Certificate
    from zhicheng.recommendations.models import RecommendationList

    def first(queryset):
        obj = queryset.order_by("pk").first()
        if obj is None:
            raise SystemExit(f"the demo data has no {queryset.model.__name__} for {queryset.query.where}")
        return obj

    recognised = first(Application.objects.filter(applicant__username="wang_wu", status=Status.RECOGNISED))
    draft = first(Application.objects.filter(applicant__username="zhang_san"))
    in_review = first(Application.objects.filter(unit__department__isnull=False, batch__district__name__contains="盘龙")
                      .exclude(status__in=[Status.DRAFT, Status.RECOGNISED]))
    batch = first(Batch.objects.filter(district__name__contains="盘龙").order_by("-pk"))
    unit_list = first(RecommendationList.objects.filter(unit__name__contains="星辰"))
    certificate = first(Certificate.objects.filter(district__name__contains="盘龙"))
    r = reverse
    rows = [
        ("home", None, "GET", "/"),
        ("login page", None, "GET", r("accounts:login")),
        ("self-check", None, "GET", "/selfcheck/"),
        ("certificate verification", None, "GET", r("certificates:verify")),
        ("certificate QR check", None, "GET", certificate.verify_path),
        ("applicant: workbench", "zhang_san", "GET", r("core:landing")),
        ("applicant: my applications", "zhang_san", "GET", r("applications:mine")),
        ("applicant: application", "zhang_san", "GET", r("applications:detail", args=[draft.pk])),
        ("applicant: notifications", "zhang_san", "GET", r("notifications:list")),
        ("applicant: recognised application", "wang_wu", "GET", r("applications:detail", args=[recognised.pk])),
        ("applicant: my certificates", "wang_wu", "GET", r("certificates:mine")),
        ("applicant: 考核认定表 PDF", "wang_wu", "GET", r("documents:recognition_form", args=[recognised.pk])),
        ("unit: workbench", "unit_private", "GET", r("core:landing")),
        ("unit: dashboard", "unit_private", "GET", r("recommendations:dashboard")),
        ("unit: queue", "unit_private", "GET", r("applications:queue")),
        ("unit: 附件3 list", "unit_private", "GET", r("recommendations:list_detail", args=[unit_list.pk])),
        ("department: queue", "dept_build", "GET", r("applications:queue")),
        ("department: workbench", "dept_build", "GET", r("core:landing")),
        ("bureau: workbench", "bureau", "GET", r("core:landing")),
        ("bureau: queue", "bureau", "GET", r("applications:queue")),
        ("bureau: queue, all", "bureau", "GET", r("applications:queue") + "?status=all"),
        ("bureau: review page", "bureau", "GET", r("applications:review", args=[in_review.pk])),
        ("bureau: recognised", "bureau", "GET", r("applications:recognised")),
        ("bureau: certificates to issue", "bureau", "GET", r("certificates:issue")),
        ("bureau: batches", "bureau", "GET", r("batches:list")),
        ("bureau: batch", "bureau", "GET", r("batches:detail", args=[batch.pk])),
        ("bureau: lists of the batch", "bureau", "GET", r("recommendations:bureau_lists", args=[batch.pk])),
        ("bureau: supervision", "bureau", "GET", r("supervision:dashboard")),
        ("bureau: integrity records", "bureau", "GET", r("supervision:records")),
        ("bureau: statistics", "bureau", "GET", r("supervision:stats") + f"?batch={batch.pk}"),
        ("bureau: results PDF", "bureau", "GET", r("documents:batch_results_pdf", args=[batch.pk])),
    ]
    return rows


def login_client(username: str):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"could not log in as {username} ({response.status_code})")
    return client


def measure_login(repeat: int) -> dict:
    """A real login (password form, the configured hasher), each with a fresh client."""
    from django.test import Client
    from django.urls import reverse

    login_client("zhang_san")  # a hash made with other parameters is upgraded here, as on anyone's first login
    runs = []
    for _ in range(repeat + 1):
        client = Client()
        response, app_ms, cpu_ms, _ = timed(lambda c=client: c.post(reverse("accounts:login"),
                                                                   {"username": "zhang_san", "password": PASSWORD}))
        if response.status_code != 302:
            raise SystemExit(f"login failed: {response.status_code}")
        runs.append((app_ms, cpu_ms))
    return _row("visitor: log in (POST)", runs, None)


def _row(label: str, runs, queries) -> dict:
    first, rest = runs[0], runs[1:] or runs
    app = [r[0] for r in rest]
    cpu = [r[1] for r in rest]
    return {"page": label, "n": len(rest), "first_ms": round(first[0], 1), "p50_ms": round(percentile(app, 0.5), 1),
            "p95_ms": round(percentile(app, 0.95), 1), "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
            "queries": queries}


def run_pages(repeat: int, only: str) -> list[dict]:
    from django.test import Client

    clients: dict[str | None, Client] = {None: Client()}
    results = []
    if only in "visitor: log in (POST)":
        results.append(measure_login(repeat))
    for label, username, method, url in pages():
        if only not in label:
            continue
        client = clients.get(username) or clients.setdefault(username, login_client(username))
        runs, queries = [], None
        for _ in range(repeat + 1):
            response, app_ms, cpu_ms, queries = timed(lambda c=client, m=method, u=url: c.generic(m, u))
            if response.status_code >= 400:
                raise SystemExit(f"{label}: {url} answered {response.status_code}")
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            runs.append((app_ms, cpu_ms))
        results.append(_row(label, runs, queries))
    return results


def print_table(results: list[dict]) -> None:
    print(f"{'page':40} {'n':>3} {'first':>8} {'p50':>8} {'p95':>8} {'CPU p95':>8} {'queries':>7}   (ms)")
    for r in results:
        flag = "  > 300 ms" if r["p95_ms"] > TARGET_MS else ""
        queries = "" if r["queries"] is None else r["queries"]
        print(f"{r['page'][:40]:40} {r['n']:>3} {r['first_ms']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
              f"{r['cpu_p95_ms']:>8.1f} {queries:>7}{flag}")
    over = [r["page"] for r in results if r["p95_ms"] > TARGET_MS]
    print(f"\npages over {TARGET_MS:.0f} ms at p95: {', '.join(over) if over else 'none'}")


# --- a fresh process's first request ----------------------------------------------------------------------------

FIRST_SCENARIOS = ("login", "recognition_form", "claim")


def first_request(scenario: str) -> dict:
    """In this fresh process (zhicheng.wsgi already loaded): one request of the scenario, timed."""
    from django.test import Client
    from django.urls import reverse

    from zhicheng.accounts.models import User
    from zhicheng.applications.models import Application, Status
    from zhicheng.certificates.models import Certificate

    client = Client()
    applicant = User.objects.get(username="wang_wu")
    app = Application.objects.filter(applicant=applicant, status=Status.RECOGNISED, certificate__isnull=True).first()
    if scenario == "login":
        call = lambda: client.post(reverse("accounts:login"), {"username": "wang_wu", "password": PASSWORD})  # noqa: E731
    else:
        client.force_login(applicant, backend="django.contrib.auth.backends.ModelBackend")
        if scenario == "recognition_form":
            call = lambda: client.get(reverse("documents:recognition_form", args=[app.pk]))  # noqa: E731
        else:
            call = lambda: client.post(reverse("certificates:claim", args=[app.pk]))  # noqa: E731
    started = time.perf_counter()
    response, app_ms, cpu_ms, queries = timed(call)
    out = {"scenario": scenario, "status": response.status_code, "app_ms": round(app_ms, 1),
           "cpu_ms": round(cpu_ms, 1)}
    if scenario == "claim":
        while not Certificate.objects.filter(application=app).exists() and time.perf_counter() - started < 120:
            time.sleep(0.05)
        out["certificate_after_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return out


def run_first(var: Path, workdir: Path) -> list[dict]:
    rows = []
    for scenario in FIRST_SCENARIOS:
        for warm in (False, True):
            child_var = workdir / f"first-{scenario}-{int(warm)}"
            shutil.copytree(var, child_var, ignore=shutil.ignore_patterns("staticfiles"))
            started = time.perf_counter()
            out = subprocess.run([sys.executable, __file__, "--child", scenario, "--var", str(child_var)]
                                 + (["--warm-up"] if warm else []), capture_output=True, text=True, check=True)
            row = json.loads(out.stdout.strip().splitlines()[-1])
            row.update(warm_up=warm, process_s=round(time.perf_counter() - started, 2))
            rows.append(row)
            shutil.rmtree(child_var, ignore_errors=True)
    print(f"{'first request of a new process':34} {'warm-up':>8} {'server ms':>10} {'CPU ms':>8} {'cert. after':>12}")
    for row in rows:
        after = f"{row['certificate_after_ms']:.0f} ms" if "certificate_after_ms" in row else ""
        print(f"{row['scenario']:34} {'yes' if row['warm_up'] else 'no':>8} {row['app_ms']:>10.1f} "
              f"{row['cpu_ms']:>8.1f} {after:>12}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="requests per page after the first (default 20)")
    parser.add_argument("--var", type=Path, help="copy this demo ZHICHENG_VAR_DIR instead of building the demo")
    parser.add_argument("--only", default="", help="only the pages whose label contains this text")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--first", action="store_true", help="a fresh process's first request, with/without warm-up")
    parser.add_argument("--no-warm-up", action="store_true", help="time the pages without the server's warm-up")
    parser.add_argument("--child", choices=FIRST_SCENARIOS, help=argparse.SUPPRESS)
    parser.add_argument("--warm-up", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        setup(args.var, warm_up=args.warm_up)
        import zhicheng.wsgi  # noqa: F401  (as gunicorn does: loads the app and, when on, warms it up)

        print(json.dumps(first_request(args.child)))
        return

    with tempfile.TemporaryDirectory(prefix="zhicheng-pages-") as tmp:
        workdir = Path(tmp)
        if args.var:
            var = copy_var(args.var, workdir)
        else:
            var = workdir / "var"
            print("building the demo data…", file=sys.stderr)
            build_demo(var)
        if args.first:
            rows = run_first(var, workdir)
        else:
            setup(var, warm_up=not args.no_warm_up)
            import zhicheng.wsgi  # noqa: F401  (a server process: loaded, and warmed up unless --no-warm-up)

            rows = run_pages(args.repeat, args.only)
            print_table(rows)
        if args.json:
            args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
