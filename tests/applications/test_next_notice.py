"""Next quarter's notice is a data change and a batch: a parameter set with a new dated value changes what a
batch following it allows, and an earlier batch keeps its own rules — through the real services and pages."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
import yaml
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhicheng.applications import services
from zhicheng.applications.demo import ACHIEVEMENTS, OPINION, submitted
from zhicheng.applications.models import Section, Status
from zhicheng.batches.models import Batch
from zhicheng.core.demo import at
from zhicheng.policy import parameters

from .conftest import NOW, put_on_list

NEXT = Path(__file__).with_name("next_notice.yaml")
IN_NEXT_WINDOW = at(2027, 1, 12, 10)


@pytest.fixture
def next_notice(tmp_path):
    """policy/params with the next notice's values added (as a policy officer edits them), installed."""
    change = yaml.safe_load(NEXT.read_text(encoding="utf-8"))
    for path in parameters.PARAMS_DIR.glob("*.yaml"):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, number in change["values"].items():
            if name in entries:
                entries[name]["values"][change["effective"]] = number
        (tmp_path / path.name).write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    before = parameters.version()
    try:
        yield parameters.install(tmp_path)
    finally:
        parameters.install()
    assert parameters.version() == before


@pytest.fixture
def next_batch(listed):
    batch = Batch.objects.create(
        district=listed.districts["panlong"], name="2027年第一期", year=2027, sequence=1,
        list_deadline=at(2027, 1, 8, 17), window_start=at(2027, 1, 11, 9), window_end=at(2027, 1, 29, 17),
        revision_deadline=at(2027, 2, 5, 17), review_deadline=at(2027, 2, 10, 17), is_published=True)
    listed.batches["next"] = batch
    put_on_list(listed, "wang_wu", "next")
    return batch


RETURN = [{"section": Section.ACHIEVEMENTS, "reason": "请补充具体项目。"}]


def _return_and_resubmit(app, officer, now, i):
    app = services.application_return(application=app, actor=officer, items=RETURN, now=now)
    if app.status == Status.RETURNED:
        app = services.application_section_save(application=app, actor=app.applicant, section=Section.ACHIEVEMENTS,
                                                value=app.achievements + f"补充第{i}次。", now=now)
        app = services.application_submit(application=app, actor=app.applicant, now=now)
    return app


def test_a_batch_under_the_next_notice_follows_its_parameters(next_notice, next_batch, listed, login):
    officer = listed.users["unit_private"]
    assert next_batch.procedure.max_returns == 4 and listed.batches["current"].procedure.max_returns == 3

    # 业绩: 500 characters under the next notice (五（一）)
    app = services.application_start(user=listed.users["wang_wu"], batch=next_batch, now=IN_NEXT_WINDOW)
    assert len(ACHIEVEMENTS.replace(" ", "")) < 500
    with pytest.raises(ValidationError) as exc:
        services.application_section_save(application=app, actor=app.applicant, section=Section.ACHIEVEMENTS,
                                          value=ACHIEVEMENTS, now=IN_NEXT_WINDOW)
    assert "不少于 500 字" in " ".join(exc.value.messages)
    with time_machine.travel(IN_NEXT_WINDOW, tick=False):
        page = login(app.applicant).get(reverse("applications:section", args=[app.pk, Section.ACHIEVEMENTS]))
    assert "不少于 500 字" in page.content.decode()
    with time_machine.travel(IN_NEXT_WINDOW, tick=False):
        page = login(app.applicant).get(reverse("applications:attachments", args=[app.pk])).content.decode()
    assert "公示不少于 7 个工作日（五（六））" in page
    app.delete()

    app = _submitted_with(listed, next_batch, ACHIEVEMENTS + "在此基础上继续补充的工作业绩说明。" * 12)
    assert app.parameter_version == next_notice

    # the unit's opinion: 20 characters a part
    with pytest.raises(ValidationError) as exc:
        services.application_approve(application=app, actor=officer, now=IN_NEXT_WINDOW,
                                     opinion={**OPINION, "opinion_publicity": "已公示五个工作日，无异议。"})
    assert "不少于 20 个字" in " ".join(exc.value.messages)

    # four returns allowed: the third leaves it open, the fourth ends it
    for i in range(1, 4):
        app = _return_and_resubmit(app, officer, IN_NEXT_WINDOW, i)
        assert app.status == Status.UNIT_REVIEW and app.return_count == i
    with time_machine.travel(IN_NEXT_WINDOW, tick=False):
        page = login(officer).get(reverse("applications:review", args=[app.pk])).content.decode()
    assert "退回次数：3 / 4" in page and "第 4 次退回将终止申报" in page
    app = services.application_return(application=app, actor=officer, items=RETURN, now=IN_NEXT_WINDOW)
    assert app.status == Status.CLOSED and "4 次" in app.closed_reason


def test_the_earlier_batch_keeps_its_own_notice(next_notice, next_batch, listed):
    app = submitted(listed.users["li_si"], listed.batches["current"], now=NOW)
    for i in range(1, 4):
        app = _return_and_resubmit(app, listed.users["unit_soe"], NOW, i)
    assert app.status == Status.CLOSED and app.return_count == 3


def _submitted_with(world, batch, achievements):
    from zhicheng.applications.demo import facts, fill, upload_all

    app = services.application_start(user=world.users["wang_wu"], batch=batch, now=IN_NEXT_WINDOW)
    values = facts(app, IN_NEXT_WINDOW.date())
    values[Section.ACHIEVEMENTS] = achievements
    app = fill(app, now=IN_NEXT_WINDOW, values=values)
    upload_all(app)
    return services.application_submit(application=app, actor=app.applicant, now=IN_NEXT_WINDOW)


def test_the_fixture_is_only_data():
    """The next notice changes values the policy package already reads — no new names."""
    change = yaml.safe_load(NEXT.read_text(encoding="utf-8"))
    assert set(change["values"]) <= set(parameters.names())
    assert dt.date.fromisoformat(change["effective"]) > max(
        d for name in parameters.names() for d in parameters.entry(name).effective)


def test_the_units_list_is_checked_with_its_batchs_publicity_minimum(next_notice, next_batch, listed):
    from zhicheng.recommendations.checks import entry_problems
    from zhicheng.recommendations.models import RecommendationEntry

    entry = RecommendationEntry.objects.get(recommendation_list__batch=next_batch)
    unit = entry.recommendation_list.unit
    assert any("须不少于7个工作日" in p for p in entry_problems(entry, unit=unit, batch=next_batch))
    # the same dates under the current notice (5 working days) pass
    assert not any("工作日" in p for p in entry_problems(entry, unit=unit, batch=listed.batches["current"]))


def test_the_import_template_quotes_the_notice_in_force(next_notice):
    import io

    from openpyxl import load_workbook

    from zhicheng.recommendations.excel import HEADERS, build_template

    for on, days in ((dt.date(2026, 11, 20), 5), (dt.date(2027, 1, 8), 7)):
        ws = load_workbook(io.BytesIO(build_template(on=on))).active
        note = ws.cell(2, HEADERS.index("公示开始日期") + 1).comment.text
        assert f"公示不少于 {days} 个工作日" in note


def test_the_batch_page_says_which_rules_it_follows(next_notice, next_batch, listed, login):
    with time_machine.travel(IN_NEXT_WINDOW, tick=False):
        page = login(listed.users["bureau"]).get(reverse("batches:detail", args=[next_batch.pk])).content.decode()
        current = login(listed.users["bureau"]).get(
            reverse("batches:detail", args=[listed.batches["current"].pk])).content.decode()
    assert "按推荐名单报送截止日（2027年1月8日）有效的通知规定办理" in page
    assert "不少于 500 字" in page and "4 次提出审核意见仍存在问题的" in page and "不少于 7 个工作日" in page
    assert "不少于 400 字" in current and "3 次提出审核意见仍存在问题的" in current
