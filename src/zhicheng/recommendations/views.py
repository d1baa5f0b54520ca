from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required, visible_units
from zhicheng.batches.selectors import batch_deadline_status, batches_for_user, managed_batches
from zhicheng.core.formtools import apply_errors
from zhicheng.documents.responses import file_response, stored_file_response
from zhicheng.documents.spreadsheets import XLSX_CONTENT_TYPE

from . import excel, services
from .checks import problems_by_entry
from .forms import EntryForm, ImportForm, ParentReportForm, PolicyUploadForm
from .models import RecommendationEntry, RecommendationPolicy
from .selectors import current_policy, district_list_rows, lists_for_user, shared_id_numbers, unit_batch_rows

OFFICER = (Role.UNIT_OFFICER,)
READERS = (Role.UNIT_OFFICER, Role.BUREAU_REVIEWER, Role.DEPARTMENT_REVIEWER, Role.ADMIN)


def _unit_batch(request, batch_pk):
    unit = request.user.unit
    batch = get_object_or_404(batches_for_user(request.user).filter(district_id=unit.district_id), pk=batch_pk)
    return unit, batch


def _own_list(request, batch_pk, create=False):
    unit, batch = _unit_batch(request, batch_pk)
    rec_list = lists_for_user(request.user).filter(batch=batch).first()
    if rec_list is None and create:
        rec_list = services.recommendation_list_open(unit=unit, batch=batch, actor=request.user)
    return unit, batch, rec_list


def _own_entry(request, pk):
    qs = RecommendationEntry.objects.select_related("recommendation_list__batch", "recommendation_list__unit")
    return get_object_or_404(qs.filter(recommendation_list__unit_id=request.user.unit_id), pk=pk)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    return file_response(content, filename=filename, content_type=XLSX_CONTENT_TYPE)


@role_required(*OFFICER)
def dashboard(request):
    unit = request.user.unit
    return render(request, "recommendations/dashboard.html", {
        "unit": unit, "policy": current_policy(unit), "rows": unit_batch_rows(unit),
        "policies": unit.recommendation_policies.all()[:5],
    })


@role_required(*OFFICER)
def policy_upload(request):
    form = PolicyUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.recommendation_policy_upload(unit=request.user.unit, actor=request.user, title=d["title"],
                                                  file=d["file"], adopted_on=d["adopted_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "考核推荐制度已上传备案。")
            return redirect("recommendations:dashboard")
    return render(request, "recommendations/policy_upload.html", {"form": form})


@role_required(*OFFICER)
def list_edit(request, batch_pk):
    unit, batch, rec_list = _own_list(request, batch_pk)
    context = {"unit": unit, "batch": batch, "rec_list": rec_list, "status": batch_deadline_status(batch),
               "policy": current_policy(unit), "parent_form": ParentReportForm()}
    if rec_list is not None:
        reasons, per_entry = services.submit_reasons(rec_list)
        entries = list(rec_list.entries.all())
        context.update(reasons=reasons, entries=[(e, per_entry.get(e.pk, [])) for e in entries],
                       editable_reason=services.editable_reason(rec_list))
    else:
        context.update(reasons=[], entries=[], editable_reason=services.editable_reason_for_batch(batch, unit=unit))
    context["can_edit"] = not context["editable_reason"]
    return render(request, "recommendations/list_edit.html", context)


@role_required(*OFFICER)
def entry_add(request, batch_pk):
    unit, batch, rec_list = _own_list(request, batch_pk)
    form = EntryForm(request.POST or None, request.FILES or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            rec_list = rec_list or services.recommendation_list_open(unit=unit, batch=batch, actor=request.user)
            entry = services.recommendation_entry_add(rec_list=rec_list, actor=request.user, data=form.entry_data(),
                                                      dispatch_agreement=form.cleaned_data.get("dispatch_agreement"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已将{entry.real_name}加入推荐名单。")
            return redirect("recommendations:list", batch.pk)
    return render(request, "recommendations/entry_form.html", {"form": form, "batch": batch, "entry": None})


@role_required(*OFFICER)
def entry_edit(request, pk):
    entry = _own_entry(request, pk)
    batch = entry.recommendation_list.batch
    initial = {f: getattr(entry, f) for f in services.ENTRY_FIELDS}
    form = EntryForm(request.POST or None, request.FILES or None, unit=request.user.unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_entry_update(entry=entry, actor=request.user, data=form.entry_data(),
                                                 dispatch_agreement=form.cleaned_data.get("dispatch_agreement"))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{entry.real_name}的信息已保存。")
            return redirect("recommendations:list", batch.pk)
    return render(request, "recommendations/entry_form.html", {"form": form, "batch": batch, "entry": entry})


@require_POST
@role_required(*OFFICER)
def entry_delete(request, pk):
    entry = _own_entry(request, pk)
    batch_pk = entry.recommendation_list.batch_id
    try:
        services.recommendation_entry_remove(entry=entry, actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, f"已将{entry.real_name}移出推荐名单。")
    return redirect("recommendations:list", batch_pk)


@require_POST
@role_required(*OFFICER)
def list_submit(request, batch_pk):
    unit, batch, rec_list = _own_list(request, batch_pk)
    if rec_list is None:
        messages.error(request, services.MSG_NO_LIST)
        return redirect("recommendations:list", batch.pk)
    try:
        services.recommendation_list_submit(rec_list=rec_list, actor=request.user)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, "推荐人员名单已报送区人社局。名单上的人员可在申报期内开始网络申报。")
    return redirect("recommendations:list", batch.pk)


@require_POST
@role_required(*OFFICER)
def parent_report_upload(request, batch_pk):
    unit, batch, rec_list = _own_list(request, batch_pk)
    form = ParentReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rec_list = rec_list or services.recommendation_list_open(unit=unit, batch=batch, actor=request.user)
            services.parent_recommendation_upload(rec_list=rec_list, actor=request.user, file=form.cleaned_data["file"])
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, "总公司推荐报告（附件2）已上传。")
    else:
        messages.error(request, "请选择要上传的推荐报告文件。")
    return redirect("recommendations:list", batch.pk)


@role_required(*OFFICER)
def list_import(request, batch_pk):
    unit, batch, rec_list = _own_list(request, batch_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            rows = excel.read_rows(form.cleaned_data["file"])
            with transaction.atomic():  # a refused import leaves no trace, not even an empty list
                rec_list = rec_list or services.recommendation_list_open(unit=unit, batch=batch,
                                                                         actor=request.user)
                entries = services.recommendation_entries_import(rec_list=rec_list, actor=request.user, rows=rows)
        except excel.ImportFileError as exc:
            form.add_error("file", str(exc))
        except services.ImportRowsError as exc:
            row_errors = exc.messages
            form.add_error("file", f"有 {len(row_errors)} 行需要修改，本次没有导入任何人员。")
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, f"已导入 {len(entries)} 人。请核对每人的公示信息后报送。")
            return redirect("recommendations:list", batch.pk)
    return render(request, "recommendations/import.html", {"form": form, "batch": batch, "row_errors": row_errors})


@role_required(*OFFICER)
def template_download(request):
    return _xlsx(excel.build_template(), "推荐人员名单导入模板.xlsx")


@role_required(*READERS)
def list_export(request, pk):
    rec_list = get_object_or_404(lists_for_user(request.user), pk=pk)
    return _xlsx(excel.build_export(rec_list), f"{excel.export_title(rec_list)}.xlsx")


@role_required(*READERS)
def list_detail(request, pk):
    rec_list = get_object_or_404(lists_for_user(request.user), pk=pk)
    per_entry = problems_by_entry(rec_list)
    entries = [(e, per_entry.get(e.pk, [])) for e in rec_list.entries.all()]
    return render(request, "recommendations/list_detail.html", {
        "rec_list": rec_list, "entries": entries, "policy": current_policy(rec_list.unit),
        "title": excel.export_title(rec_list),
        "shared": shared_id_numbers(actor=request.user, batch=rec_list.batch, rec_list=rec_list),
    })


@role_required(Role.BUREAU_REVIEWER, Role.ADMIN)
def bureau_lists(request, batch_pk):
    batch = get_object_or_404(managed_batches(request.user), pk=batch_pk)
    rows = district_list_rows(batch=batch)
    submitted = sum(1 for r in rows if r["list"] is not None and r["list"].status == "submitted")
    people = sum(r["list"].entry_count for r in rows if r["list"] is not None and r["list"].status == "submitted")
    return render(request, "recommendations/bureau_lists.html", {
        "batch": batch, "rows": rows, "submitted": submitted, "people": people,
        "status": batch_deadline_status(batch), "shared": shared_id_numbers(actor=request.user, batch=batch),
    })


@role_required(*READERS)
def policy_file(request, pk):
    policy = get_object_or_404(RecommendationPolicy.objects.filter(unit__in=visible_units(request.user)), pk=pk)
    return stored_file_response(policy.file, filename=policy.title, inline=True, missing="文件不存在")


@role_required(*READERS)
def parent_report_file(request, pk):
    rec_list = get_object_or_404(lists_for_user(request.user), pk=pk)
    return stored_file_response(rec_list.parent_recommendation, filename=f"总公司推荐报告-{rec_list.unit.name}",
                                inline=True, missing="文件不存在")


@role_required(*READERS)
def agreement_file(request, pk):
    visible = lists_for_user(request.user).values("pk")
    entry = get_object_or_404(RecommendationEntry.objects.filter(recommendation_list__in=visible), pk=pk)
    return stored_file_response(entry.dispatch_agreement, filename=f"派遣协议-{entry.real_name}", inline=True,
                                missing="文件不存在")
