from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("workbench/", views.landing, name="landing"),
    path("selfcheck/", views.selfcheck, name="selfcheck"),
]
