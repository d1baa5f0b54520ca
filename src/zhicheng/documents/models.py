import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Attachment categories of 五（三）–（八）."""

    ID_CARD = "id_card", _("身份证正反面（签字盖章复印件）")
    EDUCATION = "education", _("学历资料（电子注册备案表及学信网截图）")
    EDUCATION_PROOF = "education_proof", _("单位出具的学历书面证明")
    FOREIGN_DEGREE = "foreign_degree", _("国（境）外学历学位认证书")
    APPOINTMENT = "appointment", _("事业单位聘用通知书")
    SALARY_APPROVAL = "salary_approval", _("事业单位人员正常晋升工资审批表")
    INSURANCE_PROOF = "insurance_proof", _("养老保险个人参保证明")
    LABOUR_CONTRACT = "labour_contract", _("劳动合同备案表")
    DISPATCH_AGREEMENT = "dispatch_agreement", _("劳务派遣协议")
    BUSINESS_LICENCE = "business_licence", _("营业执照或法人证")
    PARENT_RECOMMENDATION = "parent_recommendation", _("总公司推荐报告（附件2）")
    PUBLICITY_FORM = "publicity_form", _("职称考核认定公示表原件（附件1）")
    PLEDGE = "pledge", _("职称申报承诺书")
    ACCESS_CERTIFICATE = "access_certificate", _("职业准入证书")
    SERIES_CHANGE_PROOF = "series_change_proof", _("变更转岗证明")
    PREVIOUS_TITLE = "previous_title", _("已取得的职称证书")


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Generated names only: the uploaded file name is never used as a path.
    return f"attachments/{instance.application_id}/{instance.category}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    """One uploaded file of an application. Re-uploads add a version; earlier versions are kept."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="attachments", verbose_name=_("申报"), help_text=_("所属申报"))
    category = models.CharField(_("材料类别"), max_length=32, choices=Category.choices, help_text=_("附件类别"))
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300, help_text=_("PDF、JPEG 或 PNG"))
    original_name = models.CharField(_("原文件名"), max_length=200, help_text=_("上传时的文件名（仅作显示）"))
    content_type = models.CharField(_("文件类型"), max_length=50, help_text=_("按文件内容识别的类型"))
    extension = models.CharField(_("扩展名"), max_length=8, help_text=_("按文件内容确定的扩展名"))
    size = models.PositiveIntegerField(_("大小（字节）"), help_text=_("文件大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, help_text=_("文件内容的 SHA-256 摘要"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1, help_text=_("同一类别的第几次上传"))
    is_current = models.BooleanField(_("当前版本"), default=True, help_text=_("重新上传后旧版本保留但不再是当前版本"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("上传人"), help_text=_("上传文件的用户"))
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now, help_text=_("上传时间"))

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["category", "-version"]
        indexes = [models.Index(fields=["application", "category", "is_current"], name="attachment_current_idx")]

    def __str__(self) -> str:
        return f"{self.get_category_display()} v{self.version}"
