"""Issue 14.3: every notification's link opens a page its recipient may see.

The notification kinds are the ``notify(...)`` calls in the source (found by parsing it, so a new kind joins
the test by itself); the world reaches each through the real services (the demo, then the steps it lacks),
and every recipient opens every link with their own session.
"""

import ast
import inspect
from pathlib import Path
from unittest import mock

import time_machine
from django.conf import settings
from django.shortcuts import resolve_url

from zhicheng.core.demo import at
from zhicheng.notifications.models import Notification

SRC = Path(__file__).resolve().parents[2] / "src" / "zhicheng"
NOTIFY_MODULE = SRC / "notifications" / "services.py"


def notify_call_sites() -> set[tuple[str, int]]:
    sites = set()
    for path in SRC.rglob("*.py"):
        if path == NOTIFY_MODULE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name == "notify":
                    sites.add((str(path.relative_to(SRC)), node.lineno))
    return sites


class SiteRecorder:
    """Wraps Notification.objects.bulk_create (called only by notify) and notes which notify(...) call made
    each batch of rows."""

    def __init__(self):
        self.sites: dict[tuple[str, int], list[int]] = {}
        self._real = Notification.objects.bulk_create

    def __call__(self, objs, *args, **kwargs):
        rows = self._real(objs, *args, **kwargs)
        caller = inspect.stack()[2]
        site = (str(Path(caller.filename).resolve().relative_to(SRC)), caller.positions.lineno)
        self.sites.setdefault(site, []).extend(r.pk for r in rows)
        return rows


def _sign_a_form_electronically(world) -> None:
    """A recognised case without a paper form, its batch switched to 电子签章, sealed by each party in turn."""
    from zhicheng.accounts.models import Role, User
    from zhicheng.applications import esign
    from zhicheng.applications.models import Application, Status
    from zhicheng.batches.models import Stamping
    from zhicheng.core.demo import DEMO_PASSWORD

    app = (Application.objects.filter(status=Status.RECOGNISED, paper_received_on__isnull=True,
                                      batch__district=world.districts["panlong"])
           .select_related("batch", "unit").order_by("id").first())
    app.batch.stamping = Stamping.ELECTRONIC
    app.batch.save(update_fields=["stamping"])
    form = None
    while form is None or not form.is_complete:
        party = form.next_party if form else "unit"
        actor = {"unit": User.objects.filter(role=Role.UNIT_OFFICER, unit_id=app.unit_id).first(),
                 "department": User.objects.filter(role=Role.DEPARTMENT_REVIEWER,
                                                   department_id=app.unit.department_id).first(),
                 "bureau": world.users["bureau"]}[party]
        form = esign.form_sign(application=app, actor=actor, password=DEMO_PASSWORD)
    app.batch.stamping = Stamping.PAPER
    app.batch.save(update_fields=["stamping"])


def steps_the_demo_lacks(world) -> None:
    """Reach the notification kinds the demo does not, through the services people use."""
    import datetime as dt

    from zhicheng.accounts import services as accounts
    from zhicheng.accounts.models import Role, User
    from zhicheng.applications.models import Application, Status
    from zhicheng.batches import services as batches
    from zhicheng.certificates.models import Certificate
    from zhicheng.core.demo import make_uscc
    from zhicheng.orgs import services as orgs
    from zhicheng.orgs.models import UnitKind
    from zhicheng.supervision import appeals, reports
    from zhicheng.supervision import services as supervision
    from zhicheng.supervision.models import Appeal, AppealOutcome, AppealStatus, PenaltyKind

    bureau = world.users["bureau"]
    panlong = world.districts["panlong"]
    _sign_a_form_electronically(world)
    officer = accounts.unit_officer_register(
        username="new_officer", password="Zhicheng@2024x", real_name="周新", phone="13800000000",
        email="zhou@example.com", unit=accounts.UnitDetails(name="昆明新开科技有限公司", uscc=make_uscc("91530103MA6K9Y8X7"),
                                                            kind=UnitKind.NON_PUBLIC, district_id=panlong.pk))
    accounts.unit_officer_approve(officer_id=officer.pk, actor=bureau)

    def moment(day, hour=17):
        return at(day.year, day.month, day.day, hour)

    batch = batches.batch_create(
        actor=bureau, district=panlong, name="2027年第1期", year=2027, sequence=1,
        list_deadline=moment(dt.date(2027, 2, 20)), window_start=moment(dt.date(2027, 2, 23), 9),
        window_end=moment(dt.date(2027, 3, 15)), revision_deadline=moment(dt.date(2027, 3, 22)),
        review_deadline=moment(dt.date(2027, 3, 29)))
    batches.batch_publish(batch=batch, actor=bureau)
    batches.batch_change_dates(batch=batch, actor=bureau, reason="春节假期顺延一周",
                               list_deadline=moment(dt.date(2027, 2, 21)))

    certificate = Certificate.objects.select_related("application").order_by("pk").first()
    reporter = User.objects.filter(role=Role.APPLICANT).exclude(pk=certificate.holder_id).order_by("pk").first()
    reports.report_file(reporter=reporter, number=certificate.number, name=certificate.holder_name,
                        text="据了解此人的业绩材料系他人代写，请核查。" * 2)
    supervision.application_revoke(application=certificate.application, actor=bureau,
                                   reason="经复查学历证书系伪造。", open_integrity_record=False)
    recognised = Application.objects.filter(status=Status.RECOGNISED, unit__department__isnull=False).order_by("pk")
    first = recognised.first()
    department = User.objects.filter(role=Role.DEPARTMENT_REVIEWER, department_id=first.unit.department_id).first()
    request = supervision.revocation_request_create(application=first, actor=department,
                                                    reasons="复查发现工作年限不足。")
    supervision.revocation_request_decline(request=request, actor=bureau, reason="经核实工作年限符合要求。")
    penalty = supervision.penalty_record(actor=bureau, kind=PenaltyKind.NO_SYSTEM, facts="未制定考核推荐制度。",
                                         decided_on=dt.date(2026, 11, 2), unit=world.units["private"])
    supervision.penalty_mark_corrected(penalty=penalty, actor=bureau, corrected_on=dt.date(2026, 11, 20))
    private, officer = world.units["private"], world.users["unit_private"]
    change = orgs.unit_change_propose(unit=private, actor=officer, values={"address": "昆明市盘龙区北京路1号"},
                                      reason="单位搬迁。")
    orgs.unit_change_approve(request=change, actor=bureau)
    change = orgs.unit_change_propose(unit=private, actor=officer, values={"address": "昆明市盘龙区北京路2号"},
                                      reason="单位再次搬迁。")
    orgs.unit_change_reject(request=change, actor=bureau, reason="请附新址租赁合同。")
    escalated = Appeal.objects.filter(status=AppealStatus.ESCALATED).first()
    appeals.appeal_bureau_decide(appeal=escalated, actor=bureau, outcome=AppealOutcome.DISMISSED,
                                 reasons="经复查，主管部门结论正确。")


def test_every_notification_kind_opens_for_every_recipient(db, client):
    from zhicheng.core.demo import build_demo

    recorder = SiteRecorder()
    with mock.patch.object(Notification.objects, "bulk_create", recorder):
        with time_machine.travel(at(2026, 11, 27, 10), tick=False):
            world = build_demo()
            steps_the_demo_lacks(world)
    expected = notify_call_sites()
    missing = sorted(expected - set(recorder.sites))
    assert not missing, f"notification kinds the test world never sent: {missing}"
    failures = []
    with time_machine.travel(at(2026, 11, 27, 10), tick=False):
        for site, pks in sorted(recorder.sites.items()):
            for n in Notification.objects.filter(pk__in=pks).select_related("user"):
                if not n.link:
                    continue
                client.force_login(n.user, backend="django.contrib.auth.backends.ModelBackend")
                response = client.get(n.link, follow=True)
                landed = response.redirect_chain[-1][0] if response.redirect_chain else n.link
                if response.status_code != 200 or landed.startswith(resolve_url(settings.LOGIN_URL)):
                    failures.append(f"{site} {n.title!r} → {n.user.username} ({n.user.role}) {n.link} "
                                    f"{response.status_code}")
    assert not failures, "\n".join(failures)
