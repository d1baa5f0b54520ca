"""Settings for zhicheng, read from environment variables.

The defaults give the embedded set-up: SQLite under ./var, local files, console e-mail,
Celery tasks run eagerly. Production uses ``zhicheng.settings.production``.
"""

import os
from pathlib import Path

import dj_database_url

from zhicheng.core.clientip import parse_trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent  # src/zhicheng
PROJECT_DIR = BASE_DIR.parent.parent  # repository root
VAR_DIR = Path(os.environ.get("ZHICHENG_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789abcdef")
# Off unless DEBUG=1: even the demo (`make run`) shows the Chinese 403/404/500 pages, never Django's debug
# pages listing every URL; WhiteNoise serves the static files either way (WHITENOISE_USE_FINDERS below).
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "zhicheng.core.axes_app.AxesConfig",  # django-axes, named in Chinese
    "zhicheng.core",
    "zhicheng.orgs",
    "zhicheng.accounts",
    "zhicheng.audit",
    "zhicheng.notifications",
    "zhicheng.batches",
    "zhicheng.recommendations",
    "zhicheng.applications",
    "zhicheng.documents",
    "zhicheng.signing",
    "zhicheng.certificates",
    "zhicheng.supervision",
    "zhicheng.api",
    "zhicheng.ops",
]

MIDDLEWARE = [
    "zhicheng.ops.middleware.ServerTimingMiddleware",
    "zhicheng.ops.middleware.RequestIdMiddleware",
    "zhicheng.ops.middleware.DatabaseBusyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhicheng.urls"
WSGI_APPLICATION = "zhicheng.wsgi.application"
# Server processes load the URL conf and the PDF fonts before their first request (zhicheng.ops.warmup).
WARM_UP = env_bool("WARM_UP", True)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "zhicheng.core.context_processors.navigation",
                "zhicheng.core.context_processors.footer",
            ],
        },
    },
]

# Django's form renderer, keeping the HTML of widgets it has rendered before (zhicheng.core.renderers).
FORM_RENDERER = "zhicheng.core.renderers.CachedWidgetTemplates"

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'zhicheng.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite (the embedded set-up): readers never wait for a writer (WAL), a transaction takes the write lock
    # when it begins (IMMEDIATE) so two writers queue instead of one failing when it upgrades, and a writer
    # waits up to SQLITE_TIMEOUT seconds; what still fails is answered 503 系统繁忙 (ops.middleware).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": float(os.environ.get("SQLITE_TIMEOUT", "20")),
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id at OWASP's cost (46 MiB, one pass, one lane: ~60 ms of CPU); hashes made with Django's argon2
# parameters verify and are re-hashed at the next login (zhicheng.accounts.hashers, docs/deploy.md).
PASSWORD_HASHERS = [
    "zhicheng.accounts.hashers.TunedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:landing"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling (django-axes): lock a username+IP after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The reverse proxies (nginx) whose forwarded-for header is believed: comma-separated IPs or CIDRs (docs/deploy.md).
# Empty (the embedded set-up): the connecting address is the client. Throttles, axes and the request log all ask
# zhicheng.core.clientip.client_ip.
TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("TRUSTED_PROXIES", ""))
AXES_CLIENT_IP_CALLABLE = "zhicheng.core.clientip.client_ip"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The embedded set-up serves static files straight from the apps (no collectstatic needed, DEBUG on or off);
# production serves the collected, hashed files only.
WHITENOISE_USE_FINDERS = True
# Uploads are never served from a public URL: applications.views_documents.download checks permissions first.
MEDIA_URL = "/media-not-public/"

STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "local")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("S3_BUCKET", "zhicheng"),
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID"),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY"),
            "region_name": os.environ.get("S3_REGION", "us-east-1"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

def mailers_from_env(default_backend: str) -> dict:
    """MAILERS from EMAIL_BACKEND and, for SMTP, EMAIL_HOST / _PORT / _HOST_USER / _HOST_PASSWORD / _USE_TLS."""
    backend = os.environ.get("EMAIL_BACKEND", default_backend)
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailers_from_env("django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zhicheng@localhost")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "zhicheng.core.cache.RedisCache", "LOCATION": REDIS_URL,  # Django's, one client per pool
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "zc"),
        # Fail fast when Redis is away (readyz must answer within a second).
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }}
    # Sessions read from Redis, written through to the database: app servers share them, and a Redis
    # restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole-page cache of the review queues (zhicheng.core.pagecache): needs a cache every app server process
# shares, so it is on only with Redis; 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300" if REDIS_URL else "0"))

# Celery: with no broker configured (embedded default) tasks run eagerly in the web process; with
# CELERY_BROKER_URL (or REDIS_URL) they go to the broker and `celery -A zhicheng worker` runs them.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "memory://"
_real_broker = not CELERY_BROKER_URL.startswith("memory://")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or (CELERY_BROKER_URL if _real_broker else None)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not _real_broker)
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, tasks queued by a request (an applicant's 申领, the bureau's 签发) run in a background thread of
# the web process after the response instead of inside the request (zhicheng.ops.background); tests turn it off.
TASKS_IN_BACKGROUND = env_bool("TASKS_IN_BACKGROUND", True)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is run again by another worker
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # PDFs are slow: don't let one worker hoard them
CELERY_TASK_TIME_LIMIT = int(os.environ.get("CELERY_TASK_TIME_LIMIT", "300"))
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep LOGGING (JSON lines with request ids) in workers

# Ed25519 private key (PEM or 32-byte hex seed) that signs certificates.
CERTIFICATE_SIGNING_KEY = os.environ.get("CERTIFICATE_SIGNING_KEY", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# PAdES signing keys of the bureaus, departments and units (zhicheng.signing; see docs/deploy.md). The passphrase
# encrypts their private keys in the database; empty (development only) derives one from SECRET_KEY.
SIGNING_KEY_PASSPHRASE = os.environ.get("SIGNING_KEY_PASSPHRASE", "")
SIGNING_CA_NAME = os.environ.get("SIGNING_CA_NAME", "初级职称考核认定平台根 CA")
# Create the CA and an organisation's key on first use (embedded default); production issues them by command.
SIGNING_AUTO_ISSUE = env_bool("SIGNING_AUTO_ISSUE", True)
# GB/T 36904 证照类型代码 of the certificate (the provincial e-licence catalogue's code; a local placeholder here).
CERTIFICATE_TYPE_CODE = os.environ.get("CERTIFICATE_TYPE_CODE", "ZC.CJZC")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

from zhicheng.ops.logging import build_logging  # noqa: E402

# LOG_FORMAT=json gives one JSON object per line (production default); plain lines otherwise.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
# The app's own request/audit lines: on by default with JSON logs; in the plain dev set-up they would bury
# `make run`'s output (runserver prints requests anyway), so APP_LOG_LEVEL=INFO turns them on there.
LOGGING = build_logging(LOG_FORMAT, os.environ.get("LOG_LEVEL", "WARNING"),
                        os.environ.get("APP_LOG_LEVEL", "INFO" if LOG_FORMAT == "json" else "WARNING"))
