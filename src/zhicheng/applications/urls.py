from django.urls import path

from . import views, views_documents, views_review

app_name = "applications"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("start/<int:batch_pk>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/signed-form/", views_documents.signed_form, name="signed_form"),
    path("<int:pk>/signed-form.pdf", views_documents.signed_form_pdf, name="signed_form_pdf"),
    path("<int:pk>/sections/<str:section>/", views.section_edit, name="section"),
    path("<int:pk>/sections/<str:section>/autosave/", views.section_autosave, name="section_autosave"),
    path("<int:pk>/attachments/", views.attachments, name="attachments"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("queue/", views_review.queue, name="queue"),
    path("review/<int:pk>/", views_review.review, name="review"),
    path("recognised/", views_review.recognised, name="recognised"),
    path("recognised/<int:pk>/paper/", views_review.record_paper, name="paper"),
]
