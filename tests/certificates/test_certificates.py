import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from tests.documents.pdfcheck import embedded_fonts, pdf_text
from tests.factories import world_application
from zhicheng.applications.models import Status
from zhicheng.certificates import signing
from zhicheng.certificates.models import Certificate, IssueJob, VerificationLog
from zhicheng.certificates.services import (
    MSG_NO_PAPER,
    certificate_issue,
    certificate_issue_start,
    certificate_render_pdf,
    certificate_revoke,
)
from zhicheng.certificates.tasks import issue_certificates
from zhicheng.notifications.models import Notification


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def issued(world, username="zhang_san"):
    app = world_application(world, username, status=Status.RECOGNISED, paper=dt.date(2024, 10, 8))
    return certificate_issue(application=app, actor=world.users["bureau"])


def test_issue_needs_the_stamped_paper_form_and_the_districts_bureau(world):
    app = world_application(world, status=Status.RECOGNISED)
    with pytest.raises(ValidationError) as exc:
        certificate_issue(application=app, actor=world.users["bureau"])
    assert exc.value.messages == [MSG_NO_PAPER]
    app.paper_received_on = dt.date(2024, 10, 8)
    app.save()
    with pytest.raises(PermissionDenied):
        certificate_issue(application=app, actor=world.users["bureau_wuhua"])
    certificate = certificate_issue(application=app, actor=world.users["bureau"])
    assert certificate.number == f"云职初认〔2024〕盘龙{app.pk:07d}"
    assert certificate.id_number_masked == "530103********0313"
    assert certificate.level == "助理级" and certificate.issuing_bureau == "盘龙区人力资源和社会保障局"
    assert Notification.objects.filter(user=world.users["zhang_san"], title="电子职称证书已签发").exists()


def test_signature_verifies_and_fails_after_any_change(world):
    certificate = issued(world)
    payload = json.loads(certificate.payload)
    assert signing.certificate_verify_signature(certificate.payload, certificate.signature, signing.public_key_pem())
    for field in payload:
        changed = dict(payload, **{field: str(payload[field]) + "x"})
        assert not signing.certificate_verify_signature(changed, certificate.signature, signing.public_key_pem())
    tampered_signature = ("A" if certificate.signature[0] != "A" else "B") + certificate.signature[1:]
    assert not signing.certificate_verify_signature(certificate.payload, tampered_signature)


def test_signing_key_from_settings_hex_seed(world, settings):
    settings.CERTIFICATE_SIGNING_KEY = "11" * 32
    certificate = issued(world)
    assert certificate.key_id == signing.key_id()
    settings.CERTIFICATE_SIGNING_KEY = "22" * 32
    assert not signing.certificate_verify_signature(certificate.payload, certificate.signature)


def test_offline_verify_command(world, tmp_path, client, login, capsys):
    certificate = issued(world)
    body = login(world.users["zhang_san"]).get(reverse("certificates:signed_json", args=[certificate.pk])).content
    good = tmp_path / "cert.json"
    good.write_bytes(body)
    call_command("certificate", "verify", str(good))
    assert "签名有效" in capsys.readouterr().out
    data = json.loads(body)
    data["payload"]["level"] = "中级"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("certificate", "verify", str(bad))
    assert "签名无效" in capsys.readouterr().err
    assert client.get(reverse("certificates:public_key")).content.decode() == signing.public_key_pem()


def test_certificate_pdf_has_the_fields_and_the_font(world):
    certificate = certificate_render_pdf(certificate=issued(world))
    certificate.refresh_from_db()
    data = certificate.pdf.read()
    text = pdf_text(data)
    for expected in (certificate.number, "张三", "530103********0313", "工程", "建筑工程", "助理级", "2024年9月28日",
                     "盘龙区人力资源和社会保障局"):
        assert expected in text, expected
    assert embedded_fonts(data)


def test_certificate_pdf_prints_an_extension_b_name(world):
    # Noto Sans SC lacks 𠮷 (U+20BB7); the drawing falls back to BabelStone Han
    # (fonts-babelstone-han, installed by scripts/install-system-deps.sh) and embeds it.
    world.users["zhang_san"].real_name = "𠮷祥"
    world.users["zhang_san"].save()
    certificate = certificate_render_pdf(certificate=issued(world))
    certificate.refresh_from_db()
    data = certificate.pdf.read()
    assert "𠮷祥" in pdf_text(data)
    assert any("BabelStone" in name for name in embedded_fonts(data))


def test_public_verification_by_number_and_name_is_logged_for_the_holder(world, client, login):
    certificate = issued(world)
    typed = certificate.number.replace("〔", "[").replace("〕", "]")
    page = client.post(reverse("certificates:verify"), {"number": typed, "name": "张三"})
    html = page.content.decode()
    assert page.status_code == 200 and "证书有效" in html and "530103********0313" in html
    assert "530103199803120313" not in html
    wrong = client.post(reverse("certificates:verify"), {"number": certificate.number, "name": "李四"})
    assert "未找到与该编号和姓名相符的证书" in wrong.content.decode()
    qr = client.get(reverse("certificates:verify_token", args=[certificate.number,
                                                               signing.short_token(certificate.signature)]))
    assert qr.status_code == 200
    assert client.get(reverse("certificates:verify_token", args=[certificate.number, "forged"])).status_code == 404
    assert VerificationLog.objects.filter(certificate=certificate).count() == 2
    mine = login(world.users["zhang_san"]).get(reverse("certificates:mine")).content.decode()
    assert "谁查验过我的证书" in mine and "扫描二维码" in mine and "证书编号和姓名" in mine


def test_lookups_are_throttled_per_ip(world, client):
    issued(world)
    statuses = [client.post(reverse("certificates:verify"), {"number": f"云职初认〔2024〕盘龙{i:07d}", "name": "王五"})
                .status_code for i in range(12)]
    assert statuses[-1] == 429
    assert "查验过于频繁" in client.post(reverse("certificates:verify"), {"number": "x", "name": "y"}).content.decode()


def test_revoked_certificate_shows_as_revoked(world, client):
    certificate = issued(world)
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, actor=world.users["bureau"], reason=" ")
    certificate_revoke(certificate=certificate, actor=world.users["bureau"], reason="经复查提供虚假学历材料")
    page = client.post(reverse("certificates:verify"), {"number": certificate.number, "name": "张三"}).content.decode()
    assert "证书已撤销" in page and "REVOKED" not in page and "证书有效" not in page
    assert Notification.objects.filter(user=world.users["unit_school"], title="电子职称证书已撤销").exists()
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, actor=world.users["bureau"], reason="重复")


def test_issuing_many_in_the_background_records_progress(world, login, django_capture_on_commit_callbacks):
    apps = [world_application(world, name, status=Status.RECOGNISED, paper=dt.date(2024, 10, 8))
            for name in ("zhang_san", "li_si", "wang_wu")]
    world_application(world, "zhao_liu", status=Status.RECOGNISED)  # no paper form yet: not issuable
    bureau = login(world.users["bureau"])
    page = bureau.get(reverse("certificates:issue")).content.decode()
    assert "共 3 份待签发" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = bureau.post(reverse("certificates:issue"))
    job = IssueJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("certificates:job", args=[job.pk])
    status = bureau.get(reverse("certificates:job_status", args=[job.pk])).json()
    assert status == {"id": job.pk, "status": "done", "label": "已完成", "total": 3, "done": 3, "failed": 0,
                      "percent": 100}
    assert all(c.pdf for c in Certificate.objects.all()) and Certificate.objects.count() == 3
    state = login(world.users["li_si"]).get(reverse("certificates:application_status", args=[apps[1].pk])).json()
    assert state["state"] == "done" and state["number"].startswith("云职初认〔2024〕盘龙")


def test_task_reports_failures_without_stopping(world):
    good = world_application(world, status=Status.RECOGNISED, paper=dt.date(2024, 10, 8))
    no_paper = world_application(world, "li_si", status=Status.RECOGNISED)
    result = issue_certificates([good.pk, no_paper.pk])
    assert result["done"] == 1 and result["failed"] == 1 and result["status"] == "done"
    item = IssueJob.objects.get(pk=result["job"]).items.get(application=no_paper)
    assert item.error == MSG_NO_PAPER


def test_certificate_issue_start_refuses_when_nothing_is_issuable(world):
    with pytest.raises(ValidationError):
        certificate_issue_start(applications=[], actor=world.users["bureau"])
