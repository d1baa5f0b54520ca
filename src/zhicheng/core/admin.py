from django.contrib import admin

from .models import HolidayDay, HolidayYear


class HolidayDayInline(admin.TabularInline):
    model = HolidayDay
    extra = 3


@admin.register(HolidayYear)
class HolidayYearAdmin(admin.ModelAdmin):
    """Administrators enter a new year's schedule here (or with `zhicheng calendar import`)."""

    list_display = ["year", "source", "entered_by", "entered_at"]
    inlines = [HolidayDayInline]
    readonly_fields = ["entered_by", "entered_at"]

    def save_model(self, request, obj, form, change):
        from django.utils import timezone

        obj.entered_by = request.user
        obj.entered_at = timezone.now()
        super().save_model(request, obj, form, change)
