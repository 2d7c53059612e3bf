from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme

from studyapp.accounts.backends import USER_BACKEND
from studyapp.accounts.forms import SignUpForm
from studyapp.core.ratelimit import per_address, rate_limit


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


# A whole class may sign up at once from behind one school address, mistakes included.
@rate_limit(60, 60 * 60, per_address, describe="sign-up attempts from your address")
def sign_up(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        # Named, as axes's backend is configured too and the form, not authenticate(), made it.
        login(request, user, backend=USER_BACKEND)
        messages.success(request, f"Welcome, {user.username}. Your progress is now saved.")
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            target = "home"
        return redirect(target)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=status,
    )
