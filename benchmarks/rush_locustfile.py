"""Locust users for benchmarks/deadline_rush.py (run by it; reads the plan it writes: RUSH_PLAN).

Each simulated person uses a session made by the setup (no argon2 logins in the measured run) and the real
pages: applicants open their application, save the achievements section, upload a file and submit;
reviewers open their queue and the cases in it.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, constant, task

PLAN = json.loads(open(os.environ["RUSH_PLAN"]).read())  # noqa: SIM115
_applicants = itertools.cycle(PLAN["applicants"])
_reviewers = itertools.cycle(PLAN["reviewers"])
CASE_LINK = re.compile(r'href="(/applications/review/\d+/)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACHIEVEMENTS = ("本人自参加工作以来，认真履行岗位职责，参与完成多项工程项目的技术工作，" * 12)[:600]


def _pdf() -> bytes:
    stream = b"BT /F1 18 Tf 72 720 Td (rush) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


PDF = _pdf()


class _Person(HttpUser):
    abstract = True

    def _login(self, me: dict) -> None:
        self.me = me
        self.client.cookies.set(PLAN["session_cookie"], me["session"])

    def _csrf(self, html: str) -> str:
        match = CSRF.search(html)
        return match.group(1) if match else self.client.cookies.get("csrftoken", "")


class ApplicantUser(_Person):
    weight = 3
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self._login(next(_applicants))
        self.step = 0

    @task
    def work_on_application(self):
        me = self.me
        steps = [s for s in ("detail", "section", "upload", "submit") if me.get(s)]
        if not steps:
            self.client.get(me.get("mine") or "/workbench/", name="applicant: workbench")
            return
        kind = steps[self.step % len(steps)]
        self.step += 1
        if kind == "detail":
            self.client.get(me["detail"], name="applicant: open application")
        elif kind == "section":
            page = self.client.get(me["section"], name="applicant: open section")
            self.client.post(me["section"], data={"csrfmiddlewaretoken": self._csrf(page.text),
                                                  "achievements": ACHIEVEMENTS, "action": "draft"},
                             name="applicant: save section", allow_redirects=False)
        elif kind == "upload":
            page = self.client.get(me["upload"], name="applicant: open uploads")
            self.client.post(me["upload"], data={"csrfmiddlewaretoken": self._csrf(page.text), "category": "pledge"},
                             files={"file": ("承诺书.pdf", PDF, "application/pdf")},
                             name="applicant: upload file", allow_redirects=False)
        else:
            page = self.client.get(me["check"], name="applicant: check answers")
            self.client.post(me["submit"], data={"csrfmiddlewaretoken": self._csrf(page.text)},
                             name="applicant: submit", allow_redirects=False)


class ReviewerUser(_Person):
    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self._login(next(_reviewers))

    @task
    def work_the_queue(self):
        queue = self.me["queue"]
        if not queue:
            self.client.get("/workbench/", name="reviewer: workbench")
            return
        page = self.client.get(queue, name="reviewer: queue")
        cases = CASE_LINK.findall(page.text)
        if cases:
            self.client.get(random.choice(cases), name="reviewer: open case")


class BareUser(HttpUser):
    wait_time = constant(0)

    @task
    def bare(self):
        self.client.get(PLAN["bare"], name="bare Django view")


class QueueUser(_Person):
    wait_time = constant(0)

    def on_start(self):
        self._login(next(_reviewers))

    @task
    def queue(self):
        self.client.get(self.me["queue"] or "/workbench/", name="review queue page")
