"""Run by tests/applications/test_lifecycle.py in a copy of the project whose only changes are a 专家评审
stage entry and its status value (``expert_review``): the engine routes every case through it."""

import time_machine
from django.urls import reverse

from zhicheng.applications import services, workflow
from zhicheng.applications.demo import OPINION, submitted
from zhicheng.applications.models import Application, Decision, Status
from zhicheng.audit.labels import ACTION_LABELS
from zhicheng.audit.models import AuditEntry

from .conftest import NOW

EXPERT = "expert_review"


def test_with_a_department_the_case_goes_through_the_expert_panel(listed, login):
    bureau = listed.users["bureau"]
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["li_si"], listed.batches["current"], now=NOW)
        app = services.application_approve(application=app, actor=listed.users["unit_soe"], opinion=OPINION)
        app = services.application_approve(application=app, actor=listed.users["dept_build"])
        assert app.status == EXPERT
        queue = login(bureau).get(reverse("applications:queue") + f"?status={EXPERT}").content.decode()
        assert "待专家评审" in queue and app.applicant.display_name in queue
        page = login(bureau).get(reverse("applications:review", args=[app.pk])).content.decode()
        assert "评审通过" in page
        app = services.application_approve(application=app, actor=bureau, comment="专家组同意。")
        assert app.status == Status.BUREAU_RECOGNITION
        app = services.application_approve(application=app, actor=bureau, comment="同意认定。")
        assert app.status == Status.RECOGNISED
    stages = list(app.reviews.values_list("stage", flat=True))
    assert stages == [Status.UNIT_REVIEW, Status.DEPARTMENT_RECHECK, EXPERT, Status.BUREAU_RECOGNITION]
    assert app.reviews.get(stage=EXPERT).get_stage_display() == "专家评审"
    assert ACTION_LABELS["application.expert_approve"] == "专家评审通过"
    assert AuditEntry.objects.filter(action="application.expert_approve", to_state=Status.BUREAU_RECOGNITION).exists()


def test_without_a_department_it_is_skipped_and_the_expert_panel_still_decides(listed):
    bureau = listed.users["bureau"]
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        app = services.application_approve(application=app, actor=listed.users["unit_private"], opinion=OPINION)
        assert app.status == EXPERT
        assert app.reviews.get(stage=Status.DEPARTMENT_RECHECK).decision == Decision.SKIP
        app = services.application_return(application=app, actor=bureau, items=[
            {"section": "achievements", "reason": "专家组：请补充代表性业绩。"}])
        assert app.status == Status.RETURNED and app.returned_from == EXPERT
    assert ACTION_LABELS["application.expert_return"] == "评审专家退回修改"


def test_the_expert_panel_is_a_review_stage_everywhere(listed):
    assert EXPERT in workflow.REVIEW_STATUSES and EXPERT in workflow.OPEN_STATUSES
    assert [s.status for s in workflow.STAGES].index(EXPERT) == 2
    assert not Application.objects.filter(status=EXPERT).exists()
