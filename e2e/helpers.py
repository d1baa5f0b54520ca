"""Shared steps of the journeys: files to upload, moments in the demo batch, the unit's list; the server time of
every page the browsers open (``ServerTimings``)."""

import datetime as dt
import io
import json
import math
import re
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.urls import Resolver404, resolve
from playwright.sync_api import Page, expect

from zhicheng.recommendations import demo as recommendations_demo
from zhicheng.recommendations import services as recommendation_services

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The demo's "current" batch: list deadline 2026-11-20 17:00, application window 11-23 09:00 to 12-20 17:00.
BEFORE_LIST_DEADLINE = dt.datetime(2026, 11, 18, 10, 0, tzinfo=SHANGHAI)
IN_WINDOW = dt.datetime(2026, 11, 27, 9, 30, tzinfo=SHANGHAI)


def pdf_bytes(text: str = "zhicheng e2e") -> bytes:
    return recommendations_demo.minimal_pdf(text)


def png_bytes(width: int = 400, height: int = 260, colour=(30, 90, 160)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def upload_payload(name: str, data: bytes, mime: str) -> dict:
    return {"name": name, "mimeType": mime, "buffer": data}


def accept_confirms(page: Page) -> None:
    page.on("dialog", lambda dialog: dialog.accept())


def put_policy_on_file(world, unit_key: str) -> None:
    """The unit's 考核推荐制度 (a prerequisite of any list), through the service."""
    unit = world.units[unit_key]
    recommendation_services.recommendation_policy_upload(
        unit=unit, actor=world.users[f"unit_{unit_key}"], title=f"{unit.name}初级职称考核推荐办法",
        file=recommendations_demo.pdf_upload("policy.pdf", "policy"), adopted_on=dt.date(2026, 6, 20),
    )


def unit_lists_and_submits(web, world, *, unit_key: str, person, series: str, specialty: str, level: str,
                           post: str, phone: bool = False) -> Page:
    """The unit officer adds a person to the current batch's list (附件3) in the browser and submits it."""
    put_policy_on_file(world, unit_key)
    page = web.login(f"unit_{unit_key}", phone=phone)
    accept_confirms(page)
    page.goto("/unit/")
    page.get_by_role("link", name="编辑名单").first.click()
    page.get_by_role("link", name="添加人员").click()
    page.get_by_label("姓名").fill(person.real_name)
    page.get_by_label("身份证号码").fill(person.id_number)
    page.get_by_label("申报系列").select_option(series)
    page.get_by_label("申报专业").fill(specialty)
    page.get_by_label("申报级别").select_option(level)
    page.get_by_label("现从事岗位").fill(post)
    page.get_by_label("考核结果", exact=True).select_option("passed")
    page.get_by_label("考核日期").fill("2026-10-29")
    page.get_by_label("公示开始日期").fill("2026-11-02")
    page.get_by_label("公示结束日期").fill("2026-11-06")
    page.get_by_label("本人承诺落款日期").fill("2026-10-30")
    page.get_by_label("单位审核意见落款日期").fill("2026-11-09")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="推荐人员名单（附件3）")).to_be_visible()
    expect(page.get_by_text(person.real_name).first).to_be_visible()
    web.shot(page, "unit-list-before-submit")
    page.get_by_role("button", name="报送区人社局").click()
    expect(page.get_by_text("本名单已于")).to_be_visible()
    web.shot(page, "unit-list-submitted")
    return page


def expect_no_horizontal_scroll(page: Page) -> None:
    """Phone-first: nothing may force sideways scrolling."""
    # Measure the page as the user sees it: a check that runs while site.css is still on its way (the
    # text is already in the DOM after a redirect) would measure an unstyled table, 72 px too wide.
    page.wait_for_load_state("load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet && l.sheet.cssRules.length)")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    widest = "" if overflow <= 1 else page.evaluate(
        "() => { const w = document.documentElement.clientWidth; const out = [];"
        " for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect();"
        " if (r.right > w + 1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right)); }"
        " return out.slice(0, 5).join('; '); }")
    assert overflow <= 1, f"page is {overflow}px wider than the phone screen: {page.url} ({widest})"


# --- accessibility: axe-core on every page a journey opens ----------------------------------------------------
# axe-core is vendored (e2e/vendor/axe-core/README.md: version, licence, where it came from); nothing is
# fetched at run time. It is injected as an init script (the DevTools protocol adds it to every new document,
# so the site's Content-Security-Policy, which refuses inline scripts, does not apply and needs no bypass).
AXE_SOURCE = (Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
SERIOUS_IMPACTS = ("serious", "critical")
# ``__zcAxeCheck()`` runs axe (all of its default rules: WCAG 2.x A/AA and best practices) on the document as it
# is; axe_lines() keeps the serious and critical violations. Once the document has loaded it runs by itself, and the
# page tells the journey when that check has started and what it found (``report``, a binding the journeys'
# browser exposes).
AXE_ON_LOAD = AXE_SOURCE + """
;(function () {
  if (window.top !== window || document.contentType !== "text/html" || !/^https?:$/.test(location.protocol)) {
    return;
  }
  window.__zcAxeCheck = function () {
    return axe.run(document, {resultTypes: ["violations"]}).then(function (result) {
      return result.violations.map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(function (n) { return n.target.join(" "); })};
      });
    }, function (err) {
      return [{id: "axe-error", impact: "critical", help: String(err), targets: []}];
    }).then(function (violations) { return {url: location.href, violations: violations}; });
  };
  var report = window.__zcAxeReport || function () {};
  report({started: location.href});
  window.__zcAxe = new Promise(function (resolve) {
    var timer = setTimeout(function () { resolve({url: location.href, timeout: true}); }, 30000);
    function run() { window.__zcAxeCheck().then(function (result) { clearTimeout(timer); resolve(result); }); }
    if (document.readyState === "complete") { run(); } else { window.addEventListener("load", run, {once: true}); }
  }).then(function (result) { report(result); return result; });
})();
"""
AXE_RESULT = "() => window.__zcAxe || null"


def axe_violations(page: Page) -> list[str]:
    """The serious and critical axe violations of the page as it is now (after a click that opened or changed
    something), one line each. A page not opened by the journeys' browser gets axe first (``evaluate``, which
    the CSP does not refuse as it would ``add_script_tag``)."""
    if not page.evaluate("() => typeof window.__zcAxeCheck === 'function'"):
        page.evaluate(AXE_ON_LOAD)
    page.evaluate(AXE_RESULT)  # axe runs one check at a time: the one started on load finishes first
    return axe_lines(page.evaluate("() => window.__zcAxeCheck()"))


def axe_lines(result: dict | None, tally: dict | None = None) -> list[str]:
    """One line per serious or critical violation (rule, page, elements); ``tally`` counts every impact."""
    if not result:
        return []
    if result.get("timeout"):
        return [f"axe did not finish on {result['url']}"]
    path = urlsplit(result["url"])
    where = path.path + (f"?{path.query[:60]}…" if len(path.query) > 60 else f"?{path.query}" if path.query else "")
    if tally is not None:
        tally["documents"] += 1
        for v in result["violations"]:
            tally.setdefault(v["impact"], set()).add((v["id"], path.path))
    return [f"{v['impact']} {v['id']} on {where}: {v['help']} — {', '.join(v['targets'][:6])}"
            for v in result["violations"] if v["impact"] in SERIOUS_IMPACTS]


# --- server time of the pages the journeys open --------------------------------------------------------------

SERVER_TIMING_TARGET_MS = 300  # p95 of every page a user waits on (issue 14.14); a report, never an assertion
_METRIC = re.compile(r'^\s*(?P<name>[A-Za-z0-9_-]+)(?P<params>(?:\s*;[^,]*)?)$')


def parse_server_timing(header: str) -> dict:
    """``app;dur=12.5, cpu;dur=4.2, db;dur=3.1;desc="7 queries"`` → {"app": 12.5, "cpu": 4.2, "db": 3.1,
    "queries": 7}."""
    out = {}
    for part in (header or "").split(","):
        match = _METRIC.match(part)
        if not match:
            continue
        params = dict(p.strip().partition("=")[::2] for p in match["params"].split(";") if p.strip())
        if "dur" in params:
            out[match["name"]] = float(params["dur"])
        count = re.match(r'"?(\d+) queries', params.get("desc", ""))
        if count:
            out["queries"] = int(count[1])
    return out


def percentile(values, fraction: float) -> float:
    """Nearest-rank percentile (p95 of 3 values is the largest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


class ServerTimings:
    """Reads the ``Server-Timing`` header of every page a journey's browser navigates to (documents only: no
    static files, no fetches), grouped by the URL pattern, so the same page for two cases counts as one."""

    def __init__(self):
        self.rows: list[dict] = []

    def watch(self, page: Page) -> None:
        page.on("response", self._on_response)

    def _on_response(self, response) -> None:
        request = response.request
        if request.resource_type != "document" or not request.is_navigation_request():
            return
        timing = parse_server_timing(response.headers.get("server-timing", ""))
        if "app" not in timing:
            return
        path = urlsplit(response.url).path
        try:
            route = "/" + resolve(path).route
        except Resolver404:
            route = path
        self.rows.append({"page": f"{request.method} {route}", "status": response.status, **timing})

    def report(self) -> list[dict]:
        pages: dict[str, list[dict]] = {}
        for row in self.rows:
            pages.setdefault(row["page"], []).append(row)
        report = []
        for page, rows in pages.items():
            app = [r["app"] for r in rows]
            report.append({
                "page": page, "count": len(rows), "p50_ms": percentile(app, 0.5), "p95_ms": percentile(app, 0.95),
                "max_ms": max(app), "cpu_p95_ms": percentile([r.get("cpu", 0.0) for r in rows], 0.95),
                "db_p95_ms": percentile([r.get("db", 0.0) for r in rows], 0.95),
                "queries_max": max(r.get("queries", 0) for r in rows),
                "over_target": percentile(app, 0.95) > SERVER_TIMING_TARGET_MS,
            })
        return sorted(report, key=lambda r: -r["p95_ms"])

    def write(self, path) -> list[dict]:
        report = self.report()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"target_p95_ms": SERVER_TIMING_TARGET_MS, "pages": report},
                                   ensure_ascii=False, indent=2), encoding="utf-8")
        return report


def server_timing_table(report: list[dict]) -> list[str]:
    lines = [f"{'page':56} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p95':>8} {'db p95':>8} "
             f"{'queries':>7}"]
    for r in report:
        flag = f"  over {SERVER_TIMING_TARGET_MS} ms" if r["over_target"] else ""
        lines.append(f"{r['page'][:56]:56} {r['count']:>4} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
                     f"{r['max_ms']:>8.1f} {r['cpu_p95_ms']:>8.1f} {r['db_p95_ms']:>8.1f} {r['queries_max']:>7}{flag}")
    return lines
