"""Browser journeys: Playwright for Python driving Debian's Chromium against pytest-django's live server.

- The live server runs in this process (``live_server`` + ``transactional_db``), so tests set up data
  through the real services and read the result back from the same (in-memory SQLite) database.
- Chromium is the system one (/usr/bin/chromium, installed by scripts/install-system-deps.sh); Playwright's
  own browser downloads are never used.
- No CJK font is installed system-wide: a generated fontconfig file adds the Noto Sans SC font the project
  ships, so screenshots show Chinese text rather than boxes.
- Screenshots of key pages go to e2e/screenshots/ (git-ignored; kept as CI artifacts).
- Every page a journey opens is checked with axe-core (vendored, e2e/vendor/axe-core/): it runs in the page once
  the document has loaded and reports its serious and critical violations; a navigation away from a document
  whose check is still running waits for it, and the test fails at the end listing each rule and its elements.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run next to one
# unless told that the calls really are synchronous (they are: one test thread, one server thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from zhicheng.core.demo import DEMO_PASSWORD, DemoWorld, seed_foundation  # noqa: E402

from .helpers import AXE_ON_LOAD, AXE_RESULT, ServerTimings, axe_lines, server_timing_table  # noqa: E402

AXE_BINDING = "__zcAxeReport"
# Over the whole run: documents checked, and per impact the distinct (rule, page path) pairs found.
AXE_TALLY: dict = {"documents": 0}

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = ROOT / "src" / "zhicheng" / "documents" / "static" / "fonts"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = os.environ.get("ZHICHENG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
SERVER_TIMING_REPORT = SCREENSHOTS / "server-timing.json"
SERVER_TIMINGS = ServerTimings()  # every page any journey of this run opened
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_terminal_summary(terminalreporter):
    """The axe-core tally, and the server time of each page the journeys opened (p95 per URL pattern), also
    written to e2e/screenshots/server-timing.json (timing targets live in benchmarks: this never fails)."""
    if AXE_TALLY["documents"]:
        counts = ", ".join(f"{impact} {len(AXE_TALLY.get(impact, ()))}"
                           for impact in ("critical", "serious", "moderate", "minor"))
        terminalreporter.write_line(f"axe-core checked {AXE_TALLY['documents']} documents; violations (rule × page): "
                                    f"{counts} (serious and critical fail the test)")
    if SERVER_TIMINGS.rows:
        report = SERVER_TIMINGS.write(SERVER_TIMING_REPORT)
        terminalreporter.section(f"server time per page (Server-Timing app, {len(SERVER_TIMINGS.rows)} navigations)")
        for line in server_timing_table(report):
            terminalreporter.write_line(line)
        terminalreporter.write_line(f"written to {SERVER_TIMING_REPORT.relative_to(ROOT)}")


def pytest_collection_modifyitems(items):
    # Every journey needs the live server, whose database must be shared across threads.
    for item in items:
        item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def fontconfig_file(tmp_path_factory) -> Path:
    """A fontconfig file: the system configuration plus the project's shipped Chinese font."""
    base = tmp_path_factory.mktemp("fontconfig")
    conf = base / "fonts.conf"
    system = "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>"
    conf.write_text(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n<fontconfig>\n"
        f"  {system}\n  <dir>{FONT_DIR}</dir>\n  <cachedir>{base / 'cache'}</cachedir>\n"
        # Make the shipped font the fallback for the generic families Chromium asks for.
        + "".join(
            f"  <alias><family>{family}</family><prefer><family>Noto Sans SC</family></prefer></alias>\n"
            for family in ("sans-serif", "serif", "system-ui")
        )
        + "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="session", autouse=True)
def _server_warmed_up(django_db_setup):
    """The live server starts as a gunicorn worker does (``zhicheng.wsgi``): views and PDF fonts loaded, so the
    first page a journey opens is not charged the process's start-up (it was 9 s under load)."""
    from zhicheng.ops.warmup import warm_up

    warm_up()


@pytest.fixture(scope="session")
def browser(fontconfig_file):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh (installs Debian's chromium)")
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file)}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, env=env)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    return SCREENSHOTS


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploads and generated PDFs go to a per-test folder, never to ./var."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DEBUG = False


@pytest.fixture
def world(transactional_db) -> DemoWorld:
    """The demo foundation (districts, units, batches, one account per role), built through the models."""
    w = DemoWorld()
    seed_foundation(w)
    return w


def _is_page_error(msg) -> bool:
    # A missing favicon or a page refused on purpose is not a script error; CSP refusals and exceptions are.
    return msg.type == "error" and not msg.text.startswith("Failed to load resource")


class Browser:
    """Opens pages against the live server at a given screen size; logs people in; takes screenshots."""

    def __init__(self, browser, base_url: str, screenshot_dir: Path, test_name: str):
        self._browser = browser
        self.base_url = base_url
        self._shots = screenshot_dir
        self._prefix = re.sub(r"[^a-z0-9_]+", "_", test_name.lower()).strip("_")
        self._contexts = []
        self._counter = 0
        self.a11y: list[str] = []  # serious/critical axe violations, one line each
        self.a11y_checked = 0  # documents axe has checked
        self._axe_running: dict = {}  # page -> its document's check is under way
        self._held: dict = {}  # page -> navigations waiting for that check

    def page(self, *, phone: bool = False) -> Page:
        context = self._browser.new_context(
            base_url=self.base_url, viewport=PHONE if phone else DESKTOP, locale="zh-CN",
            timezone_id="Asia/Shanghai", accept_downloads=True, is_mobile=phone, has_touch=phone,
            device_scale_factor=2 if phone else 1,
        )
        context.set_default_timeout(15_000)
        context.expose_binding(AXE_BINDING, self._axe_report)
        context.add_init_script(script=AXE_ON_LOAD)
        # Leaving a document whose check is still running: the navigation waits until the old document (alive
        # until the new one commits) has reported. Static files are not routed.
        context.route(lambda url: "/static/" not in url, self._hold_until_checked)
        self._contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if _is_page_error(msg) else None)
        page.js_errors = errors  # checked at teardown: a page that throws is a bug
        SERVER_TIMINGS.watch(page)
        return page

    def _axe_report(self, source, result):
        page = source["page"]
        if "started" in result:
            self._axe_running[page] = True
            return
        self._axe_running[page] = False
        self.a11y_checked += 1
        self.a11y += [line for line in axe_lines(result, AXE_TALLY) if line not in self.a11y]
        for route in self._held.pop(page, []):
            route.continue_()

    def _hold_until_checked(self, route, request):
        page = request.frame.page
        if request.is_navigation_request() and request.frame.parent_frame is None and self._axe_running.get(page):
            self._held.setdefault(page, []).append(route)
        else:
            route.continue_()

    def login(self, username: str, *, phone: bool = False, password: str = DEMO_PASSWORD) -> Page:
        page = self.page(phone=phone)
        page.goto("/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        expect(page.locator(".nav-user")).to_be_attached()  # in the collapsed menu on a phone
        return page

    def shot(self, page: Page, name: str) -> Path:
        self._counter += 1
        path = self._shots / f"{self._prefix}-{self._counter:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def close(self):
        problems = []
        for context in self._contexts:
            for page in context.pages:
                if not page.is_closed() and self._axe_running.get(page):
                    page.evaluate(AXE_RESULT)  # the last document's check finishes (and reports) first
                problems += getattr(page, "js_errors", [])
            context.close()
        return problems


@pytest.fixture
def web(browser, live_server, screenshot_dir, request, world):
    b = Browser(browser, live_server.url, screenshot_dir, request.node.name)
    yield b
    problems = b.close()
    assert not problems, f"JavaScript errors or CSP violations in the browser: {problems}"
    assert b.a11y_checked, "axe checked no page"
    assert not b.a11y, (f"{len(b.a11y)} serious or critical accessibility violations (axe-core) on the pages "
                        "this journey opened:\n" + "\n".join(b.a11y))
