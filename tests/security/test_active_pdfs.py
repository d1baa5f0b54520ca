"""Active PDFs are refused at every upload form, and downloads are offered under the name of what they are.

A reviewer opens the applicants' and units' files in a PDF viewer that runs what the file asks for. Each hostile
file here is real (built in ``hostile_pdfs.py``): JavaScript at opening, in the names tree and inside a compressed
object stream, a link that launches a program, a submit-form link, an XFA form, a ``javascript:`` link, an
embedded .exe, a launch action hidden behind ``#``-escaped names and an indirect reference, loops in the outline
and page trees, deep nesting, truncated and garbage files. Each goes through the applicant's upload form and the
unit's upload form, and must be refused with a Chinese message, leaving no row and no file behind.
"""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import world_application
from zhicheng.api.tokens import token_create
from zhicheng.core.demo import at
from zhicheng.documents import activepdf, uploads
from zhicheng.documents.models import Attachment
from zhicheng.recommendations.models import RecommendationPolicy

from . import hostile_pdfs as pdfs

pytestmark = pytest.mark.django_db

ACTIVE = uploads.MSG_PDF_ACTIVE
HOSTILE = uploads.MSG_PDF_HOSTILE
BROKEN = uploads.MSG_PDF_BROKEN


def cases():
    clean = pdfs.reportlab_pdf()
    return {
        "OpenAction JavaScript": (pdfs.open_action_javascript, ACTIVE),
        "names-tree JavaScript": (pdfs.names_tree_javascript, ACTIVE),
        "JavaScript in an object stream": (pdfs.object_stream_javascript, ACTIVE),
        "Launch link annotation": (pdfs.launch_link, ACTIVE),
        "disguised Launch on page open": (pdfs.page_open_launch_disguised, ACTIVE),
        "SubmitForm link": (pdfs.submit_form_link, ACTIVE),
        "XFA form": (pdfs.xfa_form, ACTIVE),
        "javascript: link": (pdfs.javascript_uri, ACTIVE),
        "embedded EXE": (pdfs.embedded_exe, ACTIVE),
        "outline loop": (pdfs.outline_loop, HOSTILE),
        "page tree loop": (pdfs.page_tree_loop, HOSTILE),
        "nesting 200 deep": (pdfs.deeply_nested, HOSTILE),
        "overfull object stream": (pdfs.overfull_object_stream, HOSTILE),
        "truncated": (lambda: clean[: len(clean) // 2], BROKEN),
        "garbage": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", BROKEN),
    }


CASES = list(cases())


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return settings.MEDIA_ROOT


def client_of(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def applicant(world, media):
    app = world_application(world)
    client = client_of(world.users["zhang_san"])

    def post(name, data):
        # A 2024q3 draft takes files while its window is open (uploads follow the sections' edit window).
        with time_machine.travel(at(2024, 9, 10, 10), tick=True):
            return client.post(reverse("applications:attachments", args=[app.pk]), {
                "category": "education", "file": SimpleUploadedFile(name, data, content_type="application/pdf")})

    post.client, post.app = client, app
    return post


@pytest.fixture
def officer(world, media):
    client = client_of(world.users["unit_school"])

    def post(name, data):
        return client.post(reverse("recommendations:policy_upload"), {
            "title": "考核推荐办法", "adopted_on": "2026-06-20",
            "file": SimpleUploadedFile(name, data, content_type="application/pdf")})

    return post


def test_the_object_stream_case_really_hides_its_objects():
    """The catalogue and the JavaScript action are not in the file's text: only inside the compressed stream."""
    import io

    from pypdf import PdfReader

    data = pdfs.object_stream_javascript()
    assert b"JavaScript" not in data and b"OpenAction" not in data
    reader = PdfReader(io.BytesIO(data))
    assert set(reader.xref_objStm) == {1, 4} and len(reader.pages) == 1


@pytest.mark.parametrize("form", ["applicant", "officer"])
@pytest.mark.parametrize("case", CASES)
def test_upload_forms_refuse(request, media, form, case):
    """The applicant's attachment form and the unit's recommendation-system form."""
    build, message = cases()[case]
    post = request.getfixturevalue(form)
    # (the applicant's draft comes with its unit's list, and so with the unit's recommendation system on file)
    policies, files = list(RecommendationPolicy.objects.all()), stored_files(media)
    response = post("学历证明.pdf", build())
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists() and list(RecommendationPolicy.objects.all()) == policies
    assert stored_files(media) == files


def signed_certificate_pdf(world) -> bytes:
    """The platform's own e-certificate (WeasyPrint, signed): an applicant may upload it as an earlier title."""
    import datetime as dt

    from zhicheng.applications.models import Status
    from zhicheng.certificates.services import certificate_issue, certificate_render_pdf

    app = world_application(world, "li_si", status=Status.RECOGNISED, paper=dt.date(2024, 10, 8))
    certificate = certificate_render_pdf(certificate=certificate_issue(application=app, actor=world.users["bureau"]))
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def test_clean_pdfs_still_upload(world, applicant, officer, media):
    files = {"reportlab.pdf": pdfs.reportlab_pdf(), "weasyprint.pdf": pdfs.weasyprint_pdf(),
             "电子职称证书.pdf": signed_certificate_pdf(world)}
    before, policies = len(stored_files(media)), RecommendationPolicy.objects.count()
    for name, data in files.items():
        assert applicant(name, data).status_code == 302, name
        assert officer(name, data).status_code == 302, name
    uploaded = Attachment.objects.filter(application=applicant.app)  # the certified case has its own files
    assert sorted(uploaded.values_list("original_name", flat=True)) == sorted(files)
    assert RecommendationPolicy.objects.count() == policies + len(files)
    assert len(stored_files(media)) == before + 2 * len(files)


def test_checking_is_bounded_in_objects_and_time(applicant, monkeypatch):
    """A file with more objects than allowed, or one that takes longer than the budget, is refused, not parsed on."""
    clean = pdfs.reportlab_pdf()
    monkeypatch.setattr(activepdf, "MAX_OBJECTS", 10)
    assert HOSTILE in applicant("a.pdf", clean).content.decode()
    monkeypatch.setattr(activepdf, "MAX_OBJECTS", 100_000)
    monkeypatch.setattr(activepdf, "TIME_BUDGET", 0.0)
    assert HOSTILE in applicant("a.pdf", clean).content.decode()
    assert not Attachment.objects.exists()


def offered_names(disposition: str) -> set[str]:
    """Every name a Content-Disposition header offers (filename= and RFC 5987 filename*=)."""
    import re
    from urllib.parse import unquote

    names = set(re.findall(r'filename="([^"]*)"', disposition))
    names |= {unquote(n) for n in re.findall(r"filename\*=(?i:utf-8)''([^;\s]*)", disposition)}
    return names


@pytest.mark.parametrize(("uploaded", "offered"), [
    ("scan.pdf.exe", "scan.pdf"),
    ("report.pdf.html", "report.pdf"),
    ("学历证明.exe", "学历证明.pdf"),
    ("身份证", "身份证.pdf"),
    ("承诺书.PDF", "承诺书.PDF"),
])
def test_download_name_ends_in_the_detected_type(applicant, world, uploaded, offered):
    from urllib.parse import quote

    assert applicant(uploaded, pdfs.reportlab_pdf()).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == uploaded
    for username in ("zhang_san", "unit_school", "bureau"):
        for query in ("", "?inline=1"):
            response = client_of(world.users[username]).get(reverse("documents:download", args=[attachment.pk]) + query)
            disposition = response["Content-Disposition"]
            assert response["Content-Type"] == "application/pdf"
            ascii_name = "".join(ch if ch.isascii() else "_" for ch in offered)
            assert f'filename="{ascii_name}";' in disposition, disposition
            assert disposition.endswith(f"filename*=UTF-8''{quote(offered, safe='')}"), disposition
    token = token_create(actor=world.users["bureau"], name="审核系统")[1]
    response = client_of(world.users["bureau"]).get(f"/api/v1/review/attachments/{attachment.pk}/file",
                                                    HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response["Content-Type"] == "application/pdf"
    assert offered_names(response["Content-Disposition"]) == {offered}


def test_the_shown_name_keeps_the_original_escaped(applicant):
    name = "<img src=x>.pdf.html"
    assert applicant(name, pdfs.reportlab_pdf()).status_code == 302
    page = applicant.client.get(reverse("applications:attachments", args=[applicant.app.pk])).content.decode()
    assert "&lt;img src=x&gt;.pdf.html" in page and "<img src=x>" not in page


# Every file field of every model, and the services that put a sender's file in it. A new FileField fails
# test_every_file_field_is_filled_through_the_shared_check until it is listed here with its service.
UPLOAD_SERVICES = {
    "documents.Attachment.file": ["zhicheng.applications.attachments.attachment_add"],
    "recommendations.RecommendationPolicy.file": ["zhicheng.recommendations.services.recommendation_policy_upload"],
    "recommendations.RecommendationList.parent_recommendation": [
        "zhicheng.recommendations.services.parent_recommendation_upload"],
    "recommendations.RecommendationEntry.dispatch_agreement": ["zhicheng.recommendations.services._apply_agreement"],
    "supervision.IntegrityRecord.evidence": ["zhicheng.supervision.services.integrity_record_create"],
    "supervision.Appeal.material": ["zhicheng.supervision.appeals.appeal_file",
                                    "zhicheng.supervision.reports.report_file"],
}
# File fields the platform fills itself, never with a sender's bytes.
GENERATED = {"certificates.Certificate.pdf": "the e-certificate rendered by certificate_render_pdf",
             "applications.SignedForm.pdf": "the 考核认定表 drawn and signed in turn by esign.form_sign"}


def test_every_file_field_is_filled_through_the_shared_check():
    import importlib
    import inspect

    from django.apps import apps
    from django.db import models

    fields = {f"{model._meta.app_label}.{model.__name__}.{field.name}" for model in apps.get_models()
              for field in model._meta.get_fields() if isinstance(field, models.FileField)}
    assert fields == set(UPLOAD_SERVICES) | set(GENERATED)
    for field, services in UPLOAD_SERVICES.items():
        for path in services:
            module, name = path.rsplit(".", 1)
            source = inspect.getsource(getattr(importlib.import_module(module), name))
            assert "validate_upload(" in source or "validate_and_name(" in source, (field, path)
