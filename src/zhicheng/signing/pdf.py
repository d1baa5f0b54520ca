"""PAdES signatures on our PDFs with pyHanko: baseline B-B (the signer's certificate and chain embedded, the
signing time in the signature dictionary's /M as PAdES wants it rather than as a CMS attribute; no timestamp
server, since the platform has no trusted TSA on its network — a reader shows the signing time as the signer's
claim). No revocation information is embedded or fetched when signing (B-B does not ask for it; verification
checks our own key records).

Speed (a form seal ~25 ms → ~7 ms; instruction counts in docs/testing.md): ``bytes_reserved`` is fixed, so
pyHanko does not build a throw-away signature to measure its size (that halved the time per signature); the
signer is built once per key per process (``keystore.signer_for``) and encodes the unchanging parts of its CMS
once (``cms.PrecomputedSigner``, which was 60 % of a seal); a seal's appearance PDF is parsed once per process
(``_appearance_reader``, a third of what was left). What a seal still costs is pyHanko reading the growing PDF's
cross-reference sections and writing the incremental update (the imported appearance's objects, the signature
dictionary, the widget), each about a third."""

from __future__ import annotations

import asyncio
import binascii
import concurrent.futures
import functools
import io
import threading
import uuid

from pyhanko.pdf_utils import content
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.pdf_utils.metadata import model as xmp_model
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.stamp import StaticStampStyle

from . import keystore

# An ECDSA P-256 CMS with a two-certificate chain is about 1.6 KB; leave room for a longer imported chain.
BYTES_RESERVED = 12 * 1024


_appearance_lock = threading.Lock()


def _write_names_once() -> None:
    """pyHanko writes a PDF name one byte at a time (a check and a ``write`` call per byte, to escape the few that
    need it): about a tenth of a seal, for the same few hundred names (/Type, /Font, /Widths...) in every
    incremental update. The bytes of a name never change, so each name is written by pyHanko once per process
    and its bytes reused (same bytes; a name pyHanko refuses still raises, and is not kept)."""
    from pyhanko.pdf_utils import generic

    write = generic.NameObject.write_to_stream
    if getattr(write, "zhicheng_kept", False):
        return
    kept: dict[str, bytes] = {}

    def write_to_stream(self, stream, handler=None, container_ref=None):
        data = kept.get(self)
        if data is None:
            out = io.BytesIO()
            write(self, out, handler, container_ref)
            data = out.getvalue()
            if len(kept) < 4096:  # names in our PDFs are few; a PDF with many more does not grow the dictionary
                kept[str(self)] = data
        stream.write(data)

    write_to_stream.zhicheng_kept = True
    generic.NameObject.write_to_stream = write_to_stream


_write_names_once()


@functools.lru_cache(maxsize=256)
def _appearance_reader(data: bytes) -> PdfFileReader:
    """The parsed appearance PDF, kept per process: the same few seals are imported into every signed form, and
    parsing one again each time was about a third of a seal's cost."""
    return PdfFileReader(io.BytesIO(data))


class ImportedPdfBytes(content.PdfContent):
    """The first page of a PDF held in memory (drawn by reportlab) as the signature box's appearance."""

    def __init__(self, data: bytes):
        self.data = data
        super().__init__()

    def render(self) -> bytes:
        writer = self._ensure_writer
        with _appearance_lock:  # a reader is not safe to share between threads while it still reads
            xobject = writer.import_page_as_xobject(_appearance_reader(self.data), page_ix=0)
        name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
        self.resources.xobject[name.decode("ascii")] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name + b" Do"


def xmp_structure(namespace: str, values: dict[str, str]) -> xmp_model.XmpStructure:
    return xmp_model.XmpStructure.of(*[
        (xmp_model.ExpandedName(ns=namespace, local_name=name), xmp_model.XmpValue(str(value)))
        for name, value in values.items()])


def sign_pdf(data: bytes, *, key_row, field_name: str, box=None, page: int = 0, appearance: bytes | None = None,
             reason: str = "", location: str = "", title: str = "", xmp: list | None = None) -> bytes:
    """Sign ``data`` with the organisation's key in field ``field_name`` (created at ``box`` on ``page`` when
    given, else the field must exist). ``appearance`` is a one-page PDF drawn into the box; without it the box
    shows what the page already has beneath it (a seal drawn by the renderer). ``xmp`` adds XMP structures in the
    same revision, so the signature covers them."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    if title:
        writer.document_meta.title = title
    if xmp:
        writer.document_meta.xmp_extra = list(xmp)
    meta = PdfSignatureMetadata(field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
                                reason=reason or None, location=location or None, name=key_row.subject_name)
    style = StaticStampStyle(background=ImportedPdfBytes(appearance), border_width=0, background_opacity=1.0,
                             background_layout=_FILL) if appearance else _BLANK
    spec = fields.SigFieldSpec(field_name, on_page=page, box=tuple(box)) if box else None
    signer = PdfSigner(meta, signer=keystore.signer_for(key_row), new_field_spec=spec, stamp_style=style)
    out = io.BytesIO()
    _outside_event_loop(signer.sign_pdf, writer, output=out, bytes_reserved=BYTES_RESERVED)
    return out.getvalue()


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous API calls asyncio.run(), which refuses to start inside a thread whose event loop is
    running (an ASGI server, or Playwright's sync API in the browser journeys' own process): there, run it in a
    short-lived worker thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def _fill_layout():
    from pyhanko.pdf_utils import layout

    return layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                                      margins=layout.Margins.uniform(0), inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT)


_FILL = _fill_layout()
# A box with no drawing of its own: the seal is part of the page beneath it (transparent appearance).
_BLANK = StaticStampStyle(background=None, border_width=0)

__all__ = ["BYTES_RESERVED", "ImportedPdfBytes", "sign_pdf", "xmp_structure"]
