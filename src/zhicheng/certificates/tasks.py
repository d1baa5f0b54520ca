"""Background tasks: issuing and rendering certificates (eager in the embedded default, Celery workers otherwise)."""

from celery import shared_task


@shared_task(name="zhicheng.certificates.issue_certificates")
def issue_certificates(application_ids, *, actor_id=None, job_id=None, claimed_by_id=None) -> dict:
    """Issue and render the certificates of these applications; progress is kept on an IssueJob.

    ``actor_id`` is the bureau staff issuing them; ``claimed_by_id`` the applicant who claimed one (the system then
    issues it on the bureau's behalf, see ``services.certificate_issue``).
    """
    from zhicheng.accounts.models import User

    from .models import IssueJob, IssueJobItem
    from .services import run_issue_job

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    claimed_by = User.objects.get(pk=claimed_by_id) if claimed_by_id else None  # never issue a claim as the system
    if job_id is None:
        job = IssueJob.objects.create(created_by=claimed_by or actor, total=len(application_ids))
        IssueJobItem.objects.bulk_create([IssueJobItem(job=job, application_id=pk) for pk in application_ids])
    else:
        job = IssueJob.objects.get(pk=job_id)
    job = run_issue_job(job=job, actor=actor, claimed_by=claimed_by)
    return {"job": job.pk, "status": job.status, "done": job.done, "failed": job.failed, "total": job.total}
