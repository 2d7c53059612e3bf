from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from studyapp.accounts import reset_links
from studyapp.accounts.backends import USER_BACKEND
from studyapp.accounts.forms import EmailForm, LimitedPasswordResetForm, SignUpForm
from studyapp.accounts.sessions import end_sessions
from studyapp.core.ratelimit import per_address, per_user, rate_limit


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    """The password page: change it, set the reset email, sign out everywhere else."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("email_form", EmailForm(self.request.user))
        return context

    def form_valid(self, form):
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)

    # The old password is checked here outside the sign-in lockout: cap the guesses a session
    # can make, as the email and deletion forms do.
    @method_decorator(rate_limit(10, 60 * 60, per_user, describe="password changes"))
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


@login_required
@require_POST
# The password is checked here outside the sign-in lockout: cap the guesses one session can make.
@rate_limit(10, 60 * 60, per_user, describe="email changes")
def change_email(request):
    form = EmailForm(request.user, request.POST)
    if form.is_valid():
        form.save()
        email = form.cleaned_data["email"]
        messages.success(
            request,
            f"Password reset links will go to {email}." if email else "Your email was removed.",
        )
        return redirect("password_change")
    return render(
        request,
        "accounts/password_change.html",
        {"form": PasswordChangeForm(request.user), "email_form": form},
        status=400,
    )


@login_required
@require_POST
def sign_out_everywhere(request):
    """End every session of this account except this one: other browsers, lost phones."""
    ended = end_sessions(request.user, keep=request.session.session_key)
    sessions = "session" if ended == 1 else "sessions"
    messages.success(request, f"Signed out of {ended} other {sessions}; this one stays signed in.")
    return redirect("password_change")


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


def per_requested_email(request):
    """The address typed into the reset form, any case; counted whether or not it exists."""
    return f"reset-email:{request.POST.get('email', '').strip().lower()[:254]}"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page behind an emailed link; the new password ends every session of the account."""

    template_name = "accounts/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        end_sessions(form.user)
        return response


reset_request_page = auth_views.PasswordResetView.as_view(
    form_class=LimitedPasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
)


# A class behind one school address may all forget at once; one address gets few tries, so a
# mailbox cannot be flooded (RESET_EMAILS_PER_ACCOUNT caps each account on top).
@rate_limit(30, 60 * 60, per_address, describe="password reset requests from your address")
@rate_limit(5, 60 * 60, per_requested_email, describe="password reset requests for that address")
def password_reset(request):
    if request.user.is_authenticated:
        return redirect("password_change")
    return reset_request_page(request)


# Secrets of 256 bits are not guessed; the cap bounds the password hashing one address can ask
# for, high enough for a class behind one school address using its links at once, typos included.
@never_cache
@rate_limit(200, 60 * 60, per_address, describe="attempts to use reset links from your address")
def use_reset_link(request, secret):
    """The page of an instructor-issued link: the student chooses a new password, once."""
    link = reset_links.usable(secret)
    if link is None:
        return render(request, "accounts/reset_link_invalid.html", status=404)
    form = SetPasswordForm(link.student, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if reset_links.redeem(link, form):
            messages.success(request, "Your new password is set. Sign in with it.")
            return redirect("login")
        return render(request, "accounts/reset_link_invalid.html", status=404)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/reset_link.html",
        {"form": form, "student": link.student},
        status=status,
    )
