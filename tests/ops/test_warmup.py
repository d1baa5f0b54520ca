"""A server process loads its views and the PDF fonts when it starts (``zhicheng.ops.warmup``), so the first
login and the first 考核认定表 it serves do not wait for them."""

import sys

from .support import base_env, run

PROBE = ("import sys, zhicheng.wsgi; from reportlab.pdfbase import pdfmetrics; "
         "print('NotoSansSC' in pdfmetrics.getRegisteredFontNames(), 'NotoSansSC-Bold' in "
         "pdfmetrics.getRegisteredFontNames(), 'zhicheng.certificates.views' in sys.modules, 'pyhanko.sign' in "
         "sys.modules)")


def test_a_server_process_is_ready_to_draw_pdfs_before_its_first_request(tmp_path):
    env = base_env(ZHICHENG_VAR_DIR=tmp_path / "var", LOG_LEVEL="ERROR")
    assert run([sys.executable, "-c", PROBE], env).stdout.split() == ["True"] * 4
    assert run([sys.executable, "-c", PROBE], {**env, "WARM_UP": "0"}).stdout.split() == ["False"] * 4
