"""The production profile is configured by environment variables alone and passes Django's deploy checks."""

import secrets

from .support import ZHICHENG, base_env, run


def production_env(**extra):
    return base_env(
        DJANGO_SETTINGS_MODULE="zhicheng.settings.production", SECRET_KEY=secrets.token_urlsafe(50),
        CERTIFICATE_SIGNING_KEY=secrets.token_hex(32), SIGNING_KEY_PASSPHRASE=secrets.token_urlsafe(32),
        ALLOWED_HOSTS="zhicheng.example.cn", **extra,
    )


def test_check_deploy_is_clean():
    result = run([ZHICHENG, "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert "no issues (0 silenced)" in result.stdout + result.stderr


def test_production_env_wires_redis_smtp_and_s3():
    script = (
        "from django.conf import settings as s; from django.core.mail import mailers; "
        "from django.core.files.storage import default_storage as st; m = mailers.default; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER); "
        "print(type(m).__name__, m.host, m.port, m.use_tls); print(type(st._wrapped if st.bucket_name else st).__name__, st.bucket_name, st.default_acl); "
        "print(s.LOGGING['handlers']['console']['formatter'], s.DEBUG)"
    )
    env = production_env(
        REDIS_URL="redis://cache.zhicheng.internal:6379/0", EMAIL_HOST="smtp.example.cn", EMAIL_PORT="587", EMAIL_USE_TLS="1",
        STORAGE_BACKEND="s3", S3_BUCKET="zc-prod", S3_ENDPOINT_URL="https://oss.example.cn",
    )
    env.pop("CELERY_TASK_ALWAYS_EAGER")
    lines = run([ZHICHENG, "shell", "--no-imports", "-c", script], env).stdout.splitlines()
    assert lines[0] == ("zhicheng.core.cache.RedisCache django.contrib.sessions.backends.cached_db "
                        "redis://cache.zhicheng.internal:6379/0 False")
    assert lines[1] == "EmailBackend smtp.example.cn 587 True"
    assert lines[2] == "S3Storage zc-prod private"
    assert lines[3] == "json False"


def test_every_variable_production_requires_is_documented_with_how_to_make_it():
    """A variable the production profile refuses to start without is in docs/deploy.md's table and the env
    example; the signing key's generation and rotation are explained next to SECRET_KEY."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    production = (root / "src/zhicheng/settings/production.py").read_text()
    required = set(re.findall(r'os\.environ\["([A-Z_]+)"\]', production))
    assert {"SECRET_KEY", "CERTIFICATE_SIGNING_KEY"} <= required
    deploy = (root / "docs/deploy.md").read_text()
    example = (root / "deploy/zhicheng.env.example").read_text()
    for name in required:
        assert f"| `{name}` |" in deploy, name
        assert f"\n{name}=" in example, name
    section = deploy.split("### The certificate signing key", 1)[1].split("\n### ", 1)[0]
    assert "token_hex(32)" in section and "Rotating" in section and "key_id" in section
