from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from studyapp.accounts.forms import confirm_form
from studyapp.core.ratelimit import per_user, rate_limit
from studyapp.privacy import erasure, personal_data


@login_required
def my_data(request):
    return render(
        request,
        "privacy/my_data.html",
        {"counts": personal_data.counts(request.user), "form": confirm_form(request.user)},
    )


def _download(request, chunks, content_type, extension):
    stamp = timezone.now().strftime("%Y%m%d")
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="studyapp-data-{request.user.pk}-{stamp}.{extension}"'
    )
    return response


# Each export reads every row the learner has: a few a day are plenty.
@login_required
@require_POST
@rate_limit(10, 60 * 60, per_user, describe="data downloads")
def export_json(request):
    return _download(
        request, personal_data.json_chunks(request.user), "application/json; charset=utf-8", "json"
    )


@login_required
@require_POST
@rate_limit(10, 60 * 60, per_user, describe="data downloads")
def export_csv(request):
    return _download(request, personal_data.zip_chunks(request.user), "application/zip", "zip")


@login_required
@require_POST
# The password (or, without one, the username) is checked here outside the sign-in lockout: cap
# the guesses one session can make.
@rate_limit(10, 60 * 60, per_user, describe="account deletion attempts")
def delete_account(request):
    form = confirm_form(request.user, request.POST)
    if form.is_valid():
        try:
            erasure.erase(request.user)
        except erasure.ErasureRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            logout(request)
            messages.success(request, "Your account and your data have been deleted.")
            return redirect("home")
    return render(
        request,
        "privacy/my_data.html",
        {"counts": personal_data.counts(request.user), "form": form},
        status=400,
    )
