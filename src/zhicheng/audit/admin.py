from django.contrib import admin

from .labels import action_label
from .models import AuditEntry


class ActionFilter(admin.SimpleListFilter):
    """Filter by action under its Chinese name (the stored code stays as it is)."""

    title = "操作"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((code, action_label(code)) for code in codes), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only. Actions are shown by their Chinese names."""

    list_display = ["created_at", "actor_name", "actor_role", "action_name", "object_type", "object_id",
                    "from_state", "to_state"]
    list_filter = [ActionFilter, "actor_role", "is_security_event"]
    search_fields = ["object_id", "actor_name", "comment"]

    @admin.display(description="操作", ordering="action")
    def action_name(self, entry):
        return action_label(entry.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
