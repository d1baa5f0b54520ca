"""Demo certificates: the bureau issues those of recognised demo applications whose stamped paper forms it has
recorded. Then it records 王五's paper form too and leaves that certificate for him to claim (申领, notice 三（四）),
so the claim can be tried: log in as wang_wu, open 我的证书 or his 2024 application."""

import datetime as dt

from zhicheng.applications.models import Application, Status
from zhicheng.applications.services import application_record_paper, unit_clerks
from zhicheng.core.demo import at

from .services import certificate_issue, certificate_render_pdf

CLAIM_LEFT_TO = "wang_wu"


def seed(world) -> None:
    bureau = world.users.get("bureau")
    applications = (Application.objects.filter(status=Status.RECOGNISED, paper_received_on__isnull=False,
                                               certificate__isnull=True)
                    .select_related("batch__district").order_by("id"))
    for application in applications:
        actor = bureau if bureau is not None and bureau.district_id == application.batch.district_id else None
        certificate = certificate_issue(application=application, actor=actor)
        certificate_render_pdf(certificate=certificate)
    claimant = world.users.get(CLAIM_LEFT_TO)
    left = (Application.objects.filter(applicant=claimant, status=Status.RECOGNISED, paper_received_on__isnull=True,
                                       recognised_on__lte=dt.date(2024, 9, 27), batch__district_id=bureau.district_id)
            .order_by("id").first() if claimant is not None and bureau is not None else None)
    if left is not None:
        application_record_paper(application=left, actor=bureau, received_on=dt.date(2024, 9, 27),
                                 delivered_by=unit_clerks([left.unit_id])[left.unit_id][0],
                                 now=at(2024, 9, 27, 15))
