from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HolidayYear(models.Model):
    """A year's official holiday schedule entered by an administrator (国务院办公厅节假日安排).

    An entered year replaces what the chinese-calendar package knows for that year; a year that nobody
    entered and the package does not know makes every working-day count for it fail with a clear message.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True, help_text=_("例如 2027"))
    source = models.CharField(_("依据"), max_length=200, blank=True,
                              help_text=_("例如：国务院办公厅关于2027年部分节假日安排的通知"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("录入人"), help_text=_("录入该年度安排的管理员"))
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now, help_text=_("最近录入或修改的时间"))

    class Meta:
        verbose_name = _("节假日安排年度")
        verbose_name_plural = _("节假日安排年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假（不上班）")
    WORKDAY = "workday", _("调休上班")


class HolidayDay(models.Model):
    """One day that differs from the usual Monday–Friday week: a holiday, or a weekend day worked."""

    year = models.ForeignKey(HolidayYear, on_delete=models.CASCADE, related_name="days", verbose_name=_("年度"),
                             help_text=_("所属年度"))
    day = models.DateField(_("日期"), unique=True, help_text=_("放假日或调休上班日"))
    kind = models.CharField(_("类型"), max_length=16, choices=DayKind.choices, help_text=_("放假或调休上班"))
    name = models.CharField(_("节日"), max_length=20, blank=True, help_text=_("例如：春节、国庆节"))

    class Meta:
        verbose_name = _("节假日或调休日")
        verbose_name_plural = _("节假日或调休日")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.day and self.year_id and self.day.year != self.year.year:
            raise ValidationError({"day": _("日期须属于所录入的年度（%(year)s 年）") % {"year": self.year.year}})
