"""The applicant's pages: my applications, the task list, one page per section, attachments, check and submit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhicheng.accounts.models import Role
from zhicheng.accounts.permissions import role_required
from zhicheng.batches.models import Batch
from zhicheng.core.formtools import summary_items
from zhicheng.documents.models import Attachment, Category
from zhicheng.documents.uploads import limits_text
from zhicheng.recommendations.selectors import upcoming_listings

from . import checks, eligibility, sections, services, workflow
from .attachments import attachment_add, attachment_add_blocked_reason
from .forms import AchievementsForm, BasicForm, UploadForm
from .models import Section, Status
from .sections import ALL_SECTIONS, FORM_SECTIONS, ROW_SPECS, SectionState
from .selectors import applicant_rows, application_for_page, review_history

APPLICANT = (Role.APPLICANT,)


def _own(request, pk):
    return get_object_or_404(application_for_page(request.user, pk), pk=pk)


def _messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def task_rows(app) -> list[dict]:
    rows = []
    attachment_rows = checks.attachment_rows(app)
    for section in ALL_SECTIONS:
        if section == Section.ATTACHMENTS:
            state = checks.attachments_state(app, attachment_rows)
        else:
            state = sections.stored_state(app, section)
        rows.append({"section": section, "label": Section(section).label, "state": state,
                     "state_label": SectionState.LABELS[state], "tag": SectionState.TAGS[state]})
    return rows


def _return_notes(app):
    if app.status != Status.RETURNED:
        return []
    return list(checks.open_return_items(app))


@role_required(*APPLICANT)
def mine(request):
    rows, open_batches = applicant_rows(request.user)
    return render(request, "applications/mine.html", {"rows": rows, "open_batches": open_batches,
                                                      "upcoming": upcoming_listings(user=request.user)})


@role_required(*APPLICANT)
@require_POST
def start(request, batch_pk: int):
    batch = get_object_or_404(Batch.objects.filter(is_published=True), pk=batch_pk)
    try:
        app = services.application_start(user=request.user, batch=batch)
    except ValidationError as exc:
        for message in _messages(exc):
            messages.error(request, message)
        return redirect("applications:mine")
    messages.success(request, "已开始申报，基本情况已按单位推荐名单预先填写，请逐项核对并完成各部分。")
    return redirect("applications:detail", app.pk)


@role_required(*APPLICANT)
def detail(request, pk: int):
    app = checks.with_attachments(_own(request, pk))
    return render(request, "applications/task_list.html", {
        "app": app, "flow": workflow.view(app), "tasks": task_rows(app), "return_items": _return_notes(app),
        "standing_problems": checks.standing_problems(app),
        "actions": workflow.available_actions(app, request.user), "history": review_history(app),
    })


def _row_forms(spec, rows_data: list[dict], bound: bool):
    forms = []
    for i, data in enumerate(rows_data):
        prefixed = {f"row-{i}-{k}": v for k, v in data.items()}
        form = spec.form(data=prefixed, prefix=f"row-{i}") if bound else spec.form(initial=data, prefix=f"row-{i}")
        form.error_prefix = f"第 {i + 1} 行"  # the error summary's "第 2 行“取得日期”：…"
        forms.append(form)
    return forms


def _posted_rows(spec, post) -> list[dict]:
    try:
        count = min(int(post.get("rows", "0")), 50)
    except ValueError:
        count = 0
    out = []
    for i in range(max(count, 0)):
        out.append({name: post.get(f"row-{i}-{name}", "") for name in spec.form.base_fields})
    return out


def _rows_section(request, app, section, locked):
    spec = ROW_SPECS[section]
    errors: list[str] = []
    if request.method == "POST" and not locked:
        action = request.POST.get("action", "save")
        raw = _posted_rows(spec, request.POST)
        if action == "add":
            raw.append(sections.new_row(section, app, raw))
            return _render_rows(request, app, section, _row_forms(spec, raw, False), errors, locked)
        if action.startswith("remove-"):
            try:
                raw.pop(int(action.split("-", 1)[1]))
            except (ValueError, IndexError):
                pass
            return _render_rows(request, app, section, _row_forms(spec, raw, False), errors, locked)
        raw = [r for r in raw if not sections.row_is_blank(r)]
        forms = _row_forms(spec, raw, True)
        if all(f.is_valid() for f in forms):
            try:
                services.application_section_save(
                    application=app, actor=request.user, section=section,
                    value=[spec.to_store(f.cleaned_data) for f in forms], complete=action == "complete")
            except ValidationError as exc:
                errors = _messages(exc)
            else:
                messages.success(request, f"“{Section(section).label}”已保存。")
                return redirect("applications:detail", app.pk)
        return _render_rows(request, app, section, forms, errors, locked)
    stored = [spec.to_form(r) for r in getattr(app, spec.field) or []]
    if not stored and not locked:
        stored = [sections.new_row(section, app)]
    return _render_rows(request, app, section, _row_forms(spec, stored, False), errors, locked)


def _row_errors(forms) -> list[str]:
    return [item["text"] for item in summary_items(*forms) if "href" in item]


def _render_rows(request, app, section, forms, errors, locked):
    return render(request, "applications/section_rows.html", {
        "app": app, "flow": workflow.view(app), "section": section, "label": Section(section).label, "hint": ROW_SPECS[section].hint,
        "forms": forms, "errors": errors, "locked": locked, "count": len(forms),
        "return_items": [i for i in _return_notes(app) if i.section == section],
    })


@role_required(*APPLICANT)
def section_edit(request, pk: int, section: str):
    app = _own(request, pk)
    if section not in FORM_SECTIONS:
        raise Http404("没有这个部分")
    locked_reasons = services.section_edit_problems(app, request.user, section)
    locked = "；".join(locked_reasons)
    if section in ROW_SPECS:
        return _rows_section(request, app, section, locked)
    form_class = BasicForm if section == Section.BASIC else AchievementsForm
    initial = sections.section_value(app, section)
    initial = initial if section == Section.BASIC else {"achievements": initial}
    extra = {} if section == Section.BASIC else {"min_chars": app.batch.procedure.min_achievement_chars}
    form = form_class(request.POST or None, initial=initial, **extra)
    if request.method == "POST" and not locked and form.is_valid():
        value = form.cleaned_data if section == Section.BASIC else form.cleaned_data["achievements"]
        try:
            services.application_section_save(application=app, actor=request.user, section=section, value=value,
                                              complete=request.POST.get("action") == "complete")
        except ValidationError as exc:
            for message in _messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, f"“{Section(section).label}”已保存。")
            return redirect("applications:detail", app.pk)
    return render(request, "applications/section_form.html", {
        "app": app, "flow": workflow.view(app), "section": section, "label": Section(section).label, "form": form,
        "locked": locked, "chars": sections.count_chars(app.achievements),
        "min_chars": app.batch.procedure.min_achievement_chars,
        "return_items": [i for i in _return_notes(app) if i.section == section],
    })


def _posted_section_value(request, app, section):
    """The section's value as posted by its form, or the Chinese reasons it is not valid yet."""
    if section in ROW_SPECS:
        spec = ROW_SPECS[section]
        forms = _row_forms(spec, [r for r in _posted_rows(spec, request.POST) if not sections.row_is_blank(r)], True)
        if all(f.is_valid() for f in forms):
            return [spec.to_store(f.cleaned_data) for f in forms], []
        return None, _row_errors(forms) + [e for f in forms for e in f.non_field_errors()]
    if section == Section.BASIC:
        form = BasicForm(request.POST)
    else:
        form = AchievementsForm(request.POST, min_chars=app.batch.procedure.min_achievement_chars)
    if form.is_valid():
        return (form.cleaned_data if section == Section.BASIC else form.cleaned_data["achievements"]), []
    return None, [f"“{form.fields[name].label}”：{e}" if name in form.fields else e
                  for name, errs in form.errors.items() for e in errs]


@role_required(*APPLICANT)
@require_POST
def section_autosave(request, pk: int, section: str):
    """The section's form posted in the background while the person types: saved as 填写中 (never 已完成)."""
    app = _own(request, pk)
    if section not in FORM_SECTIONS:
        raise Http404("没有这个部分")
    value, problems = _posted_section_value(request, app, section)
    if problems:
        return JsonResponse({"saved": False, "message": "尚未自动保存：" + problems[0]}, status=400)
    try:
        services.application_section_save(application=app, actor=request.user, section=section, value=value,
                                          complete=False)
    except ValidationError as exc:
        return JsonResponse({"saved": False, "message": "未能自动保存：" + "；".join(_messages(exc))}, status=409)
    time = timezone.localtime().strftime("%H:%M")
    return JsonResponse({"saved": True, "time": time, "message": f"已自动保存 {time}"})


@role_required(*APPLICANT)
def attachments(request, pk: int):
    app = _own(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment_add(application=app, category=form.cleaned_data["category"],
                           uploaded_file=form.cleaned_data["file"], actor=request.user)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            for message in _messages(exc):
                form.add_error("file", message)
        else:
            messages.success(request, f"已上传“{Category(form.cleaned_data['category']).label}”。")
            return redirect("applications:attachments", app.pk)
    rows = checks.attachment_rows(app, Attachment.objects.filter(application=app).order_by("category", "-version"))
    for row in rows:
        row["blocked"] = attachment_add_blocked_reason(application=app, category=row["requirement"].category,
                                                       actor=request.user)
    return render(request, "applications/attachments.html", {
        "app": app, "flow": workflow.view(app), "rows": rows, "form": form, "limits": limits_text(),
        "return_items": [i for i in _return_notes(app) if i.section == Section.ATTACHMENTS],
    })


@role_required(*APPLICANT)
def check(request, pk: int):
    app = checks.with_attachments(_own(request, pk))
    result = eligibility.evaluate(app)
    reasons = workflow.problems("submit", app, request.user, skip=(workflow.submission_ready_guard,))
    if not workflow.stops_here(reasons):
        reasons += checks.submission_problems(app, result=result)
    editable = workflow.view(app).editable
    return render(request, "applications/check.html", {
        "app": app, "flow": workflow.view(app), "result": result, "problems": reasons, "editable": editable,
        "attachment_rows": checks.attachment_rows(app), "tasks": task_rows(app),
        "summary_links": editable,
    })


@role_required(*APPLICANT)
@require_POST
def submit(request, pk: int):
    app = _own(request, pk)
    try:
        services.application_submit(application=app, actor=request.user)
    except ValidationError as exc:
        for message in _messages(exc):
            messages.error(request, message)
        return redirect("applications:check", app.pk)
    messages.success(request, "申报已提交，等待单位审核。请留意审核记录和通知。")
    return redirect("applications:detail", app.pk)
