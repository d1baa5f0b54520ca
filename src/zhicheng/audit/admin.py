from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = ["created_at", "actor_name", "actor_role", "action", "object_type", "object_id", "from_state",
                    "to_state"]
    list_filter = ["action", "actor_role", "is_security_event"]
    search_fields = ["object_id", "actor_name", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
