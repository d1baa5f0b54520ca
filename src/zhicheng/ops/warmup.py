"""Load, when a server process starts, what its first requests would otherwise pay for.

Measured on a copy of the demo data (``benchmarks/pages.py --first``, CPU time of one fresh process each):

- the URL conf: importing every view module, and with them pyHanko, openpyxl and django-ninja's schemas, made
  a process's first request (a login, usually) about 1.5 s of CPU longer than the next;
- the templates: the first page of each kind compiled its templates (all 91 take 0.12 s of CPU once the views
  are loaded; the login page's first rendering was 0.3 s of CPU and 2.2 s of wall time in an e2e run, 8 ms after);
- the shipped Noto Sans SC fonts: reportlab parses each 10 MB TTF file (cmap and metrics of 65,000 glyphs) the
  first time a 考核认定表 or a certificate is drawn, about 0.35 s of CPU with its import, so the first 考核认定表
  downloaded from a process took 1.2 s on a busy machine and the next 0.1 s.

``zhicheng.wsgi`` calls :func:`warm_up` once the application is loaded (gunicorn workers, ``runserver``), and so
does a Celery worker before it starts its pool (``zhicheng.celery``), whose children inherit the loaded fonts.
``WARM_UP=0`` turns it off; the test settings do (management commands never load ``zhicheng.wsgi``).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

logger = logging.getLogger("zhicheng.ops")


def _url_conf() -> None:
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (imports every view module)
    get_resolver()._populate()


def _templates() -> None:
    from django.conf import settings
    from django.template import loader

    for directory in settings.TEMPLATES[0]["DIRS"]:
        root = Path(directory)
        for path in sorted(root.rglob("*.html")):
            loader.get_template(path.relative_to(root).as_posix())  # compiled once, kept by the cached loader


def _pdf_fonts() -> None:
    from zhicheng.applications.recognition_pdf import _shipped_chars, register_fonts

    register_fonts()
    _shipped_chars()


def _signing() -> None:
    import zhicheng.certificates.pdf  # noqa: F401  (pyHanko, the certificate's drawing)


STEPS = (("url_conf", _url_conf), ("templates", _templates), ("pdf_fonts", _pdf_fonts), ("signing", _signing))


def enabled() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "WARM_UP", True))


def warm_up() -> dict[str, float]:
    """Run each step; returns the CPU milliseconds each took. A step that fails is logged and skipped: a process
    that could not warm up still serves, as slowly as before."""
    spent = {}
    for name, step in STEPS:
        started = time.process_time()
        try:
            step()
        except Exception:
            logger.exception("warm-up step %s failed", name)
            continue
        spent[name] = round((time.process_time() - started) * 1000, 1)
    logger.info("warmed up: %s", ", ".join(f"{name} {ms} ms CPU" for name, ms in spent.items()),
                extra={"event_kind": "warm_up", **{f"{name}_cpu_ms": ms for name, ms in spent.items()}})
    return spent
