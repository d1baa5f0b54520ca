"""Production profile: configured only by environment variables (see docs/deploy.md)."""

import os

from zhicheng.ops.logging import build_logging

from . import *  # noqa: F403
from . import DATABASES, env_bool, env_list, mailers_from_env

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
# Certificates must be signed with a real Ed25519 key in production (no key derived from SECRET_KEY).
CERTIFICATE_SIGNING_KEY = os.environ["CERTIFICATE_SIGNING_KEY"]
# The organisations' PAdES keys are encrypted in the database under this passphrase (never derived from SECRET_KEY).
SIGNING_KEY_PASSPHRASE = os.environ["SIGNING_KEY_PASSPHRASE"]
# Keys are issued or imported by command (zhicheng signing init-ca / issue --all / import), not on first use.
SIGNING_AUTO_ISSUE = env_bool("SIGNING_AUTO_ISSUE", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")  # no default: name the site's host names
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
WHITENOISE_USE_FINDERS = False  # `zhicheng collectstatic` at each release (docs/deploy.md)
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

# Persistent database connections, checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# JSON log lines unless LOG_FORMAT says otherwise.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
LOGGING = build_logging(LOG_FORMAT, os.environ.get("LOG_LEVEL", "WARNING"), os.environ.get("APP_LOG_LEVEL", "INFO"))

# E-mail goes out over SMTP unless EMAIL_BACKEND names another backend.
MAILERS = mailers_from_env("django.core.mail.backends.smtp.EmailBackend")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
