"""Test profile (pytest's DJANGO_SETTINGS_MODULE): the embedded settings with a fast password hasher.

Argon2 is slow on purpose (46 MiB, one pass: zhicheng.accounts.hashers), and the suite hashes or checks a password
in hundreds of tests (every demo world, every login form). MD5 is only ever used here; production keeps
argon2 first (tests/security/test_settings_headers.py asserts it). Argon2 stays listed so hashes made by a
process with the embedded settings (a real Celery worker in CI) still verify.

Tasks a request queues run inside that request (``TASKS_IN_BACKGROUND`` off), so a test reads their result
straight after it; ``tests/certificates/test_claim_background.py`` turns the background thread on.
"""

from . import *  # noqa: F403

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "zhicheng.accounts.hashers.TunedArgon2PasswordHasher",
]

TASKS_IN_BACKGROUND = False
WARM_UP = False  # a test that imports zhicheng.wsgi does not load every font first
