"""A 考核认定表 sealed electronically in the browser by the unit, the department and the bureau; the applicant
claims the e-certificate the same day."""

from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import expect
from tests.factories import world_application
from tests.signing.helpers import validate_all

from zhicheng.applications.models import SignedForm, Status
from zhicheng.batches.models import Stamping
from zhicheng.certificates.models import Certificate
from zhicheng.core.demo import DEMO_PASSWORD


def test_unit_department_and_bureau_seal_the_form_and_the_applicant_claims_the_same_day(web, world):
    app = world_application(world, "zhang_san", status=Status.RECOGNISED)
    app.batch.stamping = Stamping.ELECTRONIC
    app.batch.save(update_fields=["stamping"])

    for username, label in (("unit_school", "用人单位"), ("dept_edu", "主管部门"), ("bureau", "区人社局")):
        page = web.login(username)
        page.goto(f"/applications/{app.pk}/signed-form/")
        expect(page.get_by_role("heading", name="考核认定表电子签章")).to_be_visible()
        page.locator('[name="password"]').fill(DEMO_PASSWORD)
        page.get_by_role("button", name="确认电子签章").click()
        expect(page.get_by_text("已完成电子签章。")).to_be_visible()
        expect(page.locator("tr", has_text=label).get_by_text("已签章")).to_be_visible()
        web.shot(page, f"signed-form-{username}")

    form = SignedForm.objects.get(application=app)
    assert form.is_complete
    pdf = page.request.get(f"/applications/{app.pk}/signed-form.pdf")
    assert pdf.status == 200
    # pyHanko runs its own event loop; Playwright's sync API keeps one running in this thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        statuses = pool.submit(validate_all, pdf.body()).result()
    assert len(statuses) == 3 and all(s.bottom_line for s in statuses)

    applicant = web.login("zhang_san", phone=True)
    applicant.goto(f"/applications/{app.pk}/")
    applicant.get_by_role("button", name="申领电子职称证书").click()
    certificate = Certificate.objects.get(application=app)
    expect(applicant.get_by_text(certificate.number).first).to_be_visible()
    app.refresh_from_db()
    assert certificate.issued_at.date() == form.bureau_signed_at.date()
    web.shot(applicant, "certificate-claimed-after-esign")
