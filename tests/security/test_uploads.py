"""The bad files of the documents issue are refused through the real upload views, and nothing is stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from zhicheng.documents import uploads
from zhicheng.recommendations.demo import minimal_pdf
from zhicheng.recommendations.models import RecommendationPolicy

pytestmark = pytest.mark.django_db


def _png(width: int, height: int, mode: str = "1") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def bad_files():
    pdf = minimal_pdf("genuine")
    return {
        "renamed executable": ("承诺书.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 2000, uploads.MSG_TYPE),
        "script renamed": ("身份证.png", b"#!/bin/sh\nrm -rf /\n", uploads.MSG_TYPE),
        "truncated PDF": ("学历.pdf", pdf[: len(pdf) // 2], uploads.MSG_PDF_BROKEN),
        # 20,000 × 20,000 one-bit pixels: a few kB on disk, 400 megapixels once decoded.
        "decompression bomb PNG": ("bomb.png", _png(20_000, 20_000), "过大"),
        "huge image": ("wide.png", _png(12_000, 50), "过大"),
        "empty file": ("empty.pdf", b"", "空文件"),  # Django's own FileField check comes first
    }


@pytest.fixture
def officer(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["unit_school"], backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize("case", list(bad_files()))
def test_unit_policy_upload_refuses_bad_file(officer, case, tmp_path):
    name, data, message = bad_files()[case]
    response = officer.post(reverse("recommendations:policy_upload"), {
        "title": "考核推荐办法", "adopted_on": "2026-06-20",
        "file": SimpleUploadedFile(name, data, content_type="application/pdf")})
    assert response.status_code == 200
    body = response.content.decode()
    assert message.split("{")[0][:12] in body
    assert not RecommendationPolicy.objects.exists()
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_path_in_the_file_name_never_becomes_a_path(officer, tmp_path):
    response = officer.post(reverse("recommendations:policy_upload"), {
        "title": "考核推荐办法", "adopted_on": "2026-06-20",
        "file": SimpleUploadedFile("../../../etc/cron.d/evil.pdf", minimal_pdf("ok"), content_type="application/pdf")})
    assert response.status_code == 302
    stored = RecommendationPolicy.objects.get().file
    assert ".." not in stored.name and "etc/cron.d" not in stored.name
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].resolve().is_relative_to(tmp_path.resolve())
    assert uploads.safe_original_name("..\\..\\windows\\evil.pdf") == "evil.pdf"
