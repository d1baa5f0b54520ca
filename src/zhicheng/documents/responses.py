"""HTTP responses for generated and uploaded files: a safe Content-Disposition, nosniff, never cached by a shared
cache."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

from .uploads import download_name, sniff

OCTET_STREAM = "application/octet-stream"


def content_disposition(filename: str, *, content_type: str, inline: bool = False) -> str:
    """RFC 6266/5987: an ASCII fallback plus the UTF-8 name, both ending in the extension of ``content_type``."""
    kind = "inline" if inline else "attachment"
    filename = download_name(filename, content_type)
    ascii_name = "".join(ch if (ch.isascii() and ch.isprintable() and ch not in '"\\;') else "_" for ch in filename)
    return f"{kind}; filename=\"{ascii_name or 'file'}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(data: bytes, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, content_type=content_type, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def protect(response):
    """The same headers on a streamed response (an uploaded file)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def stored_file_response(field_file, *, filename: str, content_type: str | None = None, inline: bool = False,
                         missing: str = "文件已不存在。"):
    """An uploaded file kept in a FileField, streamed with the headers of ``file_response``; 404 when there is none.

    ``content_type`` is what the upload check recognised; without it the type is recognised again from the first
    bytes (never from the stored name), and a file that is none of the accepted types is sent as an
    ``application/octet-stream`` attachment. The offered name is ``filename`` ending in that type's extension.
    """
    if not field_file:
        raise Http404(missing)
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(missing) from None
    if content_type is None:
        content_type = sniff(handle.read(16)) or OCTET_STREAM
        handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, content_type=content_type,
                                                          inline=inline and content_type != OCTET_STREAM)
    return protect(response)


def unavailable(request, message: str, *, status: int = 403):
    """A document that cannot be produced yet, with the reason in Chinese."""
    return render(request, "documents/unavailable.html", {"message": message}, status=status)
