from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhicheng.core.identity_fields import NormalisedCodeField

from .validators import validate_uscc


class District(models.Model):
    """A district (辖区) and its HR bureau (区人力资源和社会保障局)."""

    name = models.CharField(_("辖区名称"), max_length=50, unique=True, help_text=_("例如：盘龙区"))
    code = models.CharField(_("行政区划代码"), max_length=6, unique=True, help_text=_("6 位行政区划代码，例如 530103"))
    city = models.CharField(_("所属城市"), max_length=50, default="昆明市", help_text=_("例如：昆明市"))
    bureau_name = models.CharField(_("人社局名称"), max_length=100, help_text=_("例如：盘龙区人力资源和社会保障局"))
    bureau_address = models.CharField(_("人社局地址"), max_length=200, blank=True, help_text=_("纸质材料报送地址"))
    bureau_phone = models.CharField(_("联系电话"), max_length=100, blank=True, help_text=_("咨询电话"))
    bureau_uscc = models.CharField(_("人社局统一社会信用代码"), max_length=18, blank=True,
                                   help_text=_("电子证照标识中的颁发机构代码（GB/T 36904）"))

    class Meta:
        verbose_name = _("辖区")
        verbose_name_plural = _("辖区")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A competent department (行业主管部门) that re-checks its units' recommendations."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="departments", verbose_name=_("辖区"),
        help_text=_("主管部门所在辖区"),
    )
    name = models.CharField(_("主管部门名称"), max_length=100, help_text=_("例如：盘龙区教育体育局"))

    class Meta:
        verbose_name = _("行业主管部门")
        verbose_name_plural = _("行业主管部门")
        ordering = ["district", "name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    STATE_OWNED = "state_owned", _("国有企业")
    NON_PUBLIC = "non_public", _("非公经济组织")
    SOCIAL_ORG = "social_org", _("社会组织")


# The policy engine names unit kinds by their Chinese label (eligibility contract).
UNIT_KIND_POLICY_NAMES = {
    UnitKind.PUBLIC_INSTITUTION: "事业单位",
    UnitKind.STATE_OWNED: "国有企业",
    UnitKind.NON_PUBLIC: "非公经济组织",
    UnitKind.SOCIAL_ORG: "社会组织",
}


class Affiliation(models.TextChoices):
    DISTRICT = "district", _("区属")
    CENTRAL = "central", _("中央")
    PROVINCIAL = "provincial", _("省属")
    MUNICIPAL = "municipal", _("市属")


AFFILIATION_POLICY_NAMES = {
    Affiliation.DISTRICT: "区属",
    Affiliation.CENTRAL: "中央",
    Affiliation.PROVINCIAL: "省属",
    Affiliation.MUNICIPAL: "市属",
}


class Unit(models.Model):
    """An employer unit (用人单位) that assesses and recommends its people."""

    name = models.CharField(_("单位名称"), max_length=200, help_text=_("与营业执照或登记证书一致"))
    uscc = NormalisedCodeField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc],
        help_text=_("18 位统一社会信用代码（GB 32100）"),
    )
    kind = models.CharField(_("单位性质"), max_length=32, choices=UnitKind.choices, help_text=_("私营单位请选择“非公经济组织”"))
    affiliation = models.CharField(
        _("隶属关系"), max_length=16, choices=Affiliation.choices, default=Affiliation.DISTRICT,
        help_text=_("中央、省、市属单位人员按人事隶属关系在本系统外办理"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="units", verbose_name=_("注册辖区"),
        help_text=_("工商或登记注册所在辖区"),
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="units", null=True, blank=True,
        verbose_name=_("行业主管部门"), help_text=_("非公经济组织通常无主管部门，留空即可"),
    )
    is_labour_dispatch = models.BooleanField(
        _("劳务派遣公司"), default=False, help_text=_("需“双公示、双审核、双盖章”并上传派遣协议"),
    )
    is_out_of_province_branch = models.BooleanField(
        _("外省企业分公司"), default=False, help_text=_("需上传总公司出具的推荐报告（附件2）"),
    )
    parent_company_name = models.CharField(
        _("总公司名称"), max_length=200, blank=True, help_text=_("外省企业分公司填写具有法人资格的上级单位名称"),
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True, help_text=_("法定代表人姓名"))
    address = models.CharField(_("单位地址"), max_length=200, blank=True, help_text=_("办公地址"))
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True, help_text=_("经办人联系电话"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, help_text=_("单位在本平台登记的时间"))

    class Meta:
        verbose_name = _("用人单位")
        verbose_name_plural = _("用人单位")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_department(self) -> bool:
        return self.department_id is not None

    @property
    def policy_kind(self) -> str:
        return UNIT_KIND_POLICY_NAMES[UnitKind(self.kind)]

    @property
    def policy_affiliation(self) -> str:
        return AFFILIATION_POLICY_NAMES[Affiliation(self.affiliation)]


# The details of a unit its officer may ask to change, in the order the pages show them (the district is not:
# moving to another district is a matter between two bureaus). The second tuple: what a case in review was
# checked against (its requirements, its re-checking department), so it waits until no case is in review.
UNIT_CHANGE_FIELDS = ("name", "uscc", "kind", "affiliation", "department", "is_labour_dispatch",
                      "is_out_of_province_branch", "parent_company_name", "legal_representative", "address",
                      "contact_phone")
UNIT_REVIEW_SENSITIVE_FIELDS = ("kind", "affiliation", "department", "is_labour_dispatch",
                                "is_out_of_province_branch")


class UnitChangeStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已变更")
    REJECTED = "rejected", _("未通过")


class UnitChangeRequest(models.Model):
    """A unit officer's request to change the unit's details (单位信息变更申请), decided by the district bureau.

    The proposed values are kept as the officer typed them (normalised); what the bureau applied, possibly
    edited, is ``applied`` ({field: {"from": ..., "to": ...}}). ``previous`` is the unit's values when the
    request was made (or decided), so the history reads old → new even after later changes."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="change_requests",
                             verbose_name=_("用人单位"), help_text=_("申请变更信息的单位"))
    name = models.CharField(_("单位名称"), max_length=200, help_text=_("与营业执照或登记证书一致"))
    uscc = NormalisedCodeField(_("统一社会信用代码"), max_length=18, validators=[validate_uscc],
                               help_text=_("18 位统一社会信用代码（GB 32100）"))
    kind = models.CharField(_("单位性质"), max_length=32, choices=UnitKind.choices,
                            help_text=_("私营单位请选择“非公经济组织”"))
    affiliation = models.CharField(_("隶属关系"), max_length=16, choices=Affiliation.choices,
                                   help_text=_("中央、省、市属单位人员按人事隶属关系在本系统外办理"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                                   verbose_name=_("行业主管部门"), help_text=_("非公经济组织通常无主管部门，留空即可"))
    is_labour_dispatch = models.BooleanField(_("劳务派遣公司"), default=False,
                                             help_text=_("需“双公示、双审核、双盖章”并上传派遣协议"))
    is_out_of_province_branch = models.BooleanField(_("外省企业分公司"), default=False,
                                                    help_text=_("需上传总公司出具的推荐报告（附件2）"))
    parent_company_name = models.CharField(_("总公司名称"), max_length=200, blank=True,
                                           help_text=_("外省企业分公司填写具有法人资格的上级单位名称"))
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True, help_text=_("法定代表人姓名"))
    address = models.CharField(_("单位地址"), max_length=200, blank=True, help_text=_("办公地址"))
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True, help_text=_("经办人联系电话"))
    reason = models.TextField(_("变更理由"), help_text=_("为什么变更，例如：单位更名，已换发营业执照"))
    previous = models.JSONField(_("变更前信息"), default=dict, blank=True,
                                help_text=_("申请（或审核）时单位的原有信息"))
    applied = models.JSONField(_("实际变更"), default=dict, blank=True,
                               help_text=_("人社局审核通过后实际变更的项目（原值与新值）"))
    status = models.CharField(_("状态"), max_length=16, choices=UnitChangeStatus.choices,
                              default=UnitChangeStatus.PENDING, db_index=True, help_text=_("人社局的审核情况"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                    related_name="+", verbose_name=_("申请人"), help_text=_("提出变更的单位经办人"))
    proposed_at = models.DateTimeField(_("申请时间"), default=timezone.now, help_text=_("提出变更的时间"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("审核人"), help_text=_("作出决定的人社局工作人员"))
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True, help_text=_("人社局作出决定的时间"))
    decision_note = models.TextField(_("审核意见"), blank=True, help_text=_("通过时的说明或不予变更的理由"))

    class Meta:
        verbose_name = _("单位信息变更申请")
        verbose_name_plural = _("单位信息变更申请")
        ordering = ["-proposed_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["unit"], condition=models.Q(status="pending"),
                                               name="unit_change_one_pending")]

    def __str__(self) -> str:
        return f"{self.unit}（{self.get_status_display()}）"

    def proposed_values(self) -> dict:
        """The proposed values by field name (the department as its id), as :func:`unit_values` gives a unit's."""
        return {f: getattr(self, "department_id" if f == "department" else f) for f in UNIT_CHANGE_FIELDS}


def unit_values(unit: Unit) -> dict:
    """A unit's changeable details by field name (the department as its id)."""
    return {f: getattr(unit, "department_id" if f == "department" else f) for f in UNIT_CHANGE_FIELDS}
