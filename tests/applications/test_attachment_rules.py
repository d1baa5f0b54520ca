"""五（三）–（八): each kind of unit and series gets its attachment list from policy/params/procedure.yaml."""

import pytest
from django.urls import reverse

from zhicheng.applications import services
from zhicheng.applications.requirements import required_attachments

from .conftest import NOW

EVERYONE = ["id_card", "education"]
END = ["publicity_form", "pledge"]
EXPECTED = {  # applicant → (unit kind, the categories they must upload, in the order shown)
    "zhang_san": ["appointment", "salary_approval"],  # 事业单位 (a school)
    "li_si": ["insurance_proof", "labour_contract"],  # 国有企业
    "wang_wu": ["insurance_proof", "labour_contract"],  # 非公经济组织
    "zhao_liu": ["insurance_proof", "labour_contract", "dispatch_agreement"],  # 劳务派遣
    "sun_qi": ["insurance_proof", "labour_contract", "parent_recommendation"],  # 外省企业分公司
}


@pytest.mark.parametrize("username", list(EXPECTED))
def test_each_kind_of_unit_gets_its_list(listed, username):
    app = services.application_start(user=listed.users[username], batch=listed.batches["current"], now=NOW)
    categories = [r.category for r in required_attachments(app) if r.required]
    assert categories == EVERYONE + EXPECTED[username] + END
    for req in required_attachments(app):
        assert req.reason.endswith("）") and "（五（" in req.reason or "（二（七））" in req.reason


def test_a_legal_representative_uploads_the_licence_instead(listed):
    app = services.application_start(user=listed.users["wang_wu"], batch=listed.batches["current"], now=NOW)
    app.is_legal_representative = True
    categories = [r.category for r in required_attachments(app)]
    assert "business_licence" in categories and "insurance_proof" not in categories


def test_a_series_with_an_entry_qualification_asks_for_the_certificate(listed):
    app = services.application_start(user=listed.users["zhang_san"], batch=listed.batches["current"], now=NOW)
    app.series = "中小学教师"
    assert required_attachments(app)[-1].category == "access_certificate"
    app.titles = [{"series": "工程", "level": "员级", "date": "2020-07-01"}]
    categories = {r.category: r.required for r in required_attachments(app)}
    assert categories["series_change_proof"] is True and categories["previous_title"] is False


def test_the_publicity_minimum_is_the_batchs(listed, login):
    app = services.application_start(user=listed.users["li_si"], batch=listed.batches["current"], now=NOW)
    page = login(app.applicant).get(reverse("applications:attachments", args=[app.pk])).content.decode()
    assert "公示不少于 5 个工作日（五（六））" in page


def test_every_material_the_policy_names_is_one_the_platform_accepts():
    from zhicheng.documents.models import Category
    from zhicheng.policy import parameters
    from zhicheng.policy.procedure import procedure

    for on in parameters.entry("attachments").effective:
        assert {rule.category for rule in procedure(on).attachments} <= set(Category.values)
