"""A party's seal in a server process that has drawn no PDF since it started (the department signs in another
gunicorn worker than the one that drew the form): the seal's appearance needs the shipped font registered."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from zhicheng.applications.recognition_pdf import seal_pdf
data = seal_pdf("盘龙区人力资源和社会保障局")
print(data[:5].decode(), b"NotoSansSC-Bold" in data)
"""


def test_a_seal_is_drawn_in_a_process_that_has_drawn_no_form_yet():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "zhicheng.settings.test"}
    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["%PDF-", "True"]
