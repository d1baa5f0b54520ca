"""Words a person reads must say what happened (issue 14, point 9): flashes after a third return or a report's
decision, the footer's notice and contact, the verification page, and no English in the UI or the admin."""

import re

import pytest
import time_machine
from django.contrib import admin
from django.core.cache import cache
from django.urls import reverse

from zhicheng.applications import services
from zhicheng.applications.demo import submitted
from zhicheng.applications.models import Section, Status
from zhicheng.applications.views_review import MSG_RETURN_CLOSED, MSG_RETURNED
from zhicheng.audit.labels import ACTION_LABELS
from zhicheng.audit.models import AuditEntry
from zhicheng.supervision.models import Appeal, AppealOutcome

from .applications.conftest import NOW, put_on_list
from .supervision.test_reports import certified, report_form

CJK = re.compile(r"[\u4e00-\u9fff]")
RETURN = {"action": "return", "item-0-target": "section:achievements", "item-0-reason": "业绩过于笼统，请补充具体项目。"}


def _flash(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_third_return_says_the_application_has_ended_not_that_it_went_back(world, login):
    put_on_list(world, "li_si")
    officer = world.users["unit_soe"]
    with time_machine.travel(NOW, tick=False):
        app = submitted(world.users["li_si"], world.batches["current"], now=NOW)
        client = login(officer)
        url = reverse("applications:review", args=[app.pk])
        for i in range(1, 4):
            page = client.post(url, RETURN, follow=True).content.decode()
            app.refresh_from_db()
            if i < 3:
                assert MSG_RETURNED in page and MSG_RETURN_CLOSED.format(n=3) not in page
                app = services.application_section_save(application=app, actor=app.applicant,
                                                        section=Section.ACHIEVEMENTS, value=app.achievements + "补充。")
                services.application_submit(application=app, actor=app.applicant)
        assert app.status == Status.CLOSED
        assert MSG_RETURN_CLOSED.format(n=3) in page and "已退回申报人修改" not in page


@time_machine.travel("2026-11-27 10:00 +0800", tick=False)
def test_a_reports_decision_says_the_reporter_was_told(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    certificate = certified(world, "wang_wu", "private")
    login(world.users["unit_school"]).post(reverse("supervision:report_new"), report_form(certificate))
    report = Appeal.objects.get()
    bureau = login(world.users["bureau"])
    bureau.post(reverse("supervision:appeal_start", args=[report.pk]))
    page = bureau.post(reverse("supervision:appeal_decide", args=[report.pk]),
                       {"outcome": AppealOutcome.DISMISSED, "reasons": "经核查学历证书真实有效，举报不属实。"},
                       follow=True).content.decode()
    assert "结论已保存并通知举报人。" in page and "申诉人" not in page.split('class="messages"')[1][:200]
    cache.clear()


def _footer(page: str) -> str:
    return page.split('class="site-footer"')[1]


def test_the_footer_cites_the_persons_district_and_batch(world, login, client):
    panlong = world.districts["panlong"]
    with time_machine.travel(NOW, tick=False):
        footer = _footer(login(world.users["unit_soe"]).get(reverse("core:landing")).content.decode())
        assert world.batches["current"].notice_title in footer and "2024年第三期" not in footer
        assert panlong.bureau_address in footer and panlong.bureau_phone in footer

        wuhua = world.districts["wuhua"]
        wuhua.bureau_phone = "0871-63100000"
        wuhua.save()
        footer = _footer(login(world.users["bureau_wuhua"]).get(reverse("core:landing")).content.decode())
        assert "五华区人力资源和社会保障局" in footer and "0871-63100000" in footer
        assert "盘龙" not in footer and "65629523" not in footer

        client.logout()
        footer = _footer(client.get(reverse("core:selfcheck")).content.decode())
        assert "盘龙" not in footer and "所在辖区人社局" in footer


def test_the_verification_page_names_a_revoked_certificate_in_chinese_only(world, client):
    from zhicheng.certificates.services import certificate_revoke

    cache.clear()
    with time_machine.travel("2026-11-27 10:00 +0800", tick=False):
        certificate = certified(world, "wang_wu", "private")
        certificate_revoke(certificate=certificate, actor=world.users["bureau"], reason="材料虚假，依规撤销。")
        page = client.post(reverse("certificates:verify"), {"number": certificate.number,
                                                           "name": certificate.holder_name}).content.decode()
    cache.clear()
    assert "证书已撤销" in page and "REVOKED" not in page


def test_blank_choices_read_in_chinese(world, login):
    client = login(world.users["admin"])
    pages = 0
    for model in admin.site._registry:
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if response.status_code == 200:
            pages += 1
            assert "Select an option" not in response.content.decode(), opts.label
    assert pages > 5


def test_every_admin_model_and_field_is_named_in_chinese(world, login):
    client = login(world.users["admin"])
    for model, _model_admin in admin.site._registry.items():
        opts = model._meta
        for name in (opts.verbose_name, opts.verbose_name_plural, opts.app_config.verbose_name):
            assert CJK.search(str(name)), f"{opts.label}: {name!r} has no Chinese"
        changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert changelist.status_code == 200, opts.label
        headers = re.findall(r'<th scope="col"[^>]*>.*?<a [^>]*>([^<]+)</a>', changelist.content.decode(), re.S)
        for header in headers:
            assert CJK.search(header), f"{opts.label}: column {header!r} has no Chinese"


def test_audit_codes_are_never_shown_raw(world, login):
    """Every action code written anywhere in the source has a Chinese name, and the admin shows names."""
    from pathlib import Path

    import zhicheng

    root = Path(zhicheng.__file__).parent
    written = set()
    for path in root.rglob("*.py"):
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    from zhicheng.applications import workflow

    for names in workflow.STAGE_ACTIONS.values():
        written |= {f"application.{name}" for name in names if name}
    missing = sorted(code for code in written if code not in ACTION_LABELS)
    assert len(written) > 30 and not missing, missing

    put_on_list(world, "li_si")
    with time_machine.travel(NOW, tick=False):
        submitted(world.users["li_si"], world.batches["current"], now=NOW)
    assert AuditEntry.objects.filter(action="application.submit").exists()
    page = login(world.users["admin"]).get(reverse("admin:audit_auditentry_changelist")).content.decode()
    assert ACTION_LABELS["application.submit"] in page
    assert not re.search(r">\s*application\.[a-z_]+\s*<", page)


@pytest.fixture(autouse=True)
def _clean_cache():
    yield
    cache.clear()
