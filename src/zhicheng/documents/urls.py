from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("attachments/<int:pk>/", views.download, name="download"),
    path("applications/<int:pk>/recognition-form.pdf", views.recognition_form, name="recognition_form"),
    path("verify/<str:number>/<str:token>/", views.verify_form, name="verify_form"),
    path("entries/<int:pk>/publicity-form.pdf", views.publicity_form, name="publicity_form"),
    path("lists/<int:pk>/parent-recommendation.pdf", views.parent_recommendation, name="parent_recommendation"),
    path("batches/<int:pk>/results.pdf", views.batch_results_pdf, name="batch_results_pdf"),
    path("batches/<int:pk>/results.xlsx", views.batch_results_xlsx, name="batch_results_xlsx"),
    path("batches/<int:pk>/upward-report/", views.batch_upward_report, name="batch_upward_report"),
]
