"""Units over the API: the current batch, the 附件3 list written and read with the screen's validator, submission."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from zhicheng.audit.models import AuditEntry
from zhicheng.core.demo import at, make_id_number
from zhicheng.recommendations.models import RecommendationEntry, RecommendationList

pytestmark = pytest.mark.django_db
BEFORE_DEADLINE = at(2026, 11, 16, 10)


def person(index: int) -> str:
    return make_id_number("530102", dt.date(1995, 4, index), 60 + index, True)


def entry(index=1, **overrides) -> dict:
    data = {"real_name": f"刘洋{'一二三四五'[index - 1]}", "id_number": person(index), "series": "工程",
            "specialty": "建筑工程", "level": "zhuliji", "post": "技术员", "assessment_result": "passed",
            "assessment_date": "2026-10-29", "publicity_start": "2026-11-02", "publicity_end": "2026-11-06",
            "pledge_date": "2026-10-30", "opinion_date": "2026-11-09"}
    data.update(overrides)
    return data


@pytest.fixture
def officer_token(world, token_for):
    return token_for(world.users["unit_soe"])


@pytest.fixture(autouse=True)
def _before_deadline():
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        yield


def _entries_url(world, batch="current"):
    return f"/api/v1/unit/batches/{world.batches[batch].pk}/list/entries"


def test_the_current_batch(world, officer_token, call):
    body = call("get", "/api/v1/unit/batches/current", officer_token).json()
    assert body["id"] == world.batches["current"].pk and body["name"] == "2026年第四期（12月）"
    assert body["list_deadline"] == "2026-11-20T17:00:00+08:00"  # Beijing time, as the pages say


def test_a_list_written_over_the_api_reads_the_same_on_the_page(world, officer_token, call, login):
    response = call("post", _entries_url(world), officer_token, {"entries": [entry(1), entry(2)]})
    assert response.status_code == 201, response.json()
    names = [e["real_name"] for e in response.json()["entries"]]
    assert names == ["刘洋一", "刘洋二"]
    page = login(world.users["unit_soe"]).get(reverse("recommendations:list", args=[world.batches["current"].pk]))
    text = page.content.decode()
    assert "刘洋一" in text and "刘洋二" in text
    listed = call("get", f"/api/v1/unit/batches/{world.batches['current'].pk}/list", officer_token).json()
    assert [e["id_number"] for e in listed["entries"]] == [person(1), person(2)]
    assert AuditEntry.objects.filter(action="recommendation_list.import", actor=world.users["unit_soe"]).exists()


def test_every_rows_problems_at_once_and_nothing_saved(world, officer_token, call):
    bad = [entry(1), entry(2, id_number="123", level="boss"), entry(3, real_name="=HYPERLINK(1)", series="")]
    response = call("post", _entries_url(world), officer_token, {"entries": bad})
    assert response.status_code == 422
    fields = {p["field"] for p in response.json()["problems"]}
    assert {"entries[1].id_number", "entries[1].level", "entries[2].real_name", "entries[2].series"} <= fields
    assert all(p["message"] for p in response.json()["problems"])
    assert not RecommendationEntry.objects.filter(real_name__startswith="刘洋").exists()
    assert not RecommendationList.objects.filter(unit=world.units["soe"]).exists()
    assert not AuditEntry.objects.filter(actor=world.users["unit_soe"]).exclude(action="api_token.create").exists()


@pytest.mark.parametrize("body, field", [
    ('{"entries": [', "请求体"),
    ({"entries": [entry(1) | {"salary": 1}]}, "entries[0].salary"),
    ({"entries": [entry(1) | {"publicity_start": "昨天"}]}, "entries[0].publicity_start"),
    ({"entries": [entry(1) | {"obeys_arrangements": "maybe"}]}, "entries[0].obeys_arrangements"),
    ({"entries": [entry(1) | {"real_name": "张\u0000三"}]}, "entries[0].real_name"),
    ({"entries": "all"}, "entries"),
])
def test_bad_input_is_4xx_in_chinese_and_changes_nothing(world, officer_token, call, body, field):
    response = call("post", _entries_url(world), officer_token, body)
    assert 400 <= response.status_code < 500
    answer = response.json()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in answer["error"])
    if field != "请求体":
        assert field in {p["field"] for p in answer["problems"]}
    assert not RecommendationList.objects.filter(unit=world.units["soe"]).exists()


def test_an_oversize_body_is_413(world, officer_token, call):
    response = call("post", _entries_url(world), officer_token, '{"entries": []' + " " * (3 * 1024 * 1024) + "}")
    assert response.status_code == 413, response.json()
    assert "过大" in response.json()["error"]


def test_change_remove_and_submit_like_the_page(world, officer_token, call, policy):
    policy()
    created = call("post", _entries_url(world), officer_token, {"entries": [entry(1)]}).json()
    entry_id = created["entries"][0]["id"]
    changed = call("put", f"/api/v1/unit/entries/{entry_id}", officer_token, entry(1, specialty="市政工程"))
    assert changed.status_code == 200 and changed.json()["specialty"] == "市政工程"
    submitted = call("post", f"/api/v1/unit/batches/{world.batches['current'].pk}/list/submit", officer_token)
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    refused = call("delete", f"/api/v1/unit/entries/{entry_id}", officer_token)
    assert refused.status_code == 422 and "已于" in refused.json()["error"]
    assert RecommendationEntry.objects.filter(pk=entry_id).exists()


def test_submit_refused_lists_every_reason(world, officer_token, call):
    call("post", _entries_url(world), officer_token, {"entries": [entry(1, publicity_end="2026-11-03")]})
    response = call("post", f"/api/v1/unit/batches/{world.batches['current'].pk}/list/submit", officer_token)
    assert response.status_code == 422
    messages = [p["message"] for p in response.json()["problems"]]
    assert any("考核推荐制度" in m for m in messages) and any("工作日" in m for m in messages)


def test_another_units_entry_and_the_other_districts_batch_are_404(world, officer_token, token_for, call):
    created = call("post", _entries_url(world), officer_token, {"entries": [entry(1)]}).json()
    entry_id = created["entries"][0]["id"]
    other = token_for(world.users["unit_school"])
    assert call("put", f"/api/v1/unit/entries/{entry_id}", other, entry(1, specialty="x")).status_code == 404
    assert call("delete", f"/api/v1/unit/entries/{entry_id}", other).status_code == 404
    assert RecommendationEntry.objects.get(pk=entry_id).specialty == "建筑工程"
    from zhicheng.batches.models import Batch
    wuhua = Batch.objects.create(district=world.districts["wuhua"], name="五华", year=2026, sequence=4,
                                 list_deadline=at(2026, 11, 20, 17), window_start=at(2026, 11, 23, 9),
                                 window_end=at(2026, 12, 20, 17), revision_deadline=at(2026, 12, 25, 17),
                                 review_deadline=at(2026, 12, 30, 17), is_published=True)
    assert call("get", f"/api/v1/unit/batches/{wuhua.pk}/list", officer_token).status_code == 404


def test_reviewers_tokens_cannot_write_lists(world, token_for, call):
    response = call("post", _entries_url(world), token_for(world.users["bureau"]), {"entries": [entry(1)]})
    assert response.status_code == 403 and "不能调用" in response.json()["error"]


def _pdf(name="协议.pdf", content=None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhicheng.recommendations.demo import minimal_pdf

    return SimpleUploadedFile(name, content or minimal_pdf("agreement"), content_type="application/pdf")


def test_a_dispatch_unit_uploads_the_agreement_and_a_branch_its_parent_report(world, token_for, call, client):
    dispatch = token_for(world.users["unit_dispatch"])
    created = call("post", _entries_url(world), dispatch,
                   {"entries": [entry(1, using_unit_name="昆明某建设集团", second_publicity_start="2026-11-02",
                                      second_publicity_end="2026-11-06", using_unit_approved=True)]}).json()
    entry_id = created["entries"][0]["id"]
    assert any("派遣协议" in p for p in created["entries"][0]["problems"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {dispatch}"}
    done = client.post(f"/api/v1/unit/entries/{entry_id}/dispatch-agreement", {"file": _pdf()}, **headers)
    assert done.status_code == 200, done.json()
    assert done.json()["has_dispatch_agreement"] and not any("派遣协议" in p for p in done.json()["problems"])
    fake = client.post(f"/api/v1/unit/entries/{entry_id}/dispatch-agreement",
                       {"file": _pdf("x.pdf", b"MZ\x90\x00 not a pdf")}, **headers)
    assert fake.status_code == 422 and fake.json()["problems"][0]["field"] == "dispatch_agreement"
    missing = client.post(f"/api/v1/unit/entries/{entry_id}/dispatch-agreement", {}, **headers)
    assert missing.status_code == 422 and "file" in missing.json()["error"]

    branch = {"HTTP_AUTHORIZATION": f"Bearer {token_for(world.users['unit_branch'])}"}
    url = f"/api/v1/unit/batches/{world.batches['current'].pk}/list/parent-recommendation"
    assert client.post(url, {"file": _pdf("附件2.pdf")}, **branch).status_code == 200
    assert RecommendationList.objects.get(unit=world.units["branch"]).parent_recommendation
    soe = {"HTTP_AUTHORIZATION": f"Bearer {token_for(world.users['unit_soe'])}"}
    refused = client.post(url, {"file": _pdf("附件2.pdf")}, **soe)
    assert refused.status_code == 422 and "外省企业分公司" in refused.json()["error"]
    assert not RecommendationList.objects.filter(unit=world.units["soe"]).exists()


def test_look_alike_numbers_and_invisible_names_meet_the_screens_rules(world, officer_token, call):
    arabic = person(1).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert call("post", _entries_url(world), officer_token, {"entries": [entry(1, id_number=arabic)]}
                ).status_code == 201
    assert list(RecommendationEntry.objects.values_list("id_number", flat=True)) == [person(1)]
    again = call("post", _entries_url(world), officer_token,
                 {"entries": [entry(2, id_number=f"{person(1)[:9]}\u200b{person(1)[9:]}")]})
    assert again.status_code == 422 and "已在本名单中" in again.content.decode()
    ghost = call("post", _entries_url(world), officer_token, {"entries": [entry(3, real_name="\u200b\u3164")]})
    assert ghost.status_code == 422
    assert [p["field"] for p in ghost.json()["problems"]] == ["entries[0].real_name"]
    assert "姓名须包含至少一个汉字或字母" in ghost.content.decode()
    assert RecommendationEntry.objects.count() == 1
