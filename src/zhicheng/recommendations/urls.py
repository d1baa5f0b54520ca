from django.urls import path

from . import views

app_name = "recommendations"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("policy/upload/", views.policy_upload, name="policy_upload"),
    path("policy/<int:pk>/file/", views.policy_file, name="policy_file"),
    path("template.xlsx", views.template_download, name="template"),
    path("batches/<int:batch_pk>/", views.list_edit, name="list"),
    path("batches/<int:batch_pk>/entries/new/", views.entry_add, name="entry_add"),
    path("batches/<int:batch_pk>/import/", views.list_import, name="import"),
    path("batches/<int:batch_pk>/submit/", views.list_submit, name="submit"),
    path("batches/<int:batch_pk>/parent-report/", views.parent_report_upload, name="parent_report_upload"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/delete/", views.entry_delete, name="entry_delete"),
    path("entries/<int:pk>/agreement/", views.agreement_file, name="agreement_file"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/export.xlsx", views.list_export, name="export"),
    path("lists/<int:pk>/parent-report/", views.parent_report_file, name="parent_report_file"),
    path("bureau/batches/<int:batch_pk>/", views.bureau_lists, name="bureau_lists"),
]
