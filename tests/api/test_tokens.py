"""API tokens: made, listed and revoked on the account's own page; stored hashed; shown once; limited per token."""

import hashlib
import re

import pytest
from django.urls import reverse

from zhicheng.api.models import ApiToken
from zhicheng.api.tokens import token_revoke
from zhicheng.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
ME = "/api/v1/me"


def test_an_officer_creates_a_token_on_the_page_and_sees_it_once(world, login):
    client = login(world.users["unit_soe"])
    page = client.post(reverse("api_tokens:list"), {"name": "人事系统同步"})
    assert page.status_code == 200
    secret = re.search(r"zc_[A-Za-z0-9_-]{40,}", page.content.decode()).group(0)
    token = ApiToken.objects.get()
    assert token.user == world.users["unit_soe"] and token.name == "人事系统同步"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.prefix, token.digest, token.name}
    again = client.get(reverse("api_tokens:list")).content.decode()
    assert "人事系统同步" in again and secret not in again
    assert AuditEntry.objects.filter(action="api_token.create", actor=world.users["unit_soe"]).exists()


def test_the_token_acts_as_its_account(world, token_for, call):
    secret = token_for(world.users["dept_build"], name="住建局统计")
    body = call("get", ME, secret).json()
    assert body["username"] == "dept_build" and body["organisation"] == "盘龙区住房和城乡建设局"
    assert body["token_name"] == "住建局统计"


@pytest.mark.parametrize("header", [None, "Bearer zc_notatoken", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 500])
def test_no_or_wrong_token_is_401_in_chinese(client, world, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get(ME, **extra)
    assert response.status_code == 401
    assert "令牌" in response.json()["error"]


def test_a_revoked_token_stops_working_at_once(world, login, token_for, call):
    secret = token_for(world.users["bureau"])
    assert call("get", ME, secret).status_code == 200
    client = login(world.users["bureau"])
    token = ApiToken.objects.get()
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]), follow=True)
    assert "已吊销" in response.content.decode()
    client.logout()
    refused = call("get", ME, secret)
    assert refused.status_code == 401 and "吊销" in refused.json()["error"]
    assert AuditEntry.objects.filter(action="api_token.revoke", object_id=str(token.pk)).exists()


def test_nobody_revokes_another_accounts_token(world, login, token_for, call):
    secret = token_for(world.users["unit_soe"])
    token = ApiToken.objects.get()
    for intruder in ("unit_school", "bureau", "dept_build"):
        assert login(world.users[intruder]).post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    assert call("get", ME, secret).status_code == 200


def test_an_account_that_can_no_longer_act_loses_its_tokens(world, token_for, call):
    officer = world.users["unit_private"]
    secret = token_for(officer)
    officer.is_active = False
    officer.save()
    assert call("get", ME, secret).status_code == 401


@pytest.mark.parametrize("username", ["zhang_san", "admin"])
def test_applicants_and_the_admin_have_no_token_page(world, login, username):
    assert login(world.users[username]).get(reverse("api_tokens:list")).status_code == 403


def test_each_token_has_its_own_limit(world, settings, token_for, call):
    settings.API_TOKEN_RATE = "3/min"
    busy, quiet = token_for(world.users["unit_soe"], "甲"), token_for(world.users["unit_soe"], "乙")
    codes = [call("get", ME, busy).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = call("get", ME, busy)
    assert "每分钟最多 3 次" in refused.json()["error"] and refused["Retry-After"]
    assert call("get", ME, quiet).status_code == 200


def test_revoking_twice_says_when(world, token_for):
    from django.core.exceptions import ValidationError

    token_for(world.users["unit_soe"])
    token = ApiToken.objects.get()
    token_revoke(token=token, actor=world.users["unit_soe"])
    with pytest.raises(ValidationError, match="吊销"):
        token_revoke(token=token, actor=world.users["unit_soe"])


def _token_operations(client):
    """(method, path with ids filled in) of every operation the OpenAPI document says needs a token."""
    document = client.get("/api/v1/openapi.json").json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if operation.get("security"):
                yield method, path.replace("{batch_id}", "1").replace("{entry_id}", "1") \
                    .replace("{application_id}", "1").replace("{attachment_id}", "1")


def test_every_token_operation_refuses_no_wrong_or_revoked_tokens_in_chinese(world, client, token_for, call):
    revoked = token_for(world.users["bureau"], "旧系统")
    token_revoke(token=ApiToken.objects.get(name="旧系统"), actor=world.users["bureau"])
    operations = list(_token_operations(client))
    assert len(operations) >= 14
    for method, path in operations:
        for token, words in ((None, "缺少 API 令牌"), ("zc_" + "A" * 43, "无效或已吊销"), (revoked, "无效或已吊销")):
            response = call(method, path, token, body={} if method in ("post", "put") else None)
            assert response.status_code == 401, (method, path, token)
            assert words in response.json()["error"], (method, path)


def test_every_token_operation_counts_against_the_tokens_limit(world, settings, client, token_for, call):
    from django.core.cache import cache

    settings.API_TOKEN_RATE = "2/min"
    token = token_for(world.users["bureau"])
    for method, path in _token_operations(client):
        cache.clear()  # each operation starts from a fresh minute
        codes = [call(method, path, token, body={} if method in ("post", "put") else None).status_code
                 for _ in range(3)]
        assert codes[-1] == 429 and 429 not in codes[:2], (method, path, codes)
