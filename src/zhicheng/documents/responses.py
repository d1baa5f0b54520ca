"""HTTP responses for generated files: a safe Content-Disposition, nosniff, never cached by a shared cache."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render

from .uploads import download_name


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


def unavailable(request, message: str, *, status: int = 403):
    """A document that cannot be produced yet, with the reason in Chinese."""
    return render(request, "documents/unavailable.html", {"message": message}, status=status)
