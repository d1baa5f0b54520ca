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

from locust import HttpUser, between, constant, task
from rush_payloads import ACHIEVEMENTS, CASE_LINK, CSRF, OPINION, PDF, RETURN  # beside this file

PLAN = json.loads(open(os.environ["RUSH_PLAN"]).read())  # noqa: SIM115
_applicants = itertools.cycle(PLAN["applicants"][int(os.environ.get("RUSH_OFFSET", "0")):] or PLAN["applicants"])
_reviewers = itertools.cycle(PLAN["reviewers"])


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
            data = RETURN
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
