from django.contrib.auth import views as auth_views
from django.urls import path

from studyapp.accounts import views

urlpatterns = [
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/signup/", views.sign_up, name="signup"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
]
