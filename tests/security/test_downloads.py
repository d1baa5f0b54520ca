"""Uploaded files go out like generated ones (documents.responses.stored_file_response): the type recognised from
the bytes, nosniff, never kept by a shared cache, a name ending in that type's extension — to the people who may
see them (tests/security/test_authorisation_matrix.py refuses everyone else)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from zhicheng.recommendations.demo import minimal_pdf
from zhicheng.supervision.models import AppealAbout

from ..documents.helpers import assert_safe_download, png_bytes
from . import objects

pytestmark = pytest.mark.django_db

# Every file field a sender fills → the route that sends it, the kind of object in tests/security/objects.py, who
# may download it, the name offered (before its extension) and whether it opens in the browser.
DOWNLOADS = {
    "documents.Attachment.file": ("documents:download", "attachment", "li_si", lambda o: o.original_name, False),
    "recommendations.RecommendationPolicy.file": (
        "recommendations:policy_file", "policy", "unit_soe", lambda o: o.title, True),
    "recommendations.RecommendationList.parent_recommendation": (
        "recommendations:parent_report_file", "recommendation_list", "unit_soe",
        lambda o: f"总公司推荐报告-{o.unit.name}", True),
    "recommendations.RecommendationEntry.dispatch_agreement": (
        "recommendations:agreement_file", "entry", "unit_soe", lambda o: f"派遣协议-{o.real_name}", True),
    "supervision.IntegrityRecord.evidence": (
        "supervision:record_evidence", "integrity_record", "bureau", lambda o: f"证据材料-{o.pk}", False),
    "supervision.Appeal.material": (
        "supervision:appeal_material", "appeal", "li_si", lambda o: f"申诉材料-{o.pk}", False),
}
# File fields the platform fills itself; their views read the bytes and send them with file_response.
GENERATED = {"certificates.Certificate.pdf": "certificates.views (电子职称证书-<编号>.pdf)",
             "applications.SignedForm.pdf": "applications.views_documents.recognition_form"}


@pytest.fixture
def owned(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    built = objects.build(world)
    built["recommendation_list"].obj.parent_recommendation.save("parent-x.pdf", ContentFile(minimal_pdf("parent")))
    built["entry"].obj.dispatch_agreement.save("dispatch-x.pdf", ContentFile(minimal_pdf("dispatch")))
    return built


def _get(login, world, field, owned, **query):
    route, kind, username, _name, _inline = DOWNLOADS[field]
    obj = owned[kind].obj
    obj.refresh_from_db()
    response = login(world.users[username]).get(reverse(route, args=[obj.pk]), query)
    return obj, response


def test_every_file_field_is_listed():
    from django.apps import apps
    from django.db import models

    fields = {f"{model._meta.app_label}.{model.__name__}.{field.name}" for model in apps.get_models()
              for field in model._meta.get_fields() if isinstance(field, models.FileField)}
    assert fields == set(DOWNLOADS) | set(GENERATED)


@pytest.mark.parametrize("field", DOWNLOADS)
def test_uploaded_files_are_sent_with_the_safe_headers(world, login, owned, field):
    obj, response = _get(login, world, field, owned)
    name, inline = DOWNLOADS[field][3], DOWNLOADS[field][4]
    assert_safe_download(response, name(obj).removesuffix(".pdf") + ".pdf", "application/pdf", inline=inline)
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("field", [f for f in DOWNLOADS if f != "documents.Attachment.file"])
def test_the_type_comes_from_the_bytes_not_the_stored_name(world, login, owned, field):
    """A file stored as ``.pdf`` that is a PNG is sent as a PNG; bytes of no accepted type (a file from before the
    upload check) as an octet-stream attachment, never inline."""
    model_field = field.rsplit(".", 1)[1]
    _route, kind, _username, name, inline = DOWNLOADS[field]
    target = owned[kind].obj
    getattr(target, model_field).save("looks-like.pdf", ContentFile(png_bytes()))
    obj, response = _get(login, world, field, owned)
    assert_safe_download(response, f"{name(obj)}.png", "image/png", inline=inline)
    # Read to the end: the test client then closes the file with request_finished's close_old_connections
    # disconnected (response.close() called here would close the test's PostgreSQL connection).
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    getattr(target, model_field).save("page.pdf", ContentFile(b"<html><script>alert(1)</script></html>"))
    obj, response = _get(login, world, field, owned)
    assert_safe_download(response, f"{name(obj)}.bin", "application/octet-stream")
    assert b"".join(response.streaming_content).startswith(b"<html>")


@pytest.mark.parametrize("field", DOWNLOADS)
def test_a_file_gone_from_storage_is_404(world, login, owned, field):
    model_field = field.rsplit(".", 1)[1]
    target = owned[DOWNLOADS[field][1]].obj
    file = getattr(target, model_field)
    file.storage.delete(file.name)
    assert _get(login, world, field, owned)[1].status_code == 404


def test_a_reports_material_is_named_as_one(world, login, owned):
    appeal = owned["appeal"].obj
    appeal.about = AppealAbout.REPORT
    appeal.save(update_fields=["about"])
    response = login(world.users["li_si"]).get(reverse("supervision:appeal_material", args=[appeal.pk]))
    assert_safe_download(response, f"举报材料-{appeal.pk}.pdf", "application/pdf")
    response.close()
