import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import submit_draft, world_application
from zhicheng.applications.attachments import MSG_LOCKED, MSG_STATE, attachment_add
from zhicheng.applications.models import Section, Status
from zhicheng.core.demo import at
from zhicheng.documents import uploads
from zhicheng.documents.models import Attachment
from zhicheng.documents.uploads import validate_upload

from .helpers import jpeg_bytes, pdf_bytes, png_bomb_header, png_bytes


@pytest.fixture(autouse=True)
def _inside_the_2024_window():
    """The applications here are 2024q3 drafts: files are added while the batch's window is open, because an
    upload follows the same edit window as the sections (workflow.edit_deadline)."""
    with time_machine.travel(at(2024, 9, 10, 10), tick=True):
        yield


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(media_root):
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_valid_files_are_recognised_from_their_bytes():
    assert validate_upload(upload("scan.exe", pdf_bytes())).content_type == "application/pdf"
    checked = validate_upload(upload("photo.pdf", png_bytes(), "application/pdf"))
    assert (checked.content_type, checked.extension) == ("image/png", ".png")
    assert validate_upload(upload("id.jpeg", jpeg_bytes())).extension == ".jpg"
    assert len(checked.sha256) == 64


@pytest.mark.parametrize(("name", "data", "message"), [
    ("身份证.pdf", b"MZ\x90\x00\x03" + b"\x00" * 500, "只能上传 PDF、JPEG 或 PNG"),
    ("scan.pdf", pdf_bytes()[:-40], "PDF 文件不完整"),
    ("bomb.png", png_bomb_header(), "图片尺寸为 20000×20000"),
    ("photo.jpg", "这是一段文字，不是图片。".encode() * 10, "只能上传 PDF、JPEG 或 PNG"),
    ("fake.jpg", b"\xff\xd8\xff\xe0" + b"not really a jpeg" * 20, "图片文件不完整或已损坏"),
    ("empty.pdf", b"", "文件为空"),
    ("garbage.pdf", b"%PDF-1.7\n garbage garbage\n%%EOF\n", "PDF 文件不完整或已损坏"),
])
def test_bad_files_are_refused_with_a_chinese_message(name, data, message):
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload(name, data))
    assert message in exc.value.messages[0]


def test_size_limit_depends_on_the_kind_of_file(monkeypatch):
    monkeypatch.setitem(uploads.DEFAULT_LIMITS, "image/png", 1000)
    with pytest.raises(ValidationError) as exc:
        validate_upload(upload("big.png", png_bytes(400, 400) + b"\x00" * 2000))
    assert "超过图片文件的上限" in exc.value.messages[0]
    assert "PDF（不超过 10.0 MB）" in uploads.limits_text()


def test_attachment_add_stores_under_a_generated_name_and_keeps_versions(world, media_root):
    app = world_application(world)
    before = stored_files(media_root)  # the unit's recommendation system, filed when it built its list
    first = attachment_add(application=app, category="id_card", uploaded_file=upload("../../etc/身份证.pdf",
                                                                                       pdf_bytes()),
                           actor=world.users["zhang_san"])
    second = attachment_add(application=app, category="id_card", uploaded_file=upload("身份证-新.png", png_bytes()),
                            actor=world.users["zhang_san"])
    first.refresh_from_db()
    assert first.original_name == "身份证.pdf"
    assert "身份证" not in first.file.name and ".." not in first.file.name
    assert (first.version, first.is_current, second.version, second.is_current) == (1, False, 2, True)
    assert first.file.read().startswith(b"%PDF") and second.content_type == "image/png"
    assert len(stored_files(media_root)) == len(before) + 2
    assert second.uploaded_by == world.users["zhang_san"]


def test_refused_upload_stores_nothing(world, media_root):
    app = world_application(world)
    before = stored_files(media_root)
    with pytest.raises(ValidationError):
        attachment_add(application=app, category="id_card", uploaded_file=upload("a.pdf", b"MZ" + b"\x00" * 100),
                       actor=world.users["zhang_san"])
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == before


def test_only_the_applicant_of_an_editable_application_may_upload(world):
    app = world_application(world)
    with pytest.raises(PermissionDenied):
        attachment_add(application=app, category="id_card", uploaded_file=upload("a.pdf", pdf_bytes()),
                       actor=world.users["unit_school"])
    app = submit_draft(app, now=at(2024, 9, 10, 10))
    with pytest.raises(ValidationError) as exc:
        attachment_add(application=app, category="id_card", uploaded_file=upload("a.pdf", pdf_bytes()),
                       actor=world.users["zhang_san"])
    assert exc.value.messages[0] == MSG_STATE.format(state="待单位审核")


def test_a_return_unlocks_only_the_categories_it_names(world):
    app = world_application(world, status=Status.RETURNED, return_items=[
        {"section": Section.ATTACHMENTS, "attachment_category": "pledge", "reason": "承诺书未按手印"}])
    attachment_add(application=app, category="pledge", uploaded_file=upload("承诺书.pdf", pdf_bytes()),
                   actor=world.users["zhang_san"])
    with pytest.raises(ValidationError) as exc:
        attachment_add(application=app, category="id_card", uploaded_file=upload("a.pdf", pdf_bytes()),
                       actor=world.users["zhang_san"])
    assert exc.value.messages[0] == MSG_LOCKED.format(label="身份证正反面（签字盖章复印件）")


def test_download_only_to_people_entitled(world, login, client):
    app = world_application(world)
    att = attachment_add(application=app, category="id_card", uploaded_file=upload("张三 身份证.pdf", pdf_bytes()),
                         actor=world.users["zhang_san"])
    url = reverse("documents:download", args=[att.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    for username in ("zhang_san", "unit_school", "dept_edu", "bureau"):
        response = login(world.users[username]).get(url)
        assert response.status_code == 200, username
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "filename*=UTF-8''%E5%BC%A0%E4%B8%89%20" in response["Content-Disposition"]
    for username in ("unit_soe", "dept_build", "bureau_wuhua", "li_si"):
        assert login(world.users[username]).get(url).status_code == 404, username
