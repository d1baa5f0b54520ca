from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/pdf/", views.verify_pdf, name="verify_pdf"),
    path("v/<str:number>/<str:token>/", views.verify_token, name="verify_token"),
    path("public-key.pem", views.public_key, name="public_key"),
    path("ca.pem", views.ca_certificate, name="ca_certificate"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/certificate.pdf", views.download, name="download"),
    path("<int:pk>/signed.json", views.signed_json, name="signed_json"),
    path("issue/", views.issue, name="issue"),
    path("jobs/<int:pk>/", views.job, name="job"),
    path("jobs/<int:pk>/status.json", views.job_status, name="job_status"),
    path("applications/<int:pk>/status.json", views.application_status, name="application_status"),
    path("applications/<int:pk>/claim/", views.claim, name="claim"),
]
