from django.contrib import admin

from .models import Department, District, Unit


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
