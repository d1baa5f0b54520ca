from django.urls import path

from . import views, views_appeals, views_audit, views_reports, views_stats

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/", views.records, name="records"),
    path("records/new/", views.record_new, name="record_new"),
    path("records/export.<str:fmt>", views.records_export, name="records_export"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/evidence/", views.record_evidence, name="record_evidence"),
    path("mine/", views.my_records, name="my_records"),
    path("penalties/", views.penalties, name="penalties"),
    path("penalties/new/", views.penalty_new, name="penalty_new"),
    path("penalties/<int:pk>/corrected/", views.penalty_correct, name="penalty_correct"),
    path("units/<int:pk>/", views.unit_history, name="unit_history"),
    path("departments/<int:pk>/", views.department_history, name="department_history"),
    path("revocations/", views.revocations, name="revocations"),
    path("revocations/application/<int:pk>/", views.revoke, name="revoke"),
    path("revocations/<int:pk>/decline/", views.revocation_decline, name="revocation_decline"),
    path("revocations/report/<int:pk>/", views.revocation_report, name="revocation_report"),
    path("appeals/", views_appeals.appeal_queue, name="appeals"),
    path("appeals/new/", views_appeals.appeal_new, name="appeal_new"),
    path("appeals/<int:pk>/", views_appeals.appeal_detail, name="appeal_detail"),
    path("appeals/<int:pk>/material/", views_appeals.appeal_material, name="appeal_material"),
    path("appeals/<int:pk>/start/", views_appeals.appeal_start, name="appeal_start"),
    path("appeals/<int:pk>/decide/", views_appeals.appeal_decide, name="appeal_decide"),
    path("appeals/<int:pk>/escalate/", views_appeals.appeal_escalate, name="appeal_escalate"),
    path("appeals/<int:pk>/bureau-decide/", views_appeals.appeal_bureau_decide, name="appeal_bureau_decide"),
    path("reports/", views_reports.my_reports, name="my_reports"),
    path("reports/new/", views_reports.report_new, name="report_new"),
    path("audit/", views_audit.audit_page, name="audit"),
    path("audit/export.xlsx", views_audit.audit_export, name="audit_export"),
    path("stats/", views_stats.stats_page, name="stats"),
    path("stats/year-export.xlsx", views_stats.stats_year_export, name="stats_year_export"),
    path("stats/<int:pk>/export/<slug:table>.xlsx", views_stats.stats_export, name="stats_export"),
]
