"""Reviewers and bureaus over the API, on the demo data: each token sees what its account's pages show."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zhicheng.applications.models import Application, Status
from zhicheng.certificates.models import Certificate

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from zhicheng.core.demo import build_demo

    return build_demo()


def test_the_queue_is_the_pages_queue(demo, token_for, call, login):
    officer = demo.users["unit_soe"]
    body = call("get", "/api/v1/review/queue?status=all&sort=name", token_for(officer)).json()
    expected = set(Application.objects.filter(unit=officer.unit).values_list("pk", flat=True))
    assert {row["id"] for row in body["items"]} == expected and body["total"] == len(expected)
    page = login(officer).get(reverse("applications:queue") + "?status=all&sort=name").content.decode()
    for row in body["items"]:
        assert row["applicant_name"] in page
    default = call("get", "/api/v1/review/queue", token_for(officer)).json()
    assert {row["status"] for row in default["items"]} <= {Status.UNIT_REVIEW}


def test_filters_and_paging(demo, token_for, call):
    token = token_for(demo.users["bureau"])
    batch = demo.batches["2024q3"]
    body = call("get", f"/api/v1/review/queue?status=all&batch={batch.pk}&page=1", token).json()
    assert body["items"] and all(row["batch"] == batch.name for row in body["items"])
    assert body["per_page"] == 20 and body["page"] == 1
    refused = call("get", "/api/v1/review/queue?status=nonsense&page=0", token)
    assert refused.status_code == 422
    assert {p["field"] for p in refused.json()["problems"]} == {"status", "page"}


def test_one_application_its_check_and_attachments(demo, token_for, call):
    app = Application.objects.filter(status=Status.DEPARTMENT_RECHECK).select_related("unit").first()
    token = token_for(demo.users["dept_build"])
    body = call("get", f"/api/v1/review/applications/{app.pk}", token).json()
    assert body["applicant_name"] == app.applicant.display_name and "*" in body["id_number"]
    assert body["history"] and body["history"][0]["stage"] == "单位审核"
    check = call("get", body["eligibility_url"], token).json()
    assert check["stored"] is True and "eligible" in check["result"]
    files = call("get", body["attachments_url"], token).json()
    assert files and all(f["download_url"] for f in files)
    download = call("get", files[0]["download_url"], token)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_another_units_application_and_file_are_404(demo, token_for, call):
    app = Application.objects.filter(unit=demo.units["soe"]).first()
    file_id = app.attachments.first().pk
    for intruder in ("unit_school", "dept_edu", "bureau_wuhua"):
        token = token_for(demo.users[intruder])
        for url in (f"/api/v1/review/applications/{app.pk}", f"/api/v1/review/applications/{app.pk}/eligibility",
                    f"/api/v1/review/applications/{app.pk}/attachments", f"/api/v1/review/attachments/{file_id}/file"):
            response = call("get", url, token)
            assert response.status_code == 404, (intruder, url)
            assert "无权" in response.json()["error"]


def test_a_batchs_results(demo, token_for, call):
    batch = demo.batches["2024q3"]
    body = call("get", f"/api/v1/bureau/batches/{batch.pk}/results", token_for(demo.users["bureau"])).json()
    assert body["counts"]["recognised"] >= 2 and body["counts"]["rejected"] == 1 and body["counts"]["closed"] >= 1
    statuses = {row["status"] for row in body["items"]}
    assert statuses <= {"recognised", "rejected", "returned", "closed"}
    rejected = call("get", f"/api/v1/bureau/batches/{batch.pk}/results?status=rejected",
                    token_for(demo.users["bureau"])).json()
    assert [row["status_label"] for row in rejected["items"]] == ["不予认定"]
    assert call("get", f"/api/v1/bureau/batches/{batch.pk}/results",
                token_for(demo.users["bureau_wuhua"])).status_code == 404
    assert call("get", f"/api/v1/bureau/batches/{batch.pk}/results",
                token_for(demo.users["unit_soe"])).status_code == 403


def test_incremental_certificate_pulls(demo, token_for, call):
    token = token_for(demo.users["bureau"])
    first = call("get", "/api/v1/bureau/certificates/changes?since=2020-01-01T00:00:00%2B08:00", token).json()
    issued = [c for c in first["changes"] if c["kind"] == "issued"]
    assert len(issued) == Certificate.objects.filter(district=demo.districts["panlong"]).count() > 0
    assert first["complete"] is True
    certificate = Certificate.objects.get(number=issued[0]["certificate"]["number"])
    Certificate.objects.filter(pk=certificate.pk).update(status="revoked", revoked_at=timezone.now(),
                                                         revoke_reason="学历造假")
    since = first["until"].replace("+", "%2B")
    second = call("get", f"/api/v1/bureau/certificates/changes?since={since}", token).json()
    assert [(c["kind"], c["certificate"]["number"]) for c in second["changes"]] == [("revoked", certificate.number)]
    other = call("get", "/api/v1/bureau/certificates/changes?since=2020-01-01T00:00:00Z",
                 token_for(demo.users["bureau_wuhua"])).json()
    assert other["changes"] == []
    future = (timezone.now() + dt.timedelta(days=2)).isoformat().replace("+", "%2B")
    assert call("get", f"/api/v1/bureau/certificates/changes?since={future}", token).status_code == 422
    assert call("get", "/api/v1/bureau/certificates/changes?since=yesterday", token).status_code == 422


@pytest.mark.parametrize("since", ["2020-01-01T00:00:00-19:18", "2020-01-01T00:00:00+23:59", "0001-01-01T00:00:00+05:00",
                                   "2020-01-01T00:00:00"])
def test_a_since_with_any_utc_offset_is_answered(demo, token_for, call, since):
    token = token_for(demo.users["bureau"])
    response = call("get", f"/api/v1/bureau/certificates/changes?since={since.replace('+', '%2B')}", token)
    assert response.status_code == 200
    issued = {c["certificate"]["number"] for c in response.json()["changes"] if c["kind"] == "issued"}
    assert issued == set(Certificate.objects.filter(district=demo.districts["panlong"]).values_list("number", flat=True))


def test_public_verification_shares_the_pages_throttle(demo, call, client):
    certificate = Certificate.objects.first()
    body = {"number": certificate.number, "name": certificate.holder_name}
    found = call("post", "/api/v1/certificates/verify", body=body)
    assert found.status_code == 200 and found.json()["holder_name"] == certificate.holder_name
    assert certificate.id_number not in found.content.decode()
    answers = [call("post", "/api/v1/certificates/verify", body={"number": certificate.number, "name": "某某"})
               for _ in range(11)]
    assert answers[0].status_code == 404 and "未找到" in answers[0].json()["error"]
    assert answers[-1].status_code == 429
    page = client.post(reverse("certificates:verify"), {"number": certificate.number, "name": certificate.holder_name})
    assert page.status_code == 429
