from django.contrib import admin

from .models import RecommendationEntry, RecommendationList, RecommendationPolicy


@admin.register(RecommendationPolicy)
class RecommendationPolicyAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "adopted_on", "uploaded_by", "uploaded_at"]
    list_filter = ["unit__district"]
    search_fields = ["title", "unit__name"]
    readonly_fields = ["uploaded_by", "uploaded_at"]


class RecommendationEntryInline(admin.TabularInline):
    model = RecommendationEntry
    extra = 0
    fields = ["real_name", "id_number", "series", "specialty", "level", "assessment_result", "last_annual_review",
              "obeys_arrangements", "competent_in_post", "publicity_start",
              "publicity_end", "publicity_objection"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RecommendationList)
class RecommendationListAdmin(admin.ModelAdmin):
    """Read-only: lists change only through the unit's pages (deadline, publicity and submission rules)."""

    list_display = ["unit", "batch", "status", "submitted_at", "submitted_by"]
    list_filter = ["status", "batch", "unit__district"]
    search_fields = ["unit__name"]
    inlines = [RecommendationEntryInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RecommendationEntry)
class RecommendationEntryAdmin(admin.ModelAdmin):
    list_display = ["real_name", "id_number", "series", "level", "recommendation_list"]
    list_filter = ["recommendation_list__batch", "series", "level"]
    search_fields = ["real_name", "id_number", "recommendation_list__unit__name"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
