"""Document views: permission-checked downloads and rendered PDFs/Excel files."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .selectors import attachments_visible_to


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """RFC 6266/5987: an ASCII fallback plus the UTF-8 original name."""
    kind = "inline" if inline else "attachment"
    ascii_name = "".join(ch if (ch.isascii() and ch.isprintable() and ch not in '"\\;') else "_" for ch in filename)
    return f"{kind}; filename=\"{ascii_name or 'file'}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(data: bytes, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def download(request, pk: int):
    """Stream an attachment to the people entitled to it; everyone else gets 404 (never a public URL)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("文件已不存在，请联系申报人重新上传。") from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.original_name,
                                                          inline=request.GET.get("inline") == "1")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
