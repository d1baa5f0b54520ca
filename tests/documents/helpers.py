"""Small valid and hostile files for the upload, document and certificate tests (applications in a given
state come from tests/factories.py)."""

import io
from urllib.parse import quote

# --- small valid and hostile files ---------------------------------------------------------------------------

def png_bytes(width=40, height=30) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 200, 30)).save(buf, "JPEG")
    return buf.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def png_bomb_header(width=20000, height=20000) -> bytes:
    """A PNG whose header claims huge dimensions (a decompression bomb never gets decoded)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


# --- generated downloads --------------------------------------------------------------------------------------

def assert_safe_download(response, filename: str, content_type: str, *, inline: bool = False) -> None:
    """A generated file sent as ``documents.responses.file_response`` sends it (an uploaded one as
    ``stored_file_response``): the type, nosniff, never kept by a shared cache, an attachment (or ``inline``) named
    ``filename`` (ASCII fallback with ``_`` for other characters, and UTF-8)."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    fallback = "".join(ch if ch.isascii() else "_" for ch in filename)
    kind = "inline" if inline else "attachment"
    assert response["Content-Disposition"] == (
        f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"), response["Content-Disposition"]
