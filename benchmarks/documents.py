"""Throughput of the document renderers: recognition forms (考核认定表) and certificates per second.

Sets up its own SQLite database in a temporary directory (migrations + the demo foundation), creates N
recognised applications with paper forms recorded, then

1. renders recognition forms (each one a distinct application, drawn with reportlab, embedded font; see
   ``zhicheng.applications.recognition_pdf``) and prints forms/s;
2. issues the certificates of all N through the Celery task ``issue_certificates`` (eager: sign, draw the PDF,
   sign it with the bureau's key (PAdES, pyHanko), store it through the storage API) and prints certificates/s.

    .venv/bin/python benchmarks/documents.py [--count 1000] [--forms 60] [--all-cores]

Targets: 20 recognition forms and 20 signed certificates per CPU-second on one core. By default the process is
pinned to one CPU.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def setup_django(workdir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhicheng.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["ZHICHENG_VAR_DIR"] = str(workdir / "var")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["LOG_LEVEL"] = "ERROR"
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)  # the audit trail logs every issued certificate
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


ACHIEVEMENTS = "参与道路改造工程的施工组织设计与现场技术管理，负责图纸会审、技术交底和质量检查。" * 12


def make_world(count: int):
    from django.db import transaction

    from zhicheng.accounts.models import Role, User
    from zhicheng.applications.models import Application, Decision, Review, Status
    from zhicheng.core.demo import DemoWorld, at, make_id_number, seed_foundation
    from zhicheng.recommendations.models import ListStatus, RecommendationEntry, RecommendationList

    world = DemoWorld()
    with transaction.atomic():
        seed_foundation(world)
        unit_keys = ["school", "soe", "private"]
        batch = world.batches["2024q3"]
        lists = {k: RecommendationList.objects.create(unit=world.units[k], batch=batch, status=ListStatus.SUBMITTED)
                 for k in unit_keys}
        users = User.objects.bulk_create([
            User(username=f"bench{i}", role=Role.APPLICANT, real_name=f"测试{i:04d}", password="!",
                 id_number=make_id_number("530102", dt.date(1990, 1, 1) + dt.timedelta(days=i), i % 1000, i % 2 == 0))
            for i in range(count)])
        users = list(User.objects.filter(username__startswith="bench").order_by("id"))
        entries = RecommendationEntry.objects.bulk_create([
            RecommendationEntry(recommendation_list=lists[unit_keys[i % 3]], real_name=u.real_name,
                                id_number=u.id_number, series="工程", specialty="建筑工程", level="zhuliji",
                                publicity_start=dt.date(2024, 8, 6), publicity_end=dt.date(2024, 8, 12))
            for i, u in enumerate(users)])
        entries = list(RecommendationEntry.objects.order_by("id"))
        Application.objects.bulk_create([
            Application(batch=batch, applicant=u, unit=world.units[unit_keys[i % 3]], recommendation_entry=e,
                        status=Status.RECOGNISED, series="工程", specialty="建筑工程", level="zhuliji",
                        recognised_level="zhuliji", recognised_on=dt.date(2024, 9, 28),
                        paper_received_on=dt.date(2024, 10, 8), post="技术员", employment_start=dt.date(2020, 7, 1),
                        education=[{"level": "本科", "school": "昆明理工大学", "major": "土木工程",
                                    "date": "2020-06-30", "full_time": True}],
                        work_history=[{"from": "2020-07", "unit": "昆明某单位", "post": "技术员"}],
                        insurance=[{"from": "2020-07", "to": "2024-08", "city": "昆明市", "unit": "昆明某单位"}],
                        achievements=ACHIEVEMENTS, submitted_at=at(2024, 9, 5, 10))
            for i, (u, e) in enumerate(zip(users, entries, strict=True))])
        apps = list(Application.objects.order_by("id"))
        reviews = []
        for app in apps:
            reviews.append(Review(application=app, stage=Status.UNIT_REVIEW, decision=Decision.APPROVE,
                                  opinion_truthful="经核实，填写内容属实。", opinion_evaluation="学历、资历符合条件，业绩突出。",
                                  opinion_publicity="已在单位公示 5 个工作日，无异议。", created_at=at(2024, 9, 10, 9)))
            reviews.append(Review(application=app, stage=Status.BUREAU_RECOGNITION, decision=Decision.APPROVE,
                                  created_at=at(2024, 9, 28, 10)))
        Review.objects.bulk_create(reviews)
    return world, apps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="certificates to issue in one go (default 1000)")
    parser.add_argument("--forms", type=int, default=60, help="recognition forms to render (default 60)")
    parser.add_argument("--all-cores", action="store_true", help="do not pin the process to one CPU")
    args = parser.parse_args()
    if not args.all_cores and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    with tempfile.TemporaryDirectory(prefix="zhicheng-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        world, apps = make_world(max(args.count, args.forms))

        from zhicheng.applications.models import Application
        from zhicheng.applications.recognition import render_recognition_form
        from zhicheng.certificates.models import Certificate, IssueJob
        from zhicheng.certificates.tasks import issue_certificates

        render_recognition_form(apps[0])  # warm-up: load the fonts once per process
        forms = apps[1:args.forms + 1]
        wall, cpu = time.perf_counter(), time.process_time()
        size = sum(len(render_recognition_form(app)) for app in forms)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"recognition forms (cold, each rendered): {len(forms)} in {wall:.2f} s wall / {cpu:.2f} s CPU -> "
              f"{len(forms) / wall:.1f} forms/s wall, {len(forms) / cpu:.1f} forms/s per CPU-second "
              f"(average {size / len(forms) / 1024:.0f} KB)")
        cold_rate = len(forms) / cpu
        wall2, cpu2 = time.perf_counter(), time.process_time()
        for app in forms:
            render_recognition_form(app)
        wall2, cpu2 = time.perf_counter() - wall2, time.process_time() - cpu2
        print(f"recognition forms (repeat downloads, from the cache): {len(forms) / wall2:.1f} forms/s wall, "
              f"{len(forms) / cpu2:.1f} per CPU-second")

        # Signed forms: drawn with empty signature fields, then sealed by the unit, the department (when the unit
        # has one) and the bureau (applications.esign: what form_sign does besides the password check and the rows).
        from zhicheng.applications import esign

        signed_apps = [Application.objects.select_related("batch__district", "unit__department", "applicant")
                       .get(pk=app.pk) for app in forms]
        signatures = 0
        wall, cpu = time.perf_counter(), time.process_time()
        for app in signed_apps:
            data, needs_department = esign.draw_unsigned(app)
            for party in ("unit", "department", "bureau") if needs_department else ("unit", "bureau"):
                data, _key = esign.seal(app, data, party)
                signatures += 1
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        signed_rate = len(signed_apps) / cpu
        print(f"signed forms (drawn, then every party's PAdES seal): {len(signed_apps)} forms, {signatures} "
              f"signatures in {wall:.2f} s wall / {cpu:.2f} s CPU -> {signed_rate:.1f} fully signed forms per "
              f"CPU-second, {signatures / cpu:.1f} signatures per CPU-second")

        ids = [app.pk for app in apps[:args.count]]
        wall, cpu = time.perf_counter(), time.process_time()
        result = issue_certificates.delay(ids, actor_id=world.users["bureau"].pk).get()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        job = IssueJob.objects.get(pk=result["job"])
        rendered = Certificate.objects.exclude(pdf="").count()
        print(f"certificates: {job.done} issued, {job.failed} failed, {rendered} PDFs stored, in {wall:.1f} s wall / "
              f"{cpu:.1f} s CPU -> {job.done / wall:.1f} certificates/s wall, {job.done / cpu:.1f} per CPU-second")
        print("target: 20 recognition forms/s on one core ->",
              "met" if cold_rate >= 20 else f"NOT met for cold rendering ({cold_rate:.1f}/s per CPU-second)")
        print("target: 20 signed forms/s on one core ->",
              "met" if signed_rate >= 20 else f"NOT met ({signed_rate:.1f} fully signed forms per CPU-second)")
        cert_rate = job.done / cpu
        print("target: 20 signed certificates/s on one core ->",
              "met" if cert_rate >= 20 else f"NOT met ({cert_rate:.1f}/s per CPU-second)")


if __name__ == "__main__":
    main()
