"""Demo: recommendation systems on file and submitted lists for both demo batches, through the services."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from zhicheng.core.demo import at, make_id_number

from . import services
from .models import AnnualReview, AssessmentResult, TitleLevel


def minimal_pdf(text: str = "zhicheng demo") -> bytes:
    """A small valid one-page PDF (ASCII text), with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_from_objects(objects)


def pdf_from_objects(objects: list[bytes], *, version: str = "1.4") -> bytes:
    """Objects 1..n written as they are (object 1 the catalogue), with a correct cross-reference table."""
    out = bytearray(f"%PDF-{version}\n".encode())
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(text), content_type="application/pdf")


# (applicant username or None, name, unit key, series, specialty, level, post)
PEOPLE = [
    ("zhang_san", "张三", "school", "中小学教师", "小学数学", TitleLevel.ZHULIJI, "数学教师"),
    (None, "陈晓雨", "school", "中小学教师", "小学语文", TitleLevel.ZHULIJI, "语文教师"),
    ("li_si", "李四", "soe", "工程", "建筑工程", TitleLevel.ZHULIJI, "施工技术员"),
    (None, "杨帆", "soe", "工程", "工程造价", TitleLevel.YUANJI, "造价员"),
    ("wang_wu", "王五", "private", "工程", "电子信息工程", TitleLevel.ZHULIJI, "系统集成工程师"),
    ("zhao_liu", "赵六", "dispatch", "工程", "机电工程", TitleLevel.ZHULIJI, "机电技术员"),
    ("sun_qi", "孙七", "branch", "工程", "道路与桥梁工程", TitleLevel.ZHULIJI, "路桥技术员"),
    (None, "周建国", "branch", "工程", "道路与桥梁工程", TitleLevel.YUANJI, "测量员"),
]

# 上年度考核结果 (一（二）) by name; everyone listed obeys the unit's arrangements and is competent in the post.
ANNUAL_REVIEWS = {"张三": AnnualReview.EXCELLENT, "杨帆": AnnualReview.NONE}

# (batch key, moment the lists are built and submitted, publicity dates, pledge, opinion, assessment)
ROUNDS = {
    "2024q3": (at(2024, 8, 20, 10), at(2024, 8, 26, 10), dt.date(2024, 8, 5), dt.date(2024, 8, 9),
               dt.date(2024, 8, 2), dt.date(2024, 8, 12), dt.date(2024, 8, 1)),
    "current": (at(2026, 11, 10, 10), at(2026, 11, 16, 10), dt.date(2026, 11, 2), dt.date(2026, 11, 6),
                dt.date(2026, 10, 30), dt.date(2026, 11, 9), dt.date(2026, 10, 29)),
}


def _id_number(world, username, name, index) -> str:
    if username:
        return world.users[username].id_number
    return make_id_number("530102", dt.date(1994 + index % 6, 1 + index % 12, 1 + index), 40 + index, index % 2 == 0)


def seed(world) -> None:
    unit_keys = ["school", "soe", "private", "dispatch", "branch"]
    for key in unit_keys:
        unit = world.units[key]
        services.recommendation_policy_upload(
            unit=unit, actor=world.users[f"unit_{key}"], title=f"{unit.name}初级职称考核推荐办法",
            file=pdf_upload("policy.pdf", f"Recommendation policy {key}"), adopted_on=dt.date(2024, 6, 20),
        )
    for batch_key, (build_at, submit_at, start, end, pledge, opinion, assessed) in ROUNDS.items():
        batch = world.batches[batch_key]
        for key in unit_keys:
            unit, officer = world.units[key], world.users[f"unit_{key}"]
            rec_list = services.recommendation_list_open(unit=unit, batch=batch, actor=officer, now=build_at)
            for index, (username, name, unit_key, series, specialty, level, post) in enumerate(PEOPLE):
                if unit_key != key:
                    continue
                data = {
                    "real_name": name, "id_number": _id_number(world, username, name, index), "series": series,
                    "specialty": specialty, "level": level, "post": post,
                    "assessment_result": AssessmentResult.PASSED, "assessment_date": assessed,
                    "last_annual_review": ANNUAL_REVIEWS.get(name, AnnualReview.QUALIFIED),
                    "obeys_arrangements": True, "competent_in_post": True,
                    "publicity_start": start, "publicity_end": end, "publicity_objection": False,
                    "pledge_date": pledge, "opinion_date": opinion,
                }
                agreement = None
                if unit.is_labour_dispatch:
                    data.update(using_unit_name="昆明盘龙城市建设投资集团有限公司", second_publicity_start=start,
                                second_publicity_end=end, using_unit_approved=True)
                    agreement = pdf_upload("agreement.pdf", f"Dispatch agreement {name}")
                services.recommendation_entry_add(rec_list=rec_list, actor=officer, data=data,
                                                  dispatch_agreement=agreement, now=build_at)
            if unit.is_out_of_province_branch:
                services.parent_recommendation_upload(
                    rec_list=rec_list, actor=officer, now=build_at,
                    file=pdf_upload("parent.pdf", "Parent company recommendation report"))
            services.recommendation_list_submit(rec_list=rec_list, actor=officer, now=submit_at)
