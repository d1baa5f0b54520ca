from django.contrib import admin

from .models import Application, ReturnItem, Review


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    can_delete = False
    fields = ["stage", "decision", "reviewer", "comment", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: applications change only through applications.services (guards, audit, notifications)."""

    list_display = ["applicant", "unit", "batch", "series", "level", "status", "return_count", "recognised_on"]
    list_filter = ["status", "batch", "unit__district"]
    search_fields = ["applicant__real_name", "unit__name", "specialty"]
    inlines = [ReviewInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReturnItem)
class ReturnItemAdmin(admin.ModelAdmin):
    list_display = ["review", "section", "attachment_category", "resolved"]
    list_filter = ["section", "resolved"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
