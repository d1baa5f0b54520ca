"""Checking files the unit uploads (recommendation system, dispatch agreements, parent company report).

Uses ``zhicheng.documents.uploads.validate_upload`` when the documents app provides it; until then a small
private check: the content must start like a PDF, JPEG or PNG and be at most 10 MB. Stored names are
generated; the uploaded file name is never used as a path.
"""

from __future__ import annotations

import importlib
import uuid

from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
MAGIC = ((b"%PDF-", ".pdf"), (b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"))
MSG_EMPTY = "请选择要上传的文件。"
MSG_TOO_BIG = "文件超过 10 MB，请压缩后重新上传。"
MSG_TYPE = "只能上传 PDF、JPEG 或 PNG 文件（按文件内容识别，改扩展名无效）。"


def _sniff(uploaded_file) -> str:
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    for magic, ext in MAGIC:
        if head.startswith(magic):
            return ext
    raise ValidationError(MSG_TYPE, code="file_type")


def _documents_validator():
    try:
        module = importlib.import_module("zhicheng.documents.uploads")
    except ImportError:
        return None
    return getattr(module, "validate_upload", None)


# documents.Category values for the files that have one (limits per category are the documents app's).
CATEGORIES = {"dispatch": "dispatch_agreement", "parent": "parent_recommendation"}


def validate_unit_upload(uploaded_file, *, prefix: str) -> None:
    """Raise ValidationError (Chinese) unless the file is an acceptable PDF/JPEG/PNG; rename it safely."""
    if uploaded_file is None or not getattr(uploaded_file, "size", 0):
        raise ValidationError(MSG_EMPTY, code="empty")
    validator = _documents_validator()
    if validator is not None:
        validator(uploaded_file, category=CATEGORIES.get(prefix))
    elif uploaded_file.size > MAX_BYTES:
        raise ValidationError(MSG_TOO_BIG, code="too_big")
    ext = _sniff(uploaded_file)
    uploaded_file.name = f"{prefix}-{uuid.uuid4().hex}{ext}"
