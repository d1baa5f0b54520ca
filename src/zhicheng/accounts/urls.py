from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.ZhichengLoginView.as_view(), name="login"),
    path("logout/", views.ZhichengLogoutView.as_view(), name="logout"),
    path("register/", views.register_applicant, name="register"),
    path("profile/", views.profile, name="profile"),
    path("profile/password/", views.ZhichengPasswordChangeView.as_view(), name="password_change"),
    path("register/unit/", views.register_unit, name="register_unit"),
    path("pending/", views.pending_officers, name="pending_officers"),
    path("pending/<int:pk>/approve/", views.approve_officer, name="approve_officer"),
]
