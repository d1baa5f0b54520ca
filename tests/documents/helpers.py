"""Applications in given states for document and certificate tests.

Workflow states are set directly here: these tests exercise rendering, storage and signing, not the workflow
(the workflow's own tests reach the states through applications.services).
"""

import datetime as dt
import io

from zhicheng.applications.models import Application, Decision, Review, Status
from zhicheng.core.demo import at
from zhicheng.recommendations.models import ListStatus, RecommendationEntry, RecommendationList

ACHIEVEMENTS = ("参与盘龙区金辰片区道路改造工程的施工组织设计与现场技术管理，负责图纸会审、技术交底和质量检查。" * 12)


def make_application(world, username="zhang_san", *, unit_key=None, batch_key="2024q3", status=Status.DRAFT,
                     series="工程", specialty="建筑工程", level="zhuliji", recognised=None, paper=None):
    user = world.users[username]
    unit_key = unit_key or {"zhang_san": "school", "li_si": "soe", "wang_wu": "private", "zhao_liu": "dispatch",
                            "sun_qi": "branch"}[username]
    unit = world.units[unit_key]
    batch = world.batches[batch_key]
    rlist, _ = RecommendationList.objects.get_or_create(
        unit=unit, batch=batch, defaults={"status": ListStatus.SUBMITTED, "submitted_at": at(2024, 8, 20, 10)})
    entry = RecommendationEntry.objects.create(
        recommendation_list=rlist, real_name=user.real_name, id_number=user.id_number, series=series,
        specialty=specialty, level=level, post="技术员", assessment_date=dt.date(2024, 8, 5),
        publicity_start=dt.date(2024, 8, 6), publicity_end=dt.date(2024, 8, 12), pledge_date=dt.date(2024, 8, 5),
        opinion_date=dt.date(2024, 8, 13),
    )
    app = Application.objects.create(
        batch=batch, applicant=user, unit=unit, recommendation_entry=entry, status=status, series=series,
        specialty=specialty, level=level, post="技术员", employment_start=dt.date(2020, 7, 1),
        skills=[{"level": "高级工", "name": "建筑信息模型技术员", "obtained_on": "2021-06-30", "number": "S2021-0007"}],
        education=[{"level": "本科", "school": "昆明理工大学", "major": "土木工程", "graduated_on": "2020-06-30",
                    "full_time": True, "certificate_number": "106741202005001234", "related": True}],
        work_history=[{"start": "2020-07", "end": "", "employer": unit.name, "post": "技术员"}],
        insurance=[{"start": "2020-07", "end": "2024-08", "city": "昆明市", "employer": unit.name}],
        titles=[], achievements=ACHIEVEMENTS, submitted_at=at(2024, 9, 5, 10),
    )
    if status == Status.RECOGNISED or recognised:
        app.status = Status.RECOGNISED
        app.recognised_on = recognised or dt.date(2024, 9, 28)
        app.recognised_level = level
        app.paper_received_on = paper
        app.save()
        Review.objects.create(
            application=app, stage=Status.UNIT_REVIEW, decision=Decision.APPROVE, reviewer=world.users[f"unit_{unit_key}"],
            opinion_truthful="经核实，申请人填写内容属实。",
            opinion_evaluation="该同志本科学历，从事建筑工程技术工作满四年，工作认真负责，业绩突出。",
            opinion_publicity="已于2024年8月6日至12日在本单位公告栏公示，公示无异议。",
            created_at=at(2024, 9, 10, 9),
        )
        if unit.department_id:
            Review.objects.create(application=app, stage=Status.DEPARTMENT_RECHECK, decision=Decision.APPROVE,
                                  reviewer=world.users["dept_edu"], comment="复核通过。", created_at=at(2024, 9, 15, 9))
        else:
            Review.objects.create(application=app, stage=Status.DEPARTMENT_RECHECK, decision=Decision.SKIP,
                                  comment="无主管部门", created_at=at(2024, 9, 10, 9))
        Review.objects.create(application=app, stage=Status.BUREAU_RECOGNITION, decision=Decision.APPROVE,
                              reviewer=world.users["bureau"], comment="同意认定。", created_at=at(2024, 9, 28, 10))
    return app


# --- small valid and hostile files ---------------------------------------------------------------------------

def png_bytes(width=40, height=30) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 200, 30)).save(buf, "JPEG")
    return buf.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def png_bomb_header(width=20000, height=20000) -> bytes:
    """A PNG whose header claims huge dimensions (a decompression bomb never gets decoded)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
