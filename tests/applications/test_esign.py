"""Electronic seals on the 考核认定表: unit, department and bureau sign in turn with their own keys (PAdES,
incremental updates, boxes at the seal places); the bureau's seal replaces the paper form and the applicant can
claim the e-certificate at once."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader

from tests.factories import world_application
from tests.signing.helpers import validate_all
from zhicheng.applications import esign
from zhicheng.applications.models import SignedForm, Status
from zhicheng.audit.models import AuditEntry
from zhicheng.batches.models import Stamping
from zhicheng.certificates.models import Certificate
from zhicheng.certificates.services import certificate_claim
from zhicheng.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def electronic(world, username="zhang_san"):
    app = world_application(world, username, status=Status.RECOGNISED)
    app.batch.stamping = Stamping.ELECTRONIC
    app.batch.save(update_fields=["stamping"])
    return app


def signers(data: bytes) -> list[str]:
    return [s.signer_cert.subject.native["common_name"] for s in PdfFileReader(io.BytesIO(data)).embedded_signatures]


def test_unit_department_and_bureau_sign_in_turn_and_the_applicant_claims_at_once(world, password,
                                                                                   django_capture_on_commit_callbacks):
    app = electronic(world)
    with pytest.raises(ValidationError, match="等待用人单位签章"):
        esign.form_sign(application=app, actor=world.users["bureau"], password=password)
    with pytest.raises(ValidationError, match="密码不正确"):
        esign.form_sign(application=app, actor=world.users["unit_school"], password="wrong")
    assert not SignedForm.objects.exists()

    form = esign.form_sign(application=app, actor=world.users["unit_school"], password=password)
    assert form.next_party == "department"
    assert Notification.objects.filter(user=world.users["dept_edu"], title="考核认定表待电子签章").exists()
    with pytest.raises(ValidationError, match="只有主管部门"):
        esign.form_sign(application=app, actor=world.users["dept_build"], password=password)
    form = esign.form_sign(application=app, actor=world.users["dept_edu"], password=password)
    app.refresh_from_db()
    assert app.paper_received_on is None
    form = esign.form_sign(application=app, actor=world.users["bureau"], password=password)
    assert form.is_complete
    with pytest.raises(ValidationError, match="已完成电子签章"):
        esign.form_sign(application=app, actor=world.users["bureau"], password=password)

    data = form.pdf.read()
    assert signers(data) == [app.unit.name, "盘龙区教育体育局", "盘龙区人力资源和社会保障局"]
    statuses = validate_all(data)
    assert len(statuses) == 3 and all(s.bottom_line and s.intact and s.trusted for s in statuses)
    reader = PdfFileReader(io.BytesIO(data))
    names = [s.field_name for s in reader.embedded_signatures]
    assert names == ["UnitSeal", "DepartmentSeal", "BureauSeal"]
    # each box is a real, visible rectangle at the seal places on the form's last page
    for sig in reader.embedded_signatures:
        x1, y1, x2, y2 = (float(v) for v in sig.sig_field["/Rect"])
        assert x2 - x1 > 40 and y2 - y1 > 40
    assert AuditEntry.objects.filter(action="application.form_sign").count() == 3

    app.refresh_from_db()
    assert app.paper_received_on is not None and app.paper_received_by == world.users["bureau"]
    with django_capture_on_commit_callbacks(execute=True):
        certificate_claim(application=app, actor=world.users["zhang_san"])
    assert Certificate.objects.filter(application=app).exists()


def _signature_fields(data: bytes) -> tuple[dict, dict]:
    """The form's /AcroForm but its /Fields, and its signature fields as plain values: each field's entries, its page (index; the
    PDFs here have one flat page tree), whether that page's /Annots lists it, its appearance stream."""
    reader = PdfFileReader(io.BytesIO(data))
    kids = [ref.idnum for ref in reader.root["/Pages"]["/Kids"]]

    def plain(value):
        value = value.get_object() if hasattr(value, "get_object") else value
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return round(float(value), 3) if isinstance(value, (int, float, Decimal)) else str(value)

    found = {}
    for ref in reader.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        page = field.raw_get("/P")
        appearance = field["/AP"]["/N"]
        found[str(field["/T"])] = {
            "entries": {str(k): plain(v) for k, v in field.items() if k not in ("/P", "/AP")},
            "page": kids.index(page.idnum),
            "listed on its page": ref.idnum in [a.idnum for a in page.get_object()["/Annots"]],
            "appearance": (plain(dict(appearance)), appearance.data)}
    form = reader.root["/AcroForm"]
    return {str(k): plain(v) for k, v in form.items() if k != "/Fields"}, found


@pytest.mark.parametrize("username", ["zhang_san", "wang_wu"])
def test_the_form_is_drawn_with_the_signature_fields_pyhanko_would_add(world, username):
    # The empty fields are written with the form by reportlab; they must be what pyHanko's append_signature_field
    # makes when given the same places on the drawn form without fields.
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    from zhicheng.applications.recognition import recognition_context
    from zhicheng.applications.recognition_pdf import draw_recognition_form, form_content

    app = electronic(world, username)
    data, needs_department = esign.draw_unsigned(app)
    form, drawn = _signature_fields(data)
    parties = ["unit", "department", "bureau"] if needs_department else ["unit", "bureau"]
    assert needs_department == (username == "zhang_san")
    assert form == {"/SigFlags": 1} and list(drawn) == [esign.FIELDS[p] for p in parties]
    last_page = len(PdfFileReader(io.BytesIO(data)).root["/Pages"]["/Kids"]) - 1
    assert all(field["page"] == last_page and field["listed on its page"] for field in drawn.values())

    writer = IncrementalPdfFileWriter(io.BytesIO(draw_recognition_form(form_content(recognition_context(app)))))
    for ref in PdfFileReader(io.BytesIO(data)).root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        box = tuple(float(v) for v in field["/Rect"])
        name = str(field["/T"])
        fields.append_signature_field(writer, fields.SigFieldSpec(name, on_page=drawn[name]["page"], box=box))
    out = io.BytesIO()
    writer.write(out)
    assert _signature_fields(out.getvalue()) == (form, drawn)


def test_a_unit_without_department_has_no_department_field(world, password):
    app = electronic(world, "wang_wu")
    form = esign.form_sign(application=app, actor=world.users["unit_private"], password=password)
    assert form.parties == ["unit", "bureau"] and form.next_party == "bureau"
    form = esign.form_sign(application=app, actor=world.users["bureau"], password=password)
    reader = PdfFileReader(io.BytesIO(form.pdf.read()))
    assert "DepartmentSeal" not in {f.field_name for f in reader.embedded_signatures}


def test_a_tampered_byte_breaks_the_signed_form(world, password):
    app = electronic(world, "wang_wu")
    form = esign.form_sign(application=app, actor=world.users["unit_private"], password=password)
    data = bytearray(form.pdf.read())
    data[len(data) // 3] ^= 0x01
    try:
        statuses = validate_all(bytes(data))
    except Exception:  # noqa: BLE001 - unreadable is refused too
        statuses = []
    assert not any(s.bottom_line for s in statuses)


def test_a_paper_batch_refuses_electronic_seals_and_the_page_says_why(world, password, login):
    app = world_application(world, "zhang_san", status=Status.RECOGNISED)
    with pytest.raises(ValidationError, match="纸质盖章"):
        esign.form_sign(application=app, actor=world.users["unit_school"], password=password)
    page = login(world.users["unit_school"]).get(reverse("applications:signed_form", args=[app.pk]))
    assert page.status_code == 200 and "纸质盖章" in page.content.decode()


def test_signing_through_the_page(world, password, login):
    app = electronic(world, "wang_wu")
    client = login(world.users["unit_private"])
    page = client.get(reverse("applications:signed_form", args=[app.pk])).content.decode()
    assert "确认电子签章" in page
    client.post(reverse("applications:signed_form", args=[app.pk]), {"password": "nope"})
    assert not SignedForm.objects.exists()
    client.post(reverse("applications:signed_form", args=[app.pk]), {"password": password})
    assert SignedForm.objects.get().unit_signed_by == world.users["unit_private"]
    pdf = client.get(reverse("applications:signed_form_pdf", args=[app.pk]))
    assert pdf.status_code == 200
