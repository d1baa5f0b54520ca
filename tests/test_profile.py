"""个人信息 for every role through the real views: contact details and the password, both audited."""

import pytest
from django.urls import reverse

from zhicheng.accounts.services import MSG_BAD_PHONE
from zhicheng.accounts.views import MSG_PASSWORD_CHANGED, MSG_PROFILE_SAVED
from zhicheng.audit.labels import action_label
from zhicheng.audit.models import AuditEntry

EVERY_ROLE = ["zhang_san", "unit_school", "dept_edu", "bureau"]


@pytest.mark.parametrize("username", EVERY_ROLE)
def test_every_role_keeps_its_contact_details(world, login, username):
    user = world.users[username]
    client = login(user)
    page = client.get(reverse("core:landing"), follow=True).content.decode()
    assert reverse("accounts:profile") in page and "个人信息" in page
    r = client.post(reverse("accounts:profile"), {"email": "new@example.cn", "phone": "139 0000 1234"}, follow=True)
    assert MSG_PROFILE_SAVED in r.content.decode()
    user.refresh_from_db()
    assert user.email == "new@example.cn" and user.phone == "13900001234"
    entry = AuditEntry.objects.filter(action="account.profile_update", actor=user).get()
    assert entry.changes["email"]["to"] == "n***@example.cn" and entry.changes["phone"]["to"] == "139****1234"
    assert "new@example.cn" not in str(entry.changes) and "13900001234" not in str(entry.changes)
    assert action_label("account.profile_update") == "修改个人联系方式"


def test_a_bad_phone_number_is_explained_and_nothing_changes(world, login):
    user = world.users["zhang_san"]
    before = (user.email, user.phone)
    r = login(user).post(reverse("accounts:profile"), {"email": "not-an-email", "phone": "12345"})
    page = r.content.decode()
    assert r.status_code == 200 and "电子邮箱" in page and 'class="error-summary' in page
    r = login(user).post(reverse("accounts:profile"), {"email": "", "phone": "12345"})
    assert MSG_BAD_PHONE in r.content.decode()
    user.refresh_from_db()
    assert (user.email, user.phone) == before
    assert not AuditEntry.objects.filter(action="account.profile_update").exists()


def test_password_change_needs_the_current_password_and_is_audited(world, login, password):
    user = world.users["unit_school"]
    client = login(user)
    wrong = client.post(reverse("accounts:password_change"), {
        "old_password": "wrong-password", "new_password1": "Kunming#2026x", "new_password2": "Kunming#2026x"})
    assert "当前密码不正确" in wrong.content.decode()
    r = client.post(reverse("accounts:password_change"), {
        "old_password": password, "new_password1": "Kunming#2026x", "new_password2": "Kunming#2026x"}, follow=True)
    assert MSG_PASSWORD_CHANGED in r.content.decode()
    entry = AuditEntry.objects.get(action="account.password_change", actor=user)
    assert entry.is_security_event
    user.refresh_from_db()
    assert not user.check_password(password) and user.check_password("Kunming#2026x")


def test_anonymous_visitors_are_sent_to_log_in(client):
    r = client.get(reverse("accounts:profile"))
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]
