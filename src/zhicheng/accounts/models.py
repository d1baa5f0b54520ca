from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhicheng.core.identity_fields import NormalisedCodeField

from .validators import mask_id_number, parse_id_number, validate_id_number


class Role(models.TextChoices):
    APPLICANT = "applicant", _("专业技术人员")
    UNIT_OFFICER = "unit_officer", _("用人单位经办人")
    DEPARTMENT_REVIEWER = "department_reviewer", _("行业主管部门审核人")
    BUREAU_REVIEWER = "bureau_reviewer", _("区人社局审核人")
    ADMIN = "admin", _("系统管理员")


class User(AbstractUser):
    """A person who logs in. Each account has exactly one role and the organisation it acts for."""

    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.APPLICANT,
                            help_text=_("决定登录后的工作台和可见数据范围"))
    real_name = models.CharField(_("姓名"), max_length=50, blank=True, help_text=_("与身份证一致的姓名"))
    id_number = NormalisedCodeField(
        _("居民身份证号码"), max_length=18, unique=True, null=True, blank=True, validators=[validate_id_number],
        help_text=_("18 位居民身份证号码（GB 11643），末位 X 大写"),
    )
    name_pinyin = models.CharField(_("姓名拼音"), max_length=200, blank=True, db_index=True, editable=False,
                                   help_text=_("按拼音排序用，保存时由姓名生成，例如 zhang1 san1"))
    phone = models.CharField(_("手机号码"), max_length=20, blank=True, help_text=_("用于接收审核通知"))
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="officers",
        verbose_name=_("所属单位"), help_text=_("单位经办人所代表的用人单位"),
    )
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="reviewers",
        verbose_name=_("所属主管部门"), help_text=_("主管部门审核人所在部门"),
    )
    district = models.ForeignKey(
        "orgs.District", on_delete=models.PROTECT, null=True, blank=True, related_name="staff",
        verbose_name=_("所属辖区"), help_text=_("区人社局审核人所在辖区；市级管理员留空"),
    )
    is_approved = models.BooleanField(
        _("已审核通过"), default=True,
        help_text=_("单位经办人账号须经辖区人社局审核通过后方可办理业务"),
    )
    approved_at = models.DateTimeField(_("审核通过时间"), null=True, blank=True, help_text=_("人社局审核通过账号的时间"))
    approved_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("审核人"), help_text=_("审核通过该账号的人社局工作人员"),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.real_name or self.username

    def save(self, *args, **kwargs):
        from zhicheng.core.names import pinyin_key

        self.name_pinyin = pinyin_key(self.real_name or self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "real_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_pinyin"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.real_name or self.username

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number or "")

    @property
    def birth_date(self):
        return parse_id_number(self.id_number).birth_date if self.id_number else None

    @property
    def sex_display(self) -> str:
        if not self.id_number:
            return ""
        return "男" if parse_id_number(self.id_number).sex == "M" else "女"

    @property
    def can_act(self) -> bool:
        """Unit officers act only once the district bureau has approved their account."""
        return self.is_active and (self.role != Role.UNIT_OFFICER or self.is_approved)

    def has_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.role in roles
