"""A refused review decision through the real view: the error summary at the top links every problem to its
field, the field says what is wrong beside it, and a screen reader hears hint and error (aria-describedby)."""

import re

import time_machine
from django.urls import reverse

from zhicheng.applications import services
from zhicheng.applications.demo import OPINION, submitted
from zhicheng.applications.models import Status

from .conftest import NOW


def _summary(page: str) -> str:
    found = re.search(r'<div class="error-summary" role="alert"[^>]*data-autofocus>(.*?)</div>', page, re.S)
    assert found, "no error summary on the page"
    return found.group(1)


def _links(summary: str) -> dict[str, str]:
    return {href: re.sub(r"<[^>]+>", "", text) for href, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary)}


def _ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def _field_tag(page: str, field_id: str) -> str:
    return re.search(rf'<(?:textarea|select|input)\b[^>]*\bid="{re.escape(field_id)}"[^>]*>', page).group(0)


def _described_by(page: str, field_id: str) -> list[str]:
    return re.search(r'aria-describedby="([^"]+)"', _field_tag(page, field_id)).group(1).split()


def _post(login, user, app, data):
    response = login(user).post(reverse("applications:review", args=[app.pk]), data)
    assert response.status_code == 200
    return response.content.decode()


def test_a_too_short_unit_opinion_is_linked_from_the_summary_and_described_at_its_field(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        page = _post(login, listed.users["unit_private"], app, {
            "action": "approve", "opinion_truthful": "属实", "opinion_evaluation": OPINION["opinion_evaluation"],
            "opinion_publicity": ""})
    app.refresh_from_db()
    assert app.status == Status.UNIT_REVIEW  # nothing decided

    links = _links(_summary(page))
    assert set(links) == {"id_opinion_truthful", "id_opinion_publicity"}
    assert "申请人填写内容是否属实：“申请人填写内容是否属实”请具体填写" in links["id_opinion_truthful"]
    ids = _ids(page)
    for field_id in links:
        assert field_id in ids
        described = _described_by(page, field_id)
        assert described == [f"{field_id}_helptext", f"{field_id}_error"]
        assert set(described) <= ids
        assert 'aria-invalid="true"' in _field_tag(page, field_id)
    # the message beside the field is the service's, once, and what was typed is still there
    error_block = page.split('id="id_opinion_truthful_error"')[1].split("</div>")[0]
    assert "请具体填写" in error_block and "必填" not in page
    assert re.search(r">\s*属实</textarea>", page)
    assert 'aria-describedby="id_opinion_evaluation_helptext"' in page  # a good part keeps only its hint


def test_a_return_item_without_its_target_points_at_that_rows_field(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        page = _post(login, listed.users["unit_private"], app, {
            "action": "return", "item-0-target": "section:basic", "item-0-reason": "单位名称写错",
            "item-2-reason": "请补充 2023 年的业绩"})  # row 2 blank, row 3 says why but not what
    app.refresh_from_db()
    assert app.status == Status.UNIT_REVIEW and app.return_count == 0

    links = _links(_summary(page))
    assert links == {"id_item-2-target": f"第 3 项“需修改的部分或材料”：{services.MSG_RETURN_ITEM_SECTION}"}
    assert "id_item-2-target" in _ids(page)
    assert _described_by(page, "id_item-2-target") == ["id_item-2-target_error"]
    assert "id_item-2-target_error" in _ids(page)
    assert '<details open><summary>退回修改' in page  # the link's field is not hidden in a closed section
    assert "单位名称写错" in page and "请补充 2023 年的业绩" in page  # nothing typed is lost


def test_a_return_with_no_item_is_said_in_the_summary(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        page = _post(login, listed.users["unit_private"], app, {"action": "return"})
    summary = _summary(page)
    assert services.MSG_RETURN_EMPTY in summary and _links(summary) == {}


def test_the_bureau_rejecting_without_a_reason_is_sent_to_the_reason_field(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        app = services.application_approve(application=app, actor=listed.users["unit_private"], opinion=OPINION,
                                           now=NOW)
        assert app.status == Status.BUREAU_RECOGNITION
        page = _post(login, listed.users["bureau"], app, {"action": "reject", "reason": "  "})
    app.refresh_from_db()
    assert app.status == Status.BUREAU_RECOGNITION

    links = _links(_summary(page))
    assert links == {"id_reason": f"不予认定的原因：{services.MSG_REJECT_REASON}"}
    assert _described_by(page, "id_reason") == ["id_reason_helptext", "id_reason_error"]
    assert {"id_reason", "id_reason_helptext", "id_reason_error"} <= _ids(page)
    assert '<details open><summary>不予认定' in page
