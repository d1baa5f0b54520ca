"""The certificate PDF (rendered with the documents app's WeasyPrint set-up and embedded font)."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from zhicheng.documents.formats import cn_date
from zhicheng.documents.pdf import qr_data_uri, render_pdf


def verify_url(certificate) -> str:
    return settings.SITE_URL.rstrip("/") + certificate.verify_path


def certificate_context(certificate) -> dict:
    url = verify_url(certificate)
    return {"c": certificate, "verify_url": url, "qr": qr_data_uri(url, scale=3),
            "recognised_on": cn_date(certificate.recognised_on),
            "issued_on": cn_date(timezone.localtime(certificate.issued_at).date()),
            "verify_page_url": settings.SITE_URL.rstrip("/") + reverse("certificates:verify"),
            "public_key_url":
            settings.SITE_URL.rstrip("/") + reverse("certificates:public_key")}


def render_certificate_pdf(certificate) -> bytes:
    return render_pdf("certificates/pdf/certificate.html", certificate_context(certificate))
