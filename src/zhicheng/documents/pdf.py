"""PDF rendering with WeasyPrint and the shipped Noto Sans SC font (embedded, subsetted).

The font is loaded from the package (``documents/static/fonts``), never from the system, so the PDFs show
Chinese on machines without any Chinese font. Rendering never fetches anything from the network: the URL
fetcher only serves the shipped fonts and ``data:`` URIs (QR codes).
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import io
import threading
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse

import segno
from django.template.loader import render_to_string

FONT_DIR = Path(__file__).resolve().parent / "static" / "fonts"
FONT_FAMILY = "Noto Sans SC"

FONT_CSS = """
@font-face {{ font-family: "{family}"; src: url("{regular}") format("truetype"); font-weight: 400; }}
@font-face {{ font-family: "{family}"; src: url("{bold}") format("truetype"); font-weight: 700; }}
html {{ font-family: "{family}"; }}
"""

# WeasyPrint's FontConfiguration keeps the fonts loaded between renders; one render at a time per process.
_lock = threading.Lock()


def _make_fetcher():
    from urllib import request

    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalOnlyFetcher(URLFetcher):
        """Serve only data: URIs and the shipped fonts; anything else (network, other files) is refused."""

        def __init__(self):
            request.OpenerDirector.__init__(self)
            self.add_handler(request.DataHandler())
            self._timeout = 5
            self._http_headers = {}
            self._allowed_protocols = ("data", "file")
            self._fail_on_errors = False
            self._request = None

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if path.parent == FONT_DIR and path.suffix == ".ttf":
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": "font/ttf"})
            raise ValueError(f"refused to fetch {url!r} while rendering a PDF")

    return LocalOnlyFetcher()


@lru_cache(maxsize=1)
def _fonts():
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    fetcher = _make_fetcher()
    css = CSS(string=FONT_CSS.format(family=FONT_FAMILY, regular=(FONT_DIR / "NotoSansSC-Regular.ttf").as_uri(),
                                     bold=(FONT_DIR / "NotoSansSC-Bold.ttf").as_uri()),
              font_config=font_config, url_fetcher=fetcher)
    return font_config, css, fetcher


# Release WeasyPrint's font configuration while the interpreter can still run its finaliser.
atexit.register(_fonts.cache_clear)


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    with _lock:
        font_config, font_css, fetcher = _fonts()
        document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[font_css], font_config=font_config)


def render_pdf(template_name: str, context: dict, *, cache_seconds: int = 0) -> bytes:
    """Render a template to PDF. With cache_seconds, identical HTML is served from the cache: the key is the
    SHA-256 of the rendered HTML, so any change of the data gives a new rendering (no invalidation needed)."""
    html = render_to_string(template_name, context)
    if not cache_seconds:
        return html_to_pdf(html)
    from django.core.cache import cache

    key = "documents:pdf:" + hashlib.sha256(html.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = html_to_pdf(html)
        cache.set(key, data, cache_seconds)
    return data


def qr_data_uri(data: str, *, scale: int = 3) -> str:
    """A QR code (error correction M) as a PNG data: URI for <img src>."""
    buf = io.BytesIO()
    segno.make(data, error="m", micro=False).save(buf, kind="png", scale=scale, border=2)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
