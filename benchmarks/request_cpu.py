"""CPU per request of each kind of request the deadline rush makes, measured in-process (load-robust).

    .venv/bin/python benchmarks/request_cpu.py --database zc_cpu --redis-db 9            # builds the rush data
    .venv/bin/python benchmarks/request_cpu.py --reuse /tmp/zc-cpu-XXXX --database zc_cpu --redis-db 9
    .venv/bin/python benchmarks/request_cpu.py --reuse DIR --kinds "reviewer: queue" --profile 30

Wall-clock figures on a machine shared with other work say little; the CPU time a request costs the app
process (``time.process_time``) does not depend on how busy the other cores are. This replays every kind of
request of ``benchmarks/rush_locustfile.py`` against the rush's data on PostgreSQL, with the settings the rush
runs gunicorn with (``benchmarks.bench_settings``, DEBUG off, Redis cache and sessions) and through the whole
production middleware stack: a WSGI environ goes into Django's ``WSGIHandler`` as gunicorn would hand it
(session cookie, CSRF cookie and token, multipart upload). Each kind is repeated ``--repeat`` times after
``--warmup`` unmeasured runs; it prints the median and p90 CPU ms and the median number of SQL queries.
Mutating kinds use a fresh subject each time (a draft nobody submitted, a case still waiting at its stage),
so every repetition does the real work: guards, row locks, the audit chain, notifications.

``--profile N`` also prints a cProfile top list (cumulative and own time) over N more runs of each kind.
PostgreSQL's and Redis's CPU are not in these figures (other processes); the rush's curve reports them.
The data are the rush's (``deadline_rush.py`` ``setup_data``); ``--reuse`` takes a folder an earlier run of
this script or of the rush printed, whose database must be the one named by ``--database``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "src")]

from benchmarks import deadline_rush  # noqa: E402
from benchmarks.rush_payloads import ACHIEVEMENTS, CASE_LINK, CSRF, OPINION, PDF, RETURN  # noqa: E402

CSRF_SECRET = "rushcpu0benchmark0csrf0secret032"  # 32 characters of Django's CSRF alphabet


def settings_csrf_cookie() -> str:
    from django.conf import settings

    return settings.CSRF_COOKIE_NAME


class Replayer:
    """Sends requests into Django's WSGI handler as gunicorn does, with a browser's cookies."""

    def __init__(self, plan: dict):
        from django.core.handlers.wsgi import WSGIHandler
        from django.test import RequestFactory

        self.handler = WSGIHandler()
        self.factory = RequestFactory()
        self.cookie_name = plan["session_cookie"]
        self.queries = 0

    def request(self, method: str, path: str, session: str, *, data=None) -> tuple[int, str, dict]:
        # A browser that has been on the site: its session cookie and its CSRF cookie (so no response needs
        # to set one); forms post the masked token of the page they came from (see Kinds.token).
        cookies = f"{self.cookie_name}={session}; {settings_csrf_cookie()}={CSRF_SECRET}"
        extra = {"HTTP_COOKIE": cookies, "REMOTE_ADDR": "127.0.0.1", "SERVER_NAME": "127.0.0.1",
                 "HTTP_HOST": "127.0.0.1:8765"}
        if method == "GET":
            environ = self.factory.get(path, **extra).environ
        else:
            environ = self.factory.post(path, data=data or {}, **extra).environ
        status_headers = {}

        def start_response(status, headers, exc_info=None):
            status_headers["status"] = int(status.split()[0])
            status_headers["headers"] = headers

        response = self.handler(environ, start_response)
        try:
            body = b"".join(response)
        finally:
            response.close()
        return status_headers["status"], body.decode("utf-8", "replace"), dict(status_headers["headers"])


def _csrf_of(html: str, headers: dict) -> str:
    match = CSRF.search(html)
    return match.group(1) if match else ""


class Kinds:
    """One callable per request kind; each returns the response status. Preparation (fetching the page a
    browser would have, to get its CSRF token) happens outside the measured call."""

    def __init__(self, plan: dict, replay: Replayer):
        self.plan, self.r = plan, replay
        self.applicants = list(plan["applicants"])
        self.fresh = iter(self.applicants[len(self.applicants) // 2:])  # drafts for the submits
        self.reviewers = {}
        for rev in plan["reviewers"]:
            self.reviewers.setdefault(rev["role"], rev)
        self._csrf = {}

    def token(self, session: str, path: str) -> str:
        """The masked CSRF token of the form on ``path`` as this browser gets it (once per session and page)."""
        if (session, path) not in self._csrf:
            status, html, headers = self.r.request("GET", path, session)
            self._csrf[session, path] = _csrf_of(html, headers) or CSRF_SECRET
        return self._csrf[session, path]

    def build(self) -> dict:
        """name → (prepare() -> call) so each repetition's preparation is outside the measured part."""
        me = self.applicants[0]
        kinds = {}

        def get(path, session):
            return lambda: (lambda: self.r.request("GET", path, session))

        kinds["applicant: open application"] = get(me["detail"], me["session"])
        kinds["applicant: open section"] = get(me["section"], me["session"])
        kinds["applicant: open uploads"] = get(me["upload"], me["session"])
        kinds["applicant: check answers"] = get(me["check"], me["session"])
        kinds["applicant: workbench"] = get(me["mine"], me["session"])

        def save_section():
            data = {"csrfmiddlewaretoken": self.token(me["session"], me["section"]), "achievements": ACHIEVEMENTS,
                    "action": "complete"}
            return lambda: self._post(me["section"], me["session"], data)

        kinds["applicant: save section"] = save_section

        uploader = self.applicants[1]

        def upload():
            from django.core.files.uploadedfile import SimpleUploadedFile

            data = {"csrfmiddlewaretoken": self.token(uploader["session"], uploader["upload"]), "category": "pledge",
                    "file": SimpleUploadedFile("承诺书.pdf", PDF, content_type="application/pdf")}
            return lambda: self._post(uploader["upload"], uploader["session"], data)

        kinds["applicant: upload file"] = upload

        def submit():
            from zhicheng.applications.models import Application, Status

            person = next(self.fresh)  # a draft nobody submitted yet (an earlier run may have used some)
            while Application.objects.filter(pk=int(person["detail"].strip("/").split("/")[-1])).exclude(
                    status=Status.DRAFT).exists():
                person = next(self.fresh)
            data = {"csrfmiddlewaretoken": self.token(person["session"], person["check"])}
            return lambda: self._post(person["submit"], person["session"], data)

        kinds["applicant: submit"] = submit

        for role, rev in sorted(self.reviewers.items()):
            kinds[f"reviewer ({role}): queue"] = get(rev["queue"], rev["session"])
            kinds[f"reviewer ({role}): open case"] = self._open_case(rev)
            kinds[f"reviewer ({role}): approve"] = self._decide(rev, {"action": "approve", **OPINION})
            kinds[f"reviewer ({role}): return"] = self._decide(rev, RETURN)
        kinds["bare Django view"] = get(self.plan["bare"], me["session"])
        return kinds

    def _post(self, path, session, data):
        return self.r.request("POST", path, session, data=data)

    def _cases(self, rev) -> list[str]:
        status, html, _ = self.r.request("GET", rev["queue"], rev["session"])
        return CASE_LINK.findall(html)

    def _open_case(self, rev):
        def prepare():
            cases = self._cases(rev)
            path = cases[len(cases) // 2] if cases else rev["queue"]
            return lambda: self.r.request("GET", path, rev["session"])

        return prepare

    def _decide(self, rev, form):
        def prepare():
            cases = self._cases(rev)
            if not cases:
                return None
            path = cases[0]
            status, html, headers = self.r.request("GET", path, rev["session"])
            if 'value="approve"' not in html:
                return None
            data = {"csrfmiddlewaretoken": _csrf_of(html, headers) or CSRF_SECRET, **form}
            return lambda: self._post(path, rev["session"], data)

        return prepare


def measure(kinds: dict, names: list[str], repeat: int, warmup: int, profile: int, sql: bool = False) -> list[dict]:
    from django.db import connection, reset_queries

    rows = []
    for name in names:
        prepare = kinds[name]
        cpu, queries, statuses = [], [], {}
        for i in range(warmup + repeat):
            call = prepare()
            if call is None:
                break
            connection.force_debug_cursor = True
            reset_queries()
            t0 = time.process_time()
            status = call()[0]
            spent = time.process_time() - t0
            connection.force_debug_cursor = False
            if i >= warmup:
                cpu.append(spent * 1000)
                queries.append(len(connection.queries))
                last_queries = list(connection.queries)
                statuses[status] = statuses.get(status, 0) + 1
        if sql and cpu:
            for q in last_queries:
                print(f"      {q['sql'][:220]}")
        prof_text = ""
        if profile and cpu:
            prof = cProfile.Profile(time.process_time)  # CPU, not waiting for PostgreSQL
            for _ in range(profile):
                call = prepare()
                if call is None:
                    break
                prof.enable()
                call()
                prof.disable()
            out = io.StringIO()
            stats = pstats.Stats(prof, stream=out)
            stats.sort_stats("cumulative").print_stats(r"zhicheng|template/(loader_tags|defaulttags)|forms/", 40)
            stats.sort_stats("tottime").print_stats(25)
            prof_text = out.getvalue()
        if not cpu:
            print(f"  {name}: nothing to replay (no subject left)", flush=True)
            continue
        cpu.sort()
        row = {"name": name, "n": len(cpu), "median": statistics.median(cpu),
               "p90": cpu[int(len(cpu) * 0.9) - 1] if len(cpu) >= 10 else cpu[-1],
               "queries": statistics.median(queries), "statuses": statuses}
        rows.append(row)
        print(f"  {name:<44} {row['n']:>4} × {row['median']:7.2f} ms CPU (p90 {row['p90']:7.2f})  "
              f"{row['queries']:5.0f} queries  {statuses}", flush=True)
        if prof_text:
            print(_trim(prof_text))
    return rows


def _trim(text: str) -> str:
    root = str(Path(__file__).resolve().parents[1])
    return re.sub(r"/[^ ]*/site-packages/", "", text.replace(root + "/", ""))


def compare(before: list[Path], after: list[Path]) -> None:
    """Before/after table from --json files; several files per side (runs interleaved on a busy machine) give
    the median of their medians."""
    def load(paths):
        runs = {}
        for path in paths:
            for row in json.loads(path.read_text()):
                runs.setdefault(row["name"], []).append(row)
        return runs

    old, new = load(before), load(after)
    print(f"| request | CPU ms before | after | change | queries before | after |  ({len(before)} + {len(after)} runs)")
    print("|---|---|---|---|---|---|")
    for name in old:
        if name not in new:
            continue
        a = statistics.median(r["median"] for r in old[name])
        b = statistics.median(r["median"] for r in new[name])
        qa = statistics.median(r["queries"] for r in old[name])
        qb = statistics.median(r["queries"] for r in new[name])
        print(f"| {name} | {a:.1f} | {b:.1f} | {(b - a) / a:+.0%} | {qa:.0f} | {qb:.0f} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", metavar="DIR", help="the folder of an earlier run (plan.json; the database kept)")
    parser.add_argument("--database", default="zc_cpu")
    parser.add_argument("--redis-db", type=int, default=9)
    parser.add_argument("--history", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=100, help="rush people to make (4 applicants per user)")
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile N more runs of each kind")
    parser.add_argument("--sql", action="store_true", help="print the SQL of each kind's last repetition")
    parser.add_argument("--kinds", default="", help="comma-separated substrings of the kinds to run")
    parser.add_argument("--cache", choices=["on", "off"], default="on", help="the review queues' page cache")
    parser.add_argument("--json", metavar="FILE", help="write the rows as JSON")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"),
                        help="print a before/after table from --json files (comma-separated runs per side)")
    args = parser.parse_args(argv)
    if args.compare:
        compare(*([Path(p) for p in side.split(",")] for side in args.compare))
        return 0

    workdir = Path(args.reuse or tempfile.mkdtemp(prefix="zc-cpu-"))
    rush_args = argparse.Namespace(database=args.database, redis_db=args.redis_db, no_redis=False, steps=None,
                                   users=args.users, history=args.history)
    env = deadline_rush.configure_env(workdir, rush_args)
    import os

    os.environ["PAGE_CACHE_SECONDS"] = "300" if args.cache == "on" else "0"
    plan_path = workdir / "plan.json"
    if args.reuse:
        plan = json.loads(plan_path.read_text())
    else:
        deadline_rush.create_database(args.database)
        plan = deadline_rush.setup_data(rush_args, workdir)
        plan_path.write_text(json.dumps(plan))
        print(f"data ready: reuse with --reuse {workdir}", flush=True)
    del env
    import django

    django.setup()
    from django.conf import settings

    replay = Replayer(plan)
    kinds = Kinds(plan, replay).build()
    wanted = [s.strip() for s in args.kinds.split(",") if s.strip()]
    names = [n for n in kinds if not wanted or any(w in n for w in wanted)]
    print(f"CPU per request, in-process: {settings.SETTINGS_MODULE}, DEBUG={settings.DEBUG}, "
          f"page cache {args.cache}, {plan['history']:,} applications, median of {args.repeat} after "
          f"{args.warmup} warm-up runs", flush=True)
    rows = measure(kinds, names, args.repeat, args.warmup, args.profile, args.sql)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    print(f"\nData folder: {workdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
