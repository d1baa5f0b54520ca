"""Checking uploaded files before anything is stored.

Only PDF, JPEG and PNG are accepted, recognised from the bytes (never from the file name or the browser's
content type). PDFs must be complete (``%%EOF`` present), readable by pypdf and passive: no scripts, launch or
submit actions, embedded files or XFA forms, no loops, within bounded work (``activepdf``); images must have sane
dimensions (checked from the header before any pixel is decoded) and pass Pillow's ``verify()``.

Size limits (also shown to users on the upload pages):

- images (JPEG/PNG): 5 MB, at most 40 megapixels and 10,000 pixels on either side;
- PDFs: 10 MB, at most 200 pages;
- per-category overrides in ``CATEGORY_LIMITS`` (e.g. the recommendation system file may be 20 MB).

Any refusal raises ``django.core.exceptions.ValidationError`` with a Chinese message that says what to do;
nothing is written anywhere.
"""

from __future__ import annotations

import hashlib
import io
import logging
import mimetypes
import os
import re
import time
import uuid
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from . import activepdf

logger = logging.getLogger(__name__)

MB = 1024 * 1024

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}

# Default limits by kind of content, in bytes.
DEFAULT_LIMITS = {PDF: 10 * MB, JPEG: 5 * MB, PNG: 5 * MB}
# Per-category overrides: {category: {content_type: bytes}}. Categories not listed use the defaults.
CATEGORY_LIMITS: dict[str, dict[str, int]] = {
    "recommendation_policy": {PDF: 20 * MB},
}
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 10_000
MAX_PDF_PAGES = 200

MSG_EMPTY = "请选择要上传的文件（文件为空）。"
MSG_TYPE = "只能上传 PDF、JPEG 或 PNG 文件。系统按文件内容识别类型，修改扩展名无效，请另存为 PDF 或图片后重新上传。"
MSG_TOO_BIG = "文件大小为 {size}，超过{kind}文件的上限 {limit}，请压缩或分页扫描后重新上传。"
MSG_PDF_BROKEN = "PDF 文件不完整或已损坏，无法打开。请重新导出或扫描后上传。"
MSG_PDF_ENCRYPTED = "PDF 文件设置了密码，审核人员无法打开。请去除密码后重新上传。"
MSG_PDF_ACTIVE = "文件含有脚本或嵌入文件，请重新扫描或打印为 PDF 后上传。"
MSG_PDF_HOSTILE = "PDF 文件结构异常（含循环引用或对象过多），无法安全打开，请重新扫描或打印为 PDF 后上传。"
MSG_PDF_PAGES = "PDF 文件共 {pages} 页，超过 {limit} 页的上限，请只上传所需页面。"
MSG_IMAGE_BROKEN = "图片文件不完整或已损坏，无法打开。请重新拍摄或扫描后上传。"
MSG_IMAGE_HUGE = "图片尺寸为 {w}×{h} 像素，过大（单边不超过 {side} 像素、总计不超过 4000 万像素），请缩小后重新上传。"
MSG_IMAGE_HUGE_UNKNOWN = "图片尺寸过大（单边不超过 10000 像素、总计不超过 4000 万像素），请缩小后重新上传。"


@dataclass(frozen=True)
class ValidatedUpload:
    content_type: str
    extension: str
    size: int
    sha256: str


def _human(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB / 10 else f"{size / 1024:.0f} KB"


def limit_for(content_type: str, category: str | None = None) -> int:
    return CATEGORY_LIMITS.get(category or "", {}).get(content_type, DEFAULT_LIMITS[content_type])


def limits_text(category: str | None = None) -> str:
    """A one-line Chinese description of the accepted files, for upload pages."""
    return (f"可上传 PDF（不超过 {_human(limit_for(PDF, category))}）或 JPEG/PNG 图片"
            f"（不超过 {_human(limit_for(JPEG, category))}）；系统按文件内容识别类型。")


def sniff(head: bytes) -> str | None:
    """The content type from the first bytes, or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _read_all(uploaded_file, max_bytes: int) -> bytes:
    """Read at most max_bytes + 1 bytes, so an oversize file is detected without reading it all."""
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    if hasattr(uploaded_file, "chunks"):
        parts, total = [], 0
        for chunk in uploaded_file.chunks():
            parts.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                break
        data = b"".join(parts)
    else:
        data = uploaded_file.read(max_bytes + 1)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    return data


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError, PdfReadError

    # A complete PDF ends with %%EOF (possibly followed by whitespace); truncated uploads do not.
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(MSG_PDF_BROKEN, code="pdf_truncated")
    started = time.monotonic()
    limit = activepdf.MAX_DECOMPRESSED
    try:
        with warnings.catch_warnings(), apply_configuration(
                zlib_maximum_output_length=limit, lzw_maximum_output_length=limit,
                run_length_maximum_output_length=limit, brotli_maximum_output_length=limit,
                array_based_stream_maximum_output_length=limit, maximum_declared_stream_length=limit):
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False, xref_stream_maximum_entries=activepdf.MAX_OBJECTS)
            if reader.is_encrypted:
                # Files "encrypted" with an empty user password open fine for reviewers.
                try:
                    if not reader.decrypt(""):
                        raise ValidationError(MSG_PDF_ENCRYPTED, code="pdf_encrypted")
                except ValidationError:
                    raise
                except Exception:
                    raise ValidationError(MSG_PDF_ENCRYPTED, code="pdf_encrypted") from None
            # Before the page tree is flattened, so that a loop in it is reported as one.
            activepdf.inspect(reader, started=started)
            pages = len(reader.pages)
            if pages < 1:
                raise ValidationError(MSG_PDF_BROKEN, code="pdf_empty")
            if pages > MAX_PDF_PAGES:
                raise ValidationError(MSG_PDF_PAGES.format(pages=pages, limit=MAX_PDF_PAGES), code="pdf_pages")
            reader.pages[0].mediabox  # noqa: B018 - parse the first page object
    except ValidationError:
        raise
    except activepdf.ActiveContent as exc:
        logger.warning("upload refused: active PDF (%s)", exc)
        raise ValidationError(MSG_PDF_ACTIVE, code="pdf_active") from None
    except (activepdf.HostileStructure, LimitReachedError, RecursionError, MemoryError) as exc:
        logger.warning("upload refused: hostile PDF structure (%s)", exc)
        raise ValidationError(MSG_PDF_HOSTILE, code="pdf_hostile") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            OSError, AssertionError, ZeroDivisionError):
        raise ValidationError(MSG_PDF_BROKEN, code="pdf_broken") from None
    except Exception:  # pypdf raises many internal errors on hostile input; any of them means "unreadable"
        raise ValidationError(MSG_PDF_BROKEN, code="pdf_broken") from None


def _check_dimensions(width: int, height: int) -> None:
    if (width <= 0 or height <= 0 or width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE
            or width * height > MAX_IMAGE_PIXELS):
        raise ValidationError(MSG_IMAGE_HUGE.format(w=width, h=height, side=MAX_IMAGE_SIDE), code="image_huge")


def _check_image(data: bytes, content_type: str) -> None:
    from PIL import Image, UnidentifiedImageError

    if content_type == PNG and len(data) >= 24 and data[12:16] == b"IHDR":
        # The PNG header states the size up front: refuse bombs before Pillow sees them.
        _check_dimensions(int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Image.open reads the header only: dimensions are known before any pixel is decoded.
            with Image.open(io.BytesIO(data)) as img:
                _check_dimensions(*img.size)
                expected = "JPEG" if content_type == JPEG else "PNG"
                if img.format != expected:
                    raise ValidationError(MSG_TYPE, code="file_type")
                img.verify()
            # verify() does not decode pixels; load() does and catches truncated data. Dimensions are bounded.
            with Image.open(io.BytesIO(data)) as img:
                img.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(MSG_IMAGE_HUGE_UNKNOWN, code="image_huge") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise ValidationError(MSG_IMAGE_BROKEN, code="image_broken") from None


def validate_upload(uploaded_file, *, category: str | None = None) -> ValidatedUpload:
    """Check an uploaded file; return what was recognised, or raise ValidationError (Chinese)."""
    size = getattr(uploaded_file, "size", None)
    if uploaded_file is None or not size:
        raise ValidationError(MSG_EMPTY, code="empty")
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    head = uploaded_file.read(16)
    content_type = sniff(head or b"")
    if content_type is None:
        raise ValidationError(MSG_TYPE, code="file_type")
    limit = limit_for(content_type, category)
    if size > limit:
        kind = "PDF " if content_type == PDF else "图片"
        raise ValidationError(MSG_TOO_BIG.format(size=_human(size), kind=kind, limit=_human(limit)), code="too_big")
    data = _read_all(uploaded_file, limit)
    if len(data) > limit:
        kind = "PDF " if content_type == PDF else "图片"
        raise ValidationError(MSG_TOO_BIG.format(size=_human(len(data)), kind=kind, limit=_human(limit)),
                              code="too_big")
    if not data:
        raise ValidationError(MSG_EMPTY, code="empty")
    if content_type == PDF:
        _check_pdf(data)
    else:
        _check_image(data, content_type)
    return ValidatedUpload(content_type=content_type, extension=EXTENSIONS[content_type], size=len(data),
                           sha256=hashlib.sha256(data).hexdigest())


def validate_and_name(uploaded_file, *, prefix: str, category: str | None = None) -> ValidatedUpload:
    """Validate, then give the file a generated name (``prefix-<uuid>.pdf``) before it is stored: the name the
    browser sent is never used as a path. For files kept on other models than Attachment."""
    result = validate_upload(uploaded_file, category=category)
    uploaded_file.name = f"{prefix}-{uuid.uuid4().hex}{result.extension}"
    return result


def safe_original_name(name: str | None) -> str:
    """Only the base name of what the browser sent, for display; never used as a path."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = "".join(ch for ch in base if ch.isprintable())
    return base[:200] or "未命名文件"


_EXTENSION_LIKE = re.compile(r"\.[A-Za-z0-9]{1,10}")


def download_name(name: str | None, content_type: str) -> str:
    """The name offered to a downloader: the shown name, ending in the extension of the detected type.

    ``scan.pdf.exe`` of a PDF is offered as ``scan.pdf`` and ``report.pdf.html`` as ``report.pdf``, so the
    downloader's system opens the file as what it is; a name without an extension gets one. ``.jpeg`` stays for a
    JPEG (every extension the type has counts). Types without a known extension keep the name.
    """
    base = safe_original_name(name).rstrip(". ")  # Windows drops trailing dots and spaces: "a.exe." is "a.exe"
    preferred = EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type)
    if not preferred:
        return base or "未命名文件"
    known = {preferred, *mimetypes.guess_all_extensions(content_type)}
    if base.lower().endswith(tuple(known)):
        return base
    stem, ext = os.path.splitext(base)
    if not _EXTENSION_LIKE.fullmatch(ext):
        stem = base  # "第1.5版 报告": the dot is part of the name, not an extension
    stem = stem.rstrip(". ")
    if stem.lower().endswith(tuple(known)):
        return stem
    return (stem or "未命名文件") + preferred
