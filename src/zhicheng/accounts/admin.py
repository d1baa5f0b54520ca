from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class ZhichengUserAdmin(UserAdmin):
    list_display = ["username", "real_name", "role", "unit", "department", "district", "is_approved", "is_active"]
    list_filter = ["role", "is_approved", "is_active", "district"]
    search_fields = ["username", "real_name", "id_number"]
    fieldsets = UserAdmin.fieldsets + (
        ("角色与单位", {"fields": ["role", "real_name", "id_number", "phone", "unit", "department", "district",
                              "is_approved", "approved_at", "approved_by"]}),
    )
