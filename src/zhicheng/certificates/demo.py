"""Demo certificates: issued for recognised demo applications whose stamped paper forms have been recorded."""

from zhicheng.applications.models import Application, Status

from .services import certificate_issue, certificate_render_pdf


def seed(world) -> None:
    bureau = world.users.get("bureau")
    applications = (Application.objects.filter(status=Status.RECOGNISED, paper_received_on__isnull=False,
                                               certificate__isnull=True)
                    .select_related("batch__district").order_by("id"))
    for application in applications:
        actor = bureau if bureau is not None and bureau.district_id == application.batch.district_id else None
        certificate = certificate_issue(application=application, actor=actor)
        certificate_render_pdf(certificate=certificate)
