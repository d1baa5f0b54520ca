"""The unit review page through the real view: the 附件3 entry beside the opinion, part 3 prefilled and editable."""

import time_machine
from django.urls import reverse

from zhicheng.applications.demo import OPINION, submitted
from zhicheng.applications.eligibility import MSG_ROW_INCOMPLETE
from zhicheng.applications.models import Status

from .conftest import NOW


def _unit_review_page(listed, login, app):
    return login(listed.users["unit_private"]).get(reverse("applications:review", args=[app.pk])).content.decode()


def test_unit_review_shows_the_list_entry_and_prefills_the_publicity_opinion(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        entry = app.recommendation_entry
        start, end = entry.publicity_start, entry.publicity_end
        page = _unit_review_page(listed, login, app)
        assert "推荐人员名单（附件3）中的记录" in page
        assert f"{start.year}年{start.month}月{start.day}日 至 {end.year}年{end.month}月{end.day}日" in page
        assert "个工作日" in page and "无异议" in page
        prefilled = f"已于{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日在本单位内部公示"
        assert prefilled in page.split('name="opinion_publicity"')[1].split("</textarea>")[0]

        # the clerk edits the prefilled text; what is saved is what they typed
        edited = "已于公告栏及单位内网公示 5 个工作日，公示无异议。"
        r = login(listed.users["unit_private"]).post(reverse("applications:review", args=[app.pk]), {
            "action": "approve", "opinion_truthful": OPINION["opinion_truthful"],
            "opinion_evaluation": OPINION["opinion_evaluation"], "opinion_publicity": edited})
        assert r.status_code == 302
        app.refresh_from_db()
        assert app.status == Status.BUREAU_RECOGNITION
        assert app.reviews.get(stage=Status.UNIT_REVIEW).opinion_publicity == edited


def test_an_objection_on_the_list_is_shown_and_prefilled_as_such(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        type(app.recommendation_entry).objects.filter(pk=app.recommendation_entry_id).update(publicity_objection=True)
        app.refresh_from_db()
        page = _unit_review_page(listed, login, app)
        assert "公示结果有异议" in page


def test_rows_stored_with_older_key_names_show_their_dates_and_no_raw_key(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        row = dict(app.education[0])
        graduated = row.pop("date")
        row["graduated_on"] = graduated
        type(app).objects.filter(pk=app.pk).update(education=[row], eligibility={})
        app.refresh_from_db()
        page = _unit_review_page(listed, login, app)
        assert "&#x27;date&#x27;" not in page and "'date'" not in page
        assert f'data-label="毕业日期">{graduated}<' in page
        assert "无法自动核验条件" not in page


def test_a_row_missing_a_needed_field_is_explained_in_chinese(listed, login):
    with time_machine.travel(NOW, tick=False):
        app = submitted(listed.users["wang_wu"], listed.batches["current"], now=NOW)
        row = dict(app.education[0])
        row.pop("date")
        type(app).objects.filter(pk=app.pk).update(education=[row], eligibility={})
        app.refresh_from_db()
        page = _unit_review_page(listed, login, app)
        assert MSG_ROW_INCOMPLETE in page and "&#x27;date&#x27;" not in page
