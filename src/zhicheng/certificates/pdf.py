"""The certificate PDF: drawn with reportlab, signed by the issuing bureau (PAdES, pyHanko), GB/T 36903 metadata in
its XMP.

Why reportlab and not the WeasyPrint template it had: issuing a certificate with its PDF took about 120 ms of CPU,
almost all of it WeasyPrint's layout and ``write_pdf`` (py-spy on ``benchmarks/documents.py``), 8 per CPU-second
against a target of 20. One landscape page at fixed places needs no layout engine; drawn on a canvas with the same
shipped font (``applications.recognition_pdf``) it takes about 18 ms, and the bureau's PAdES signature about 5 ms
(``signing.pdf`` says why; minimum of repeated runs on a loaded machine).

What a reader sees: one A4 landscape page; the bureau's seal at the issuer's stamp place is the visible signature
box (click it in a PAdES-validating reader to see who signed, and that nothing changed since); the QR code opens
public verification. A revoked certificate is drawn again with a red 已撤销 mark and the date, and signed again, so
the file downloaded after revocation says so by itself (``certificate_render_pdf``).
"""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from zhicheng.applications.recognition_pdf import (
    BOLD,
    REGULAR,
    QRCode,
    _lock,
    _markup,
    _style,
    draw_seal,
    register_fonts,
)
from zhicheng.documents.formats import cn_date
from zhicheng.signing.pdf import sign_pdf, xmp_structure
from zhicheng.signing.services import active_key

from . import standard

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
RED = HexColor("#8a1c1c")
GREY = HexColor("#444444")
MARGIN = 14 * mm
SEAL_RADIUS = 20 * mm
SEAL_CENTRE = (PAGE_WIDTH - MARGIN - 62 * mm, MARGIN + 52 * mm)
# The visible signature box: the square around the seal (the issuer's stamp place).
SEAL_BOX = (SEAL_CENTRE[0] - SEAL_RADIUS - 1 * mm, SEAL_CENTRE[1] - SEAL_RADIUS - 1 * mm,
            SEAL_CENTRE[0] + SEAL_RADIUS + 1 * mm, SEAL_CENTRE[1] + SEAL_RADIUS + 1 * mm)
SIGNATURE_FIELD = "Issuer"

VALUE = _style("cert_value", size=12.5, spaceAfter=0)
FOOT = _style("cert_foot", size=7.5, spaceAfter=0, textColor=GREY)


def verify_url(certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.verify_path


def certificate_content(certificate, *, revoked: bool) -> dict:
    """Everything the page prints, as strings."""
    site = settings.SITE_URL.rstrip("/")
    return {
        "number": certificate.number,
        "identifier": certificate.identifier,
        "rows": [("证书编号", certificate.number), ("姓　　名", certificate.holder_name),
                 ("身份证号码", certificate.id_number_masked), ("工作单位", certificate.unit_name),
                 ("职称系列", certificate.series), ("专　　业", certificate.specialty), ("级　　别", certificate.level),
                 ("认定时间", cn_date(certificate.recognised_on))],
        "issuer": certificate.issuing_bureau,
        "issued_on": cn_date(timezone.localtime(certificate.issued_at).date()),
        "verify_url": verify_url(certificate),
        "verify_page_url": site + reverse("certificates:verify"),
        "ca_url": site + reverse("certificates:ca_certificate"),
        "revoked_on": cn_date(timezone.localtime(certificate.revoked_at).date()) if revoked and certificate.revoked_at
        else "",
    }


def _draw_revoked(canvas: Canvas, revoked_on: str) -> None:
    canvas.saveState()
    canvas.setFillColor(Color(0.78, 0.09, 0.11, alpha=0.55))
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(20)
    canvas.setFont(BOLD, 96)
    canvas.drawCentredString(0, 0, "已撤销")
    canvas.setFont(BOLD, 20)
    canvas.drawCentredString(0, -34, f"本证书已于 {revoked_on} 撤销，不再具有效力")
    canvas.restoreState()


def draw_certificate(content: dict) -> bytes:
    """The unsigned page for ``certificate_content(...)``."""
    register_fonts()
    buf = io.BytesIO()
    with _lock:
        canvas = Canvas(buf, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), initialFontName=REGULAR, lang="zh-Hans",
                        pageCompression=1)
        canvas.setTitle(f"电子职称证书 {content['number']}")
        canvas.setAuthor(content["issuer"])
        canvas.setCreator("初级职称考核认定平台")
        canvas.setStrokeColor(RED)
        canvas.setLineWidth(2.5)
        canvas.rect(MARGIN, MARGIN, PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT - 2 * MARGIN)
        canvas.setLineWidth(0.8)
        canvas.rect(MARGIN + 2.2 * mm, MARGIN + 2.2 * mm, PAGE_WIDTH - 2 * MARGIN - 4.4 * mm,
                    PAGE_HEIGHT - 2 * MARGIN - 4.4 * mm)
        canvas.setFillColor(RED)
        canvas.setFont(BOLD, 26)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - MARGIN - 22 * mm, "专 业 技 术 人 员 职 称 证 书")
        canvas.setFillColor(GREY)
        canvas.setFont(REGULAR, 9)
        canvas.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - MARGIN - 29 * mm, "初级职称考核认定 · 电子证书")

        left, label_width, value_width = MARGIN + 18 * mm, 30 * mm, 130 * mm
        y = PAGE_HEIGHT - MARGIN - 44 * mm
        canvas.setStrokeColor(HexColor("#bbbbbb"))
        canvas.setLineWidth(0.5)
        for label, value in content["rows"]:
            canvas.setFillColor(GREY)
            canvas.setFont(REGULAR, 12)
            canvas.drawString(left, y, label)
            para = Paragraph(_markup(value), VALUE)
            _w, h = para.wrap(value_width, 30 * mm)
            para.drawOn(canvas, left + label_width, y - h + VALUE.fontSize * 1.05)
            canvas.line(left, y - 2.4 * mm, left + label_width + value_width, y - 2.4 * mm)
            y -= max(h, 9 * mm) + 1.5 * mm

        qr = QRCode(content["verify_url"])
        qr.size, qr.width = 36 * mm, 38 * mm
        qr.height = qr.size + qr.label_size * 1.45
        qr.drawOn(canvas, PAGE_WIDTH - MARGIN - 62 * mm, PAGE_HEIGHT - MARGIN - 86 * mm)

        draw_seal(canvas, content["issuer"], *SEAL_CENTRE, SEAL_RADIUS)
        canvas.setFillColor(HexColor("#000000"))
        canvas.setFont(REGULAR, 12.5)
        x = PAGE_WIDTH - MARGIN - 14 * mm
        canvas.drawRightString(x, MARGIN + 44 * mm, f"发证机关：{content['issuer']}")
        canvas.drawRightString(x, MARGIN + 36 * mm, f"签发日期：{content['issued_on']}")

        foot = (f"证照标识（GB/T 36904）：{content['identifier']}<br/>"
                f"查验网址：{content['verify_page_url']}（扫描二维码，或输入证书编号和姓名；也可上传本 PDF 查验）<br/>"
                "本证书由发证机关以电子签名（PAdES）签署，导入本平台根 CA 证书"
                f"（{content['ca_url']}）后可在支持 PAdES 的 PDF 阅读器中离线验证；是否已撤销以查验页面为准。")
        para = Paragraph(foot, FOOT)
        _w, h = para.wrap(PAGE_WIDTH - 2 * MARGIN - 36 * mm - 2 * SEAL_RADIUS - 30 * mm, 40 * mm)
        para.drawOn(canvas, left, MARGIN + 8 * mm)
        if content["revoked_on"]:
            _draw_revoked(canvas, content["revoked_on"])
        canvas.showPage()
        canvas.save()
    return buf.getvalue()


def render_certificate_pdf(certificate, *, revoked: bool | None = None) -> bytes:
    """The certificate PDF signed by its district bureau, with the GB/T 36903 metadata in the signed revision."""
    revoked = (not certificate.is_valid) if revoked is None else revoked
    data = draw_certificate(certificate_content(certificate, revoked=revoked))
    district = certificate.district
    return sign_pdf(
        data, key_row=active_key(district), field_name=SIGNATURE_FIELD, box=SEAL_BOX,
        reason="撤销电子职称证书" if revoked else "签发电子职称证书", location=f"{district.city}{district.name}",
        title=f"电子职称证书 {certificate.number}",
        xmp=[xmp_structure(standard.XMP_NAMESPACE, standard.metadata(certificate, revoked=revoked))])
