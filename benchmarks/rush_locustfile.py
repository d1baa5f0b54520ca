"""Locust users for benchmarks/deadline_rush.py (run by it; reads the plan it writes: RUSH_PLAN).

Each simulated person uses a session made by the setup (no argon2 logins in the measured run) and the real
pages: applicants open their application, save the achievements section, upload a file and submit it (once;
afterwards they look at it); reviewers open their queue, a case from it, and decide it: four in five approved
(the unit's three-part opinion, or a comment), one in five returned. Each run takes its applicants from
RUSH_OFFSET on, so every step of the capacity curve submits drafts nobody has submitted yet.
"""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, constant, task

PLAN = json.loads(open(os.environ["RUSH_PLAN"]).read())  # noqa: SIM115
_applicants = itertools.cycle(PLAN["applicants"][int(os.environ.get("RUSH_OFFSET", "0")):] or PLAN["applicants"])
_reviewers = itertools.cycle(PLAN["reviewers"])
CASE_LINK = re.compile(r'href="(/applications/review/\d+/)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ACHIEVEMENTS = ("本人自参加工作以来，认真履行岗位职责，参与完成多项工程项目的技术工作，" * 12)[:600]
OPINION = {
    "opinion_truthful": "经逐项核对原件，申请人填写的学历、工作经历和参保信息均属实。",
    "opinion_evaluation": "该同志学历符合要求，从事本专业工作年限已满，工作认真负责，业绩较为突出，同意推荐。",
    "opinion_publicity": "已在本单位公告栏公示五个工作日，公示期间无异议。",
    "comment": "复核通过。",
}


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
        kind = steps[self.step % len(steps)] if self.step < len(steps) else "detail"  # submitted: looks at it
        self.step += 1
        if kind == "detail":
            self.client.get(me["detail"], name="applicant: open application")
        elif kind == "section":
            page = self.client.get(me["section"], name="applicant: open section")
            self.client.post(me["section"], data={"csrfmiddlewaretoken": self._csrf(page.text),
                                                  "achievements": ACHIEVEMENTS, "action": "complete"},
                             name="applicant: save section", allow_redirects=False)
        elif kind == "upload":
            page = self.client.get(me["upload"], name="applicant: open uploads")
            self.client.post(me["upload"], data={"csrfmiddlewaretoken": self._csrf(page.text), "category": "pledge"},
                             files={"file": ("承诺书.pdf", PDF, "application/pdf")},
                             name="applicant: upload file", allow_redirects=False)
        else:
            page = self.client.get(me["check"], name="applicant: check answers")
            with self.client.post(me["submit"], data={"csrfmiddlewaretoken": self._csrf(page.text)},
                                  name="applicant: submit", allow_redirects=False, catch_response=True) as done:
                # a complete draft inside the window goes through: to the application, not back to the check
                if done.status_code != 302 or done.headers.get("Location", "").rstrip("/") != me["detail"].rstrip("/"):
                    done.failure(f"not submitted ({done.status_code} → {done.headers.get('Location', '')})")


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
        if not cases:
            return
        case = random.choice(cases)
        page = self.client.get(case, name="reviewer: open case")
        if 'value="approve"' not in page.text:
            return  # decided by a colleague a moment ago, or not this reviewer's stage
        if random.random() < 0.2:
            data = {"action": "return", "item-0-target": "section:achievements",
                    "item-0-reason": "请补充近三年的主要工作业绩，写明项目名称和本人承担的工作。"}
            name = "reviewer: return"
        else:
            data, name = {"action": "approve", **OPINION}, "reviewer: approve"
        # 302: decided; 200: refused with a message (a colleague decided the same case first) — both are
        # answers a reviewer gets on deadline day; a 4xx/5xx is an error.
        self.client.post(case, data={"csrfmiddlewaretoken": self._csrf(page.text), **data}, name=name,
                         allow_redirects=False)


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
