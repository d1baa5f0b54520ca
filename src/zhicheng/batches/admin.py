from django.contrib import admin

from .models import Batch, BatchChange
from .services import DATE_FIELDS


class BatchChangeInline(admin.TabularInline):
    model = BatchChange
    extra = 0
    can_delete = False
    readonly_fields = ["changed_at", "changed_by", "reason", "before", "after"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    """Read-mostly: batches are created, published and re-dated on the batch pages, where the rules are checked."""

    list_display = ["name", "district", "list_deadline", "window_start", "window_end", "revision_deadline",
                    "review_deadline", "is_published"]
    list_filter = ["district", "year", "is_published"]
    inlines = [BatchChangeInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return [*DATE_FIELDS, "district", "year", "sequence", "is_published", "published_at", "created_by"]
        return ["is_published", "published_at", "created_by"]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_published


@admin.register(BatchChange)
class BatchChangeAdmin(admin.ModelAdmin):
    list_display = ["batch", "changed_at", "changed_by", "reason"]
    readonly_fields = ["batch", "changed_at", "changed_by", "reason", "before", "after"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
