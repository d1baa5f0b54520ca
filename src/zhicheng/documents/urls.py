from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("attachments/<int:pk>/", views.download, name="download"),
]
