"""An instructor-issued reset link: used once, within 24 hours, only the newest one."""

from datetime import timedelta

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from studyapp.accounts import reset_links
from studyapp.accounts.models import AccountSession, ResetLink
from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.classroom.models import Classroom
from studyapp.classroom.qr import qr_svg
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-unusual-pass-19"


@pytest.fixture
def classroom(django_user_model):
    return Classroom.objects.create(
        name="ECS 101", instructor=django_user_model.objects.create_user("ines")
    )


def use(client, secret, password=NEW_PASSWORD):
    url = reverse("use_reset_link", args=[secret])
    return client.post(url, {"new_password1": password, "new_password2": password})


def test_the_student_chooses_a_password_once(client, learner, classroom):
    secret = reset_links.issue(classroom.instructor, learner, classroom)
    page = client.get(reverse("use_reset_link", args=[secret]))
    assert page.status_code == 200
    assert "ada" in page.content.decode()
    assert page["Cache-Control"].startswith("max-age=0")
    response = use(client, secret)
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)
    assert ResetLink.objects.get().used_at is not None

    again = use(client, secret, "yet-another-unusual-pass-23")
    assert again.status_code == 404
    assert "This link no longer works" in again.content.decode()
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)


def test_opening_the_link_does_not_spend_it(client, learner, classroom):
    secret = reset_links.issue(classroom.instructor, learner, classroom)
    for _ in range(3):
        assert client.get(reverse("use_reset_link", args=[secret])).status_code == 200
    assert ResetLink.objects.get().used_at is None


def test_a_password_the_validators_refuse_keeps_the_link(client, learner, classroom):
    secret = reset_links.issue(classroom.instructor, learner, classroom)
    assert use(client, secret, "123").status_code == 400
    assert ResetLink.objects.get().used_at is None
    assert use(client, secret).status_code == 302


def test_a_link_expires_after_24_hours(client, learner, classroom):
    issued = timezone.now() - reset_links.LINK_LIFETIME - timedelta(seconds=1)
    secret = reset_links.issue(classroom.instructor, learner, classroom, now=issued)
    assert client.get(reverse("use_reset_link", args=[secret])).status_code == 404
    assert use(client, secret).status_code == 404
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_a_link_just_inside_its_24_hours_works(client, learner, classroom):
    issued = timezone.now() - reset_links.LINK_LIFETIME + timedelta(minutes=1)
    secret = reset_links.issue(classroom.instructor, learner, classroom, now=issued)
    assert use(client, secret).status_code == 302


def test_a_newer_link_revokes_the_older(client, learner, classroom):
    older = reset_links.issue(classroom.instructor, learner, classroom)
    newer = reset_links.issue(classroom.instructor, learner, classroom)
    assert use(client, older).status_code == 404
    assert use(client, newer).status_code == 302


def test_a_link_is_refused_once_its_student_is_made_an_instructor(client, learner, classroom):
    secret = reset_links.issue(classroom.instructor, learner, classroom)
    learner.groups.add(Group.objects.get(name=INSTRUCTORS_GROUP))
    assert use(client, secret).status_code == 404
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_an_unknown_secret_is_refused(client):
    assert client.get(reverse("use_reset_link", args=["made-up"])).status_code == 404


def test_only_a_hash_of_the_secret_is_stored(learner, classroom):
    secret = reset_links.issue(classroom.instructor, learner, classroom)
    stored = ResetLink.objects.values_list("secret_hash", flat=True).get()
    assert secret not in stored
    assert len(stored) == 64


def test_using_a_link_signs_the_account_out_everywhere(client, learner, classroom):
    elsewhere = type(client)()
    elsewhere.force_login(learner)
    secret = reset_links.issue(classroom.instructor, learner, classroom)
    use(client, secret)
    assert not AccountSession.objects.filter(user_id=learner.pk).exists()
    assert elsewhere.get(reverse("review:session")).status_code == 302


def test_a_link_spent_meanwhile_changes_nothing(learner, classroom):
    """Two tabs: the second submission finds the link spent and saves no password."""
    secret = reset_links.issue(classroom.instructor, learner, classroom)
    link = reset_links.usable(secret)
    ResetLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
    form = SetPasswordForm(learner, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert form.is_valid()
    assert reset_links.redeem(link, form) is False
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)


def test_the_qr_code_is_an_inline_svg_of_the_link():
    svg = qr_svg("https://study.example.org/accounts/reset/abc/", title="QR code of the reset link")
    assert svg.startswith("<svg")
    assert "<script" not in svg
    assert "style=" not in svg


def test_choosing_passwords_through_links_is_rate_limited_per_address(client, learner, classroom):
    secret = reset_links.issue(classroom.instructor, learner, classroom)
    statuses = {use(client, secret, "123").status_code for _ in range(200)}
    assert statuses == {400}
    refused = use(client, secret)
    assert refused.status_code == 429
    assert "attempts to use reset links from your address" in refused.content.decode()
