from django.urls import path

from . import views

app_name = "orgs"
urlpatterns = [
    path("mine/", views.my_unit, name="my_unit"),
    path("changes/", views.change_queue, name="change_queue"),
    path("changes/<int:pk>/", views.change_detail, name="change_detail"),
    path("changes/<int:pk>/reject/", views.change_reject, name="change_reject"),
]
