from django.contrib import admin

from .models import Batch, BatchChange


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "list_deadline", "window_start", "window_end", "revision_deadline",
                    "review_deadline", "is_published"]
    list_filter = ["district", "year", "is_published"]


@admin.register(BatchChange)
class BatchChangeAdmin(admin.ModelAdmin):
    list_display = ["batch", "changed_at", "changed_by", "reason"]
