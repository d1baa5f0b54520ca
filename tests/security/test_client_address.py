"""Issue 12.5: every reader of the visitor's address goes through zhicheng.core.clientip (TRUSTED_PROXIES).

Enumerates the source rather than a hand list: a new throttle or log that reads REMOTE_ADDR or X-Forwarded-For
itself would key on nginx's address behind the proxy (or believe a forged header), so it fails here.
"""

from pathlib import Path

from django.conf import settings

import zhicheng

SOURCE = Path(zhicheng.__file__).parent
THE_ONE_READER = SOURCE / "core" / "clientip.py"


def test_only_clientip_reads_the_peer_address_or_forwarded_headers():
    readers = [str(path.relative_to(SOURCE)) for path in SOURCE.rglob("*.py") if path != THE_ONE_READER
               and any(word in path.read_text(encoding="utf-8")
                       for word in ("REMOTE_ADDR", "HTTP_X_FORWARDED_FOR", "X-Forwarded-For", "get_client_ip"))]
    assert readers == []


def test_the_login_lockout_asks_the_same_function():
    assert settings.AXES_CLIENT_IP_CALLABLE == "zhicheng.core.clientip.client_ip"
