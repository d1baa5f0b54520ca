from django.contrib import admin

from .models import Department, District, Unit, UnitChangeRequest


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "city", "bureau_name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "district"]
    list_filter = ["district"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "uscc", "kind", "affiliation", "district", "department", "is_labour_dispatch",
                    "is_out_of_province_branch"]
    list_filter = ["district", "kind", "affiliation", "is_labour_dispatch", "is_out_of_province_branch"]
    search_fields = ["name", "uscc"]


@admin.register(UnitChangeRequest)
class UnitChangeRequestAdmin(admin.ModelAdmin):
    """Read-only here: requests are decided on the bureau's page (the services lock, check and audit)."""

    list_display = ["unit", "status", "proposed_by", "proposed_at", "decided_by", "decided_at"]
    list_filter = ["status", "unit__district"]
    search_fields = ["unit__name", "name", "uscc"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
