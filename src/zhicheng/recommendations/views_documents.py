"""The unit's printed documents: 公示表（附件1） of an entry and 推荐报告（附件2） of a branch's list."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_GET

from zhicheng.accounts.permissions import visible_units
from zhicheng.documents.responses import file_response, unavailable

from . import documents
from .models import RecommendationEntry, RecommendationList


@require_GET
def publicity_form(request, pk: int):
    """公示表（附件1）of one list entry, for the unit to print and post."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    entry = get_object_or_404(
        RecommendationEntry.objects.filter(recommendation_list__unit__in=visible_units(request.user))
        .select_related("recommendation_list__unit__district", "recommendation_list__batch"), pk=pk)
    pdf = documents.render_publicity_form(entry)
    return file_response(pdf, filename=f"公示表-{entry.real_name}.pdf", content_type="application/pdf", inline=True)


@require_GET
def parent_recommendation(request, pk: int):
    """推荐报告（附件2）template for an out-of-province branch, filled with its list."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    rlist = get_object_or_404(RecommendationList.objects.filter(unit__in=visible_units(request.user))
                              .select_related("unit__district", "batch"), pk=pk)
    reason = documents.parent_recommendation_blocked_reason(rlist)
    if reason:
        return unavailable(request, reason)
    pdf = documents.render_parent_recommendation(rlist)
    return file_response(pdf, filename=f"推荐报告-{rlist.unit.name}.pdf", content_type="application/pdf", inline=True)


# Mounted under /documents/ in the project's URL conf (namespace "documents").
document_urlpatterns = [
    path("entries/<int:pk>/publicity-form.pdf", publicity_form, name="publicity_form"),
    path("lists/<int:pk>/parent-recommendation.pdf", parent_recommendation, name="parent_recommendation"),
]
