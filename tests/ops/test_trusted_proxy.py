"""Issue 12.5: the public verification throttle and the login lockout key on the visitor behind nginx, not on nginx.

A real gunicorn serves the app (the embedded set-up) with ``TRUSTED_PROXIES=127.0.0.2``; a small real reverse
proxy in this test listens on its own port, connects to the app *from* 127.0.0.2 and appends the visitor's
address to X-Forwarded-For as nginx's ``$proxy_add_x_forwarded_for`` does. Visitors connect from their own
loopback addresses (127.0.0.10, 127.0.0.11...), so every hop is a real TCP connection with a real peer address.
"""

import http.client
import http.server
import re
import threading
import urllib.parse

import pytest

from .support import CONFIG, GUNICORN, free_port
from .test_embedded_server import embedded_env, migrated, start, stop  # noqa: F401 - fixtures

PROXY_ADDRESS = "127.0.0.2"
CLIENT_A, CLIENT_B, ATTACKER = "127.0.0.10", "127.0.0.11", "127.0.0.20"
MISSES_TO_LOCK = 10  # certificates.throttle: LIMIT 30, a lookup that finds nothing costs 3
THROTTLED = "查验过于频繁"
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


def proxy_to(app_port: int) -> http.server.ThreadingHTTPServer:
    """A reverse proxy on 127.0.0.1:<free port> in a thread: forwards to the app from PROXY_ADDRESS."""

    class Forward(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            prior = self.headers.get("X-Forwarded-For")
            headers["X-Forwarded-For"] = f"{prior}, {self.client_address[0]}" if prior else self.client_address[0]
            upstream = http.client.HTTPConnection("127.0.0.1", app_port, timeout=20,
                                                  source_address=(PROXY_ADDRESS, 0))
            upstream.request(self.command, self.path, body=body, headers=headers)
            response = upstream.getresponse()
            payload = response.read()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            upstream.close()

        do_GET = do_POST = _forward

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Forward)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Visitor:
    """A browser on its own loopback address with its own cookies, talking to ``port``."""

    def __init__(self, address: str, port: int, headers: dict | None = None):
        self.address, self.port, self.headers, self.cookies = address, port, headers or {}, {}

    def send(self, method, path, form=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20, source_address=(self.address, 0))
        headers = {"Host": "127.0.0.1", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Referer": f"http://127.0.0.1:{self.port}/"})
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for key, value in response.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, text

    def post_form(self, path, fields):
        status, html = self.send("GET", path)
        assert status == 200, html[-500:]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.send("POST", path, {"csrfmiddlewaretoken": token, **fields})

    def guess_certificate(self, n: int):
        return self.post_form("/certificates/verify/", {"number": f"盘人社初证〔2026〕{n:05d}号", "name": "张三"})

    def wrong_password(self):
        return self.post_form("/accounts/login/", {"username": "someone", "password": "wrong-guess"})


@pytest.fixture
def behind_proxy(migrated, tmp_path):  # noqa: F811 - the module fixture from test_embedded_server
    env = embedded_env(migrated, tmp_path, DEBUG="0", GUNICORN_WORKERS="1", TRUSTED_PROXIES=PROXY_ADDRESS,
                       APP_LOG_LEVEL="INFO")
    app_port = free_port()
    proc = start([GUNICORN, "--config", CONFIG, "--bind", f"127.0.0.1:{app_port}"], env, tmp_path, app_port)
    proxy = proxy_to(app_port)
    try:
        yield app_port, proxy.server_address[1], proc
    finally:
        proxy.shutdown()
        proxy.server_close()
        stop(proc)


def test_ten_wrong_guesses_lock_out_that_visitor_only_and_a_forged_header_does_not_help(behind_proxy):
    app_port, proxy_port, proc = behind_proxy
    a, b = Visitor(CLIENT_A, proxy_port), Visitor(CLIENT_B, proxy_port)
    for n in range(MISSES_TO_LOCK):
        status, html = a.guess_certificate(n)
        assert status == 200 and THROTTLED not in html
    status, html = a.guess_certificate(99)
    assert status == 429 and THROTTLED in html  # A, through the proxy, is locked out

    status, html = b.guess_certificate(1)
    assert status == 200 and THROTTLED not in html and "未找到与该编号和姓名相符的证书" in html  # B still verifies

    # Straight to the app, not through the trusted proxy, claiming a new address each time: still its own address.
    attacker = Visitor(ATTACKER, app_port)
    for n in range(MISSES_TO_LOCK):
        attacker.headers = {"X-Forwarded-For": f"203.0.113.{n + 1}, {CLIENT_B}"}
        status, html = attacker.guess_certificate(n)
        assert status == 200 and THROTTLED not in html
    attacker.headers = {"X-Forwarded-For": f"198.51.100.7, {PROXY_ADDRESS}"}
    status, html = attacker.guess_certificate(99)
    assert status == 429 and THROTTLED in html
    assert b.guess_certificate(2)[0] == 200  # and the attacker's forged address did not spend B's allowance

    proc.log.flush()
    log = proc.log_path.read_text()
    assert "POST /certificates/verify/ 429" in log
    # The request log names the visitor, never the proxy or an address someone wrote in a header.
    assert set(re.findall(r"/certificates/verify/ \d+ [\d.]+ms client=(\S+)", log)) == {CLIENT_A, CLIENT_B, ATTACKER}


def test_login_lockout_is_per_visitor_behind_the_proxy(behind_proxy):
    _app_port, proxy_port, _proc = behind_proxy
    a, b = Visitor(CLIENT_A, proxy_port), Visitor(CLIENT_B, proxy_port)
    for _ in range(5):
        a.wrong_password()
    status, html = a.wrong_password()
    assert "登录已暂时锁定" in html  # A is locked out of this account
    status, html = b.wrong_password()
    assert status == 200 and "用户名或密码不正确" in html and "登录已暂时锁定" not in html


@pytest.mark.parametrize("peer, forwarded, trusted, expected", [
    ("127.0.0.2", "10.1.2.3", ("127.0.0.2",), "10.1.2.3"),                    # nginx appended the visitor
    ("127.0.0.2", "6.6.6.6, 10.1.2.3", ("127.0.0.2",), "10.1.2.3"),           # the visitor's own forged entry
    ("10.0.0.5", "10.1.2.3, 10.0.0.9", ("10.0.0.0/29", "10.0.0.8/30"), "10.1.2.3"),  # two trusted hops
    ("10.1.2.3", "6.6.6.6, 127.0.0.2", ("127.0.0.2",), "10.1.2.3"),           # not from a trusted proxy
    ("127.0.0.2", "not-an-ip", ("127.0.0.2",), "127.0.0.2"),
    ("127.0.0.2", "", ("127.0.0.2",), "127.0.0.2"),
    ("::ffff:127.0.0.2", "2001:db8::1", ("127.0.0.2",), "2001:db8::1"),
    ("127.0.0.2", "10.1.2.3", (), "127.0.0.2"),                                # nothing trusted: the peer
])
def test_resolution_starts_from_the_peer_and_believes_only_trusted_proxies(peer, forwarded, trusted, expected):
    from zhicheng.core.clientip import resolve

    assert resolve(peer, forwarded, trusted) == expected


def test_a_typo_in_trusted_proxies_stops_start_up():
    from django.core.exceptions import ImproperlyConfigured

    from zhicheng.core.clientip import parse_trusted_proxies

    assert parse_trusted_proxies(" 10.0.0.5, 10.0.1.0/24 ") == ["10.0.0.5", "10.0.1.0/24"]
    with pytest.raises(ImproperlyConfigured):
        parse_trusted_proxies("10.0.0.5, nginx")
