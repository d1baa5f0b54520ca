"""The lifecycle engine keeps its own promises: every status has a place, every transition a Chinese name, the
applicant's edit window is one rule, and a new review stage is one entry in the stage table plus its status."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.applications import services, workflow
from zhicheng.applications.attachments import attachment_add
from zhicheng.applications.demo import fill, minimal_pdf
from zhicheng.applications.models import Section, Status
from zhicheng.audit.labels import ACTION_LABELS
from zhicheng.core.demo import at

REPO = Path(__file__).resolve().parents[2]


def test_every_status_is_with_the_applicant_a_review_stage_or_an_end():
    places = [*workflow.APPLICANT_STATES, *workflow.REVIEW_STATUSES, *workflow.TERMINAL]
    assert sorted(places) == sorted(Status.values), "each status in exactly one of the three"


def test_every_transition_writes_an_audit_code_with_a_chinese_name():
    for t in workflow.TRANSITIONS.values():
        for code in (t.audit, *(c for c, _label in t.audit_from.values())):
            label = ACTION_LABELS.get(code, "")
            assert label and label != code and any("\u4e00" <= ch <= "\u9fff" for ch in label), code
        assert set(t.sources) <= set(Status.values)


def test_each_stage_has_its_decisions_and_the_skip_rule_is_data():
    for stage in workflow.STAGES:
        assert f"{stage.key}_approve" in workflow.TRANSITIONS and f"{stage.key}_return" in workflow.TRANSITIONS
    department = workflow.stage_of(Status.DEPARTMENT_RECHECK)
    assert department.skip_unless == "unit.department_id" and department.skip_note == "无主管部门，跳过"


def test_a_draft_takes_no_upload_after_the_window_closes_like_its_sections(listed):
    """One edit-window rule for sections and attachments (a draft used to take uploads after the deadline)."""
    user, batch = listed.users["li_si"], listed.batches["current"]
    with time_machine.travel(at(2026, 11, 24, 10), tick=False):
        app = fill(services.application_start(user=user, batch=batch), now=at(2026, 11, 24, 10))
    late = at(2026, 12, 21, 9)  # the window closed on 2026-12-20 17:00
    with time_machine.travel(late, tick=False):
        with pytest.raises(ValidationError) as section_refusal:
            services.application_section_save(application=app, actor=user, section=Section.ACHIEVEMENTS,
                                              value=app.achievements)
        with pytest.raises(ValidationError) as upload_refusal:
            attachment_add(application=app, category="id_card", actor=user,
                           uploaded_file=SimpleUploadedFile("id.pdf", minimal_pdf(), content_type="application/pdf"))
    assert "网络申报已于2026年12月20日 17:00截止" in " ".join(section_refusal.value.messages)
    assert upload_refusal.value.messages == section_refusal.value.messages
    assert not app.attachments.filter(category="id_card").exists()


# --- a new review stage ----------------------------------------------------------------------------------------

# The whole change an expert-panel step needs (besides its migration, generated below): its status value ...
STATUS_EDIT = ('    DEPARTMENT_RECHECK = "department_recheck", _("待主管部门复核")\n',
               '    DEPARTMENT_RECHECK = "department_recheck", _("待主管部门复核")\n'
               '    EXPERT_REVIEW = "expert_review", _("待专家评审")\n')
# ... and its entry in the stage table, between the department and the bureau (the bureau's accounts sit on it).
STAGE_EDIT = ('    Stage(Status.BUREAU_RECOGNITION, "bureau",',
              '    Stage(Status.EXPERT_REVIEW, "expert", "专家评审", "评审专家", Role.BUREAU_REVIEWER, "district_id",\n'
              '          "batch.district_id", "评审通过"),\n'
              '    Stage(Status.BUREAU_RECOGNITION, "bureau",')


def _edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: the anchor moved"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_new_review_stage_is_one_stage_entry_and_one_status_value(tmp_path):
    """Copy the project, make exactly the two edits above, generate the migration, and run the probe with the
    lifecycle tests there: cases go unit → department (or skipped) → 专家评审 → bureau through the services,
    queues, pages and the audit trail, with nothing else changed."""
    copy = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "var", "*.egg-info")
    for part in ("src", "tests"):
        shutil.copytree(REPO / part, copy / part, ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    _edit(copy / "src/zhicheng/applications/models.py", *STATUS_EDIT)
    _edit(copy / "src/zhicheng/applications/workflow/stages.py", *STAGE_EDIT)
    shutil.copy(copy / "tests/applications/probes/new_stage.py", copy / "tests/applications/test_new_stage_probe.py")
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "DJANGO_SETTINGS_MODULE": "zhicheng.settings"}
    made = subprocess.run([sys.executable, "-m", "zhicheng.cli", "makemigrations", "applications", "-n", "expert_review"],
                          cwd=copy, env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0 and "expert_review" in made.stdout, made.stdout + made.stderr
    ran = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=", "-q", "-p", "no:cacheprovider", "-x",
                          "tests/applications/test_new_stage_probe.py",
                          "tests/applications/test_lifecycle.py::test_every_status_is_with_the_applicant_a_review_stage_or_an_end",
                          "tests/applications/test_lifecycle.py::test_every_transition_writes_an_audit_code_with_a_chinese_name"],
                         cwd=copy, env=env, capture_output=True, text=True, timeout=600)
    assert ran.returncode == 0, ran.stdout[-4000:] + ran.stderr[-2000:]
    assert "5 passed" in ran.stdout, ran.stdout[-2000:]


def test_only_the_engine_sets_an_applications_status():
    """Services call workflow.move; no other module assigns ``application.status`` (creating a draft aside)."""
    import re

    import zhicheng

    root = Path(zhicheng.__file__).parent
    setters = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or path.parent.name == "workflow":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.search(r"\b(app|application|returned)\.status\s*=[^=]", line):
                setters.append(f"{path.relative_to(root)}:{number}")
    assert not setters, setters
