"""Passwords are hashed with Argon2id at OWASP's recommended cost; hashes made with Django's heavier argon2
parameters still log their owner in and are re-hashed at that login."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password
from django.urls import reverse

from zhicheng.accounts.hashers import OWASP_ARGON2ID, TunedArgon2PasswordHasher

EMBEDDED_HASHERS = ["zhicheng.accounts.hashers.TunedArgon2PasswordHasher",
                    "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
TUNED_PREFIX = "argon2$argon2id$v=19$m=47104,t=1,p=1$"


@pytest.fixture
def argon2_first(settings):
    settings.PASSWORD_HASHERS = EMBEDDED_HASHERS  # as the embedded and production settings (tests use MD5)


def test_the_cost_is_one_of_owasps_argon2id_settings(argon2_first):
    hasher = TunedArgon2PasswordHasher()
    assert (hasher.memory_cost, hasher.time_cost, hasher.parallelism) in OWASP_ARGON2ID
    assert make_password("Zhicheng@2024").startswith(TUNED_PREFIX)


def test_a_password_hashed_with_djangos_parameters_logs_in_and_is_rehashed(client, world, password, argon2_first):
    user = world.users["zhang_san"]
    old = Argon2PasswordHasher().encode(password, Argon2PasswordHasher().salt())
    assert old.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")
    user.password = old
    user.save(update_fields=["password"])

    response = client.post(reverse("accounts:login"), {"username": user.username, "password": password}, follow=True)
    assert response.status_code == 200 and "我的申报工作台" in response.content.decode()
    user.refresh_from_db()
    assert user.password.startswith(TUNED_PREFIX) and user.password != old
    assert isinstance(identify_hasher(user.password), TunedArgon2PasswordHasher)

    client.logout()
    again = client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    assert again.status_code == 302  # the new hash logs in too
    client.logout()
    wrong = client.post(reverse("accounts:login"), {"username": user.username, "password": password + "x"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
