"""Validate signatures the way a PAdES-validating reader does: pyHanko, trusting only the installation's CA."""

import io

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from zhicheng.signing.services import trust_anchor_certificates


def validate_all(data: bytes):
    roots = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
             for c in trust_anchor_certificates()]
    reader = PdfFileReader(io.BytesIO(data))
    return [validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
            for sig in reader.embedded_signatures]


def one_page_pdf(text: str = "测试") -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.drawString(72, 720, text.encode("ascii", "replace").decode())
    canvas.showPage()
    canvas.save()
    return buf.getvalue()
