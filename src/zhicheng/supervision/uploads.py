"""Checking evidence and appeal material uploads.

Uses ``zhicheng.documents.uploads.validate_upload`` when the documents app provides it; otherwise a small check:
the content must start like a PDF, JPEG or PNG and be at most 10 MB. Stored names are generated.
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


def _documents_validator():
    try:
        module = importlib.import_module("zhicheng.documents.uploads")
    except ImportError:
        return None
    return getattr(module, "validate_upload", None)


def _sniff(uploaded_file) -> str:
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    for magic, ext in MAGIC:
        if head.startswith(magic):
            return ext
    raise ValidationError(MSG_TYPE, code="file_type")


def validate_supervision_upload(uploaded_file, *, prefix: str) -> None:
    """Raise ValidationError (Chinese) unless the file is an acceptable PDF/JPEG/PNG; give it a generated name."""
    if uploaded_file is None or not getattr(uploaded_file, "size", 0):
        raise ValidationError(MSG_EMPTY, code="empty")
    validator = _documents_validator()
    if validator is not None:
        validator(uploaded_file)
    elif uploaded_file.size > MAX_BYTES:
        raise ValidationError(MSG_TOO_BIG, code="too_big")
    ext = _sniff(uploaded_file)
    uploaded_file.name = f"{prefix}-{uuid.uuid4().hex}{ext}"
