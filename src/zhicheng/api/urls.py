from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("eligibility", views.eligibility, name="eligibility"),
    path("publicity-check", views.publicity_check, name="publicity_check"),
    path("openapi.json", views.openapi, name="openapi"),
]
