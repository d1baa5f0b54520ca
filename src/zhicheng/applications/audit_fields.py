"""The Chinese names of the fields this app's audit rows carry in ``changes`` (see zhicheng.audit.labels), so the
bureau's audit trail reads 退回事项：基本情况… instead of ``items``. Internal ids and hashes are hidden (None)."""

from zhicheng.audit.labels import choice_format, model_fields
from zhicheng.documents.models import Attachment, Category
from zhicheng.recommendations.models import TitleLevel

from .esign import LABELS as PARTY_LABELS
from .models import Application, Section
from .sections import SectionState


def audit_fields() -> dict:
    application = model_fields(
        Application,
        entry=None, unit=None, review=None, delivered_by=None, key_fingerprint=None, integrity_record=None,
        section="申报部分", state="填写情况", chars="字数", rows="行数", eligible="符合申报条件",
        as_of="核验日期", parameter_version="规则参数版本", resolved_items="已修改的退回事项数",
        skipped_department="跳过主管部门复核", items="退回事项", attachment_category="材料类别", reason="原因",
        return_count="退回次数", received_on="收到纸质表日期", delivered_by_name="纸质表递交人", party="签章方",
        key_serial="签名证书序列号", certificate_revoked="电子证书已作废",
    )
    attachment = model_fields(Attachment, application=None, sha256=None, replaced=None,
                              category="材料类别", size="大小（字节）", content_type="文件类型")
    return {"application": application, "attachment": attachment}


def audit_formats() -> dict:
    categories = choice_format(Category.choices)
    return {
        "application.section": choice_format(Section.choices),
        "application.state": choice_format(SectionState.LABELS.items()),
        "application.level": choice_format(TitleLevel.choices),
        "application.attachment_category": categories,
        "application.party": choice_format(PARTY_LABELS.items()),
        "attachment.category": categories,
    }
