"""What the deadline rush's simulated people send and look for (rush_locustfile.py, request_cpu.py)."""

import re

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
RETURN = {"action": "return", "item-0-target": "section:achievements",
          "item-0-reason": "请补充近三年的主要工作业绩，写明项目名称和本人承担的工作。"}
