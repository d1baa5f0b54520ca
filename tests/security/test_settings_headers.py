"""Password hashing, cookies, security headers, CSP without inline scripts, throttling, ``check --deploy``."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from zhicheng.accounts.models import User

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "zhicheng.settings.production",
    "SECRET_KEY": "k7#Qp2!vZ9@mW4$eR8^tY1&uI6*oP3(aS5)dF0_gH-jKlL+zXcVbNmQwErTy",
    "ALLOWED_HOSTS": "example.org",
    "CERTIFICATE_SIGNING_KEY": "9f2c1e7a5b3d8f604a1c2e3b5d7f9a0c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f60",
    "SIGNING_KEY_PASSPHRASE": "Xq9-vL2mT7pR4sW8yB3nK6cF1hJ5dG0e",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def _run(code_or_args, extra_env=None):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(PRODUCTION_ENV | (extra_env or {}))
    args = [sys.executable, "-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)


def test_production_hashes_passwords_with_argon2():
    probe = (
        "import django; django.setup(); from django.conf import settings as s;"
        " from django.contrib.auth.hashers import make_password;"
        " print(s.PASSWORD_HASHERS[0], make_password('Zhicheng@2024')[:16])"
    )
    result = _run(probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["zhicheng.accounts.hashers.TunedArgon2PasswordHasher", "argon2$argon2id$"]


def test_embedded_profile_hashes_with_argon2_and_tests_differ_only_in_the_hasher():
    """`make run` uses zhicheng.settings (argon2); the test profile swaps the hasher for speed, runs the tasks a
    request queues inside it (so a test reads their result at once) and does not warm up, and nothing else."""
    import zhicheng.settings as embedded
    import zhicheng.settings.test as test_profile

    assert embedded.PASSWORD_HASHERS[0] == "zhicheng.accounts.hashers.TunedArgon2PasswordHasher"
    differing = {
        name for name in dir(embedded) if name.isupper() and getattr(embedded, name) != getattr(test_profile, name)
    }
    assert differing == {"PASSWORD_HASHERS", "TASKS_IN_BACKGROUND", "WARM_UP"}


def test_demo_passwords_are_hashed_with_the_configured_hasher(world):
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.MD5PasswordHasher"
    assert User.objects.get(username="zhang_san").password.startswith("md5$")


def test_production_cookies_and_transport_are_locked_down():
    probe = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k)"
        " for k in ['DEBUG', 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE',"
        " 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SAMESITE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS',"
        " 'X_FRAME_OPTIONS', 'SECURE_CONTENT_TYPE_NOSNIFF']}))"
    )
    result = _run(probe)
    assert result.returncode == 0, result.stderr
    flags = json.loads(result.stdout.strip().splitlines()[-1])
    assert flags["DEBUG"] is False
    assert flags["SESSION_COOKIE_SECURE"] and flags["SESSION_COOKIE_HTTPONLY"] and flags["CSRF_COOKIE_SECURE"]
    assert flags["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict") and flags["CSRF_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert flags["SECURE_SSL_REDIRECT"] and flags["SECURE_HSTS_SECONDS"] >= 31536000
    assert flags["X_FRAME_OPTIONS"] == "DENY" and flags["SECURE_CONTENT_TYPE_NOSNIFF"]


def test_check_deploy_is_clean():
    result = _run([sys.executable, "-m", "zhicheng.cli", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_every_page_sends_security_headers_and_a_strict_csp(client, world):
    response = client.get(reverse("core:selfcheck"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    directives = dict((part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in csp.split(";")) if part)
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives.get("style-src", directives["default-src"])
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.I)


def _pages_without_parameters():
    """Every GET-able page of the URL conf that takes no parameter (admin and the JSON API aside)."""
    from tests.security.urlwalk import walk

    return [p for p in walk() if not p.params and p.namespace not in ("admin", "api")]


ROLES = [None, "zhang_san", "unit_school", "dept_edu", "bureau", "admin"]


@pytest.mark.parametrize("username", ROLES)
def test_no_page_carries_inline_script_or_style(client, world, username):
    """The CSP would block them in the browser: the page would silently break. Scan what every role sees."""
    if username:
        client.force_login(world.users[username], backend="django.contrib.auth.backends.ModelBackend")
    scanned = 0
    for page in _pages_without_parameters():
        response = client.get(page.url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        scanned += 1
        assert not INLINE_SCRIPT.search(html), f"{page.url}: inline <script>"
        assert not INLINE_HANDLER.search(html), f"{page.url}: inline event handler"
        assert not INLINE_STYLE.search(html), f"{page.url}: inline style"
        assert "Content-Security-Policy" in response
    assert scanned >= 2


def test_login_is_throttled_after_five_failures(client, world, password):
    url = reverse("accounts:login")
    statuses = [client.post(url, {"username": "zhang_san", "password": "wrong-password"}).status_code
                for _ in range(5)]
    assert statuses[:4] == [200] * 4 and statuses[4] in (403, 429)
    response = client.post(url, {"username": "zhang_san", "password": password})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
