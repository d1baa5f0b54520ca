"""The unit's printed documents: 公示表（附件1） of an entry and 推荐报告（附件2） of a branch's list."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_GET

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import visible_units
from zhicheng.accounts.scope import Scope
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


def _blank(request, pk: int, render, filename: str):
    """The notice's blank template for a batch the person may see; applicants have no use for it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.role == Role.APPLICANT:
        raise Http404("批次不存在或您无权查看。")
    batch = get_object_or_404(Scope.for_actor(request.user).batches(), pk=pk)
    unit = request.user.unit if request.user.role == Role.UNIT_OFFICER else None
    pdf = render(batch=batch, unit=unit)
    return file_response(pdf, filename=filename, content_type="application/pdf", inline=True)


@require_GET
def blank_publicity_form(request, pk: int):
    """公示表（附件1）blank, to print and fill by hand."""
    return _blank(request, pk, documents.render_blank_publicity_form, "公示表（附件1）空白模板.pdf")


@require_GET
def blank_parent_recommendation(request, pk: int):
    """推荐报告（附件2）blank, for the parent company to fill by hand."""
    return _blank(request, pk, documents.render_blank_parent_recommendation, "推荐报告（附件2）空白模板.pdf")


# Mounted under /documents/ in the project's URL conf (namespace "documents").
document_urlpatterns = [
    path("entries/<int:pk>/publicity-form.pdf", publicity_form, name="publicity_form"),
    path("lists/<int:pk>/parent-recommendation.pdf", parent_recommendation, name="parent_recommendation"),
    path("batches/<int:pk>/blank-publicity-form.pdf", blank_publicity_form, name="blank_publicity_form"),
    path("batches/<int:pk>/blank-parent-recommendation.pdf", blank_parent_recommendation,
         name="blank_parent_recommendation"),
]
