"""一（二）: the applicant's declarations and the unit's assessment facts reach the eligibility check."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhicheng.applications import services
from zhicheng.applications.demo import facts, fill, submitted, upload_all
from zhicheng.applications.models import Section, Status
from zhicheng.recommendations.models import AnnualReview

from .conftest import NOW


def test_applicant_declaring_retirement_cannot_submit_and_sees_why(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = services.application_start(user=listed.users["wang_wu"], batch=listed.batches["current"])
        values = facts(app, NOW.date())
        values[Section.BASIC] = {**values[Section.BASIC], "is_retired": True}
        app = fill(app, now=NOW, values=values)
        upload_all(app)
        with pytest.raises(ValidationError) as exc:
            services.application_submit(application=app, actor=app.applicant)
        assert "离退休" in " ".join(exc.value.messages)
        client = login(app.applicant)
        form = client.get(reverse("applications:section", args=[app.pk, Section.BASIC])).content.decode()
        page = client.get(reverse("applications:check", args=[app.pk])).content.decode()
    assert "本人是公务员或参公管理人员" in form and "本人已离退休" in form
    assert "离退休人员不得申报职称。" in page and "check-fail" in page
    app.refresh_from_db()
    assert app.status == Status.DRAFT and app.is_retired


def test_units_assessment_facts_show_in_the_reviewers_automatic_check(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        rec = app.recommendation_entry
        rec.last_annual_review = AnnualReview.BASIC
        rec.save(update_fields=["last_annual_review"])
        services.application_check_eligibility(application=app)
        page = login(listed.users["unit_private"]).get(reverse("applications:review", args=[app.pk])).content.decode()
    assert "上年度考核为基本合格，不得参加初级职称考核认定。" in page
    app.refresh_from_db()
    failing = {r["code"] for r in app.eligibility["reasons"] if not r["ok"]}
    assert failing == {"unit_assessment"}
