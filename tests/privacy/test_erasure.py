"""After deletion nothing personal remains, and the class's statistics do not change."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from lti_tool.models import LtiRegistration, LtiUser

from studyapp.accounts.models import AccountSession
from studyapp.classroom import services
from studyapp.classroom.models import Membership
from studyapp.privacy import erasure
from studyapp.questions.models import Attempt
from tests.privacy.conftest import PASSWORD
from tests.privacy.test_personal_data import keys_to_users

pytestmark = pytest.mark.django_db


def statistics(assignment):
    """What the instructor's item analysis and roster show, without who each student is."""
    analysis = services.item_analysis(assignment)
    return {
        "items": [
            (row["question"].pk, row["stats"], [(o.pk, n) for o, n in row["options"]])
            for row in analysis.rows
        ],
        "scores": [score for _student, score in analysis.student_scores],
        # The roster is sorted by name, which the stand-in changes: compare it as a bag of rows.
        "roster": sorted(
            (row["score"].answered, row["score"].right_first_time, row["score"].attempts)
            for row in services.roster(assignment.classroom)
        ),
    }


def rows_keyed_to(user_id):
    found = {}
    for model, name in keys_to_users():
        field = model._meta.get_field(name)
        lookup = name if field.many_to_many else f"{field.attname}"
        count = model.objects.filter(**{lookup: user_id}).count()
        if count:
            found[f"{model._meta.label}.{name}"] = count
    return found


def test_nothing_personal_remains_and_item_analysis_is_unchanged(history):
    learner_id = history.learner.pk
    signed_in = Client()
    signed_in.force_login(history.learner)
    AccessAttempt.objects.create(
        username="ada", ip_address="203.0.113.9", user_agent="x", failures_since_start=1
    )
    before = statistics(history.assignment)
    assert rows_keyed_to(learner_id)

    stand_in = erasure.erase(history.learner)

    assert not get_user_model().objects.filter(pk=learner_id).exists()
    assert rows_keyed_to(learner_id) == {}
    assert not AccountSession.objects.filter(user_id=learner_id).exists()
    assert not AccessAttempt.objects.filter(username="ada").exists()
    assert statistics(history.assignment) == before
    assert stand_in.username.startswith("deleted-student-")
    assert not stand_in.is_active
    assert not stand_in.has_usable_password()
    assert stand_in.email == ""
    # The stand-in holds the class's view of the student and nothing else.
    assert set(rows_keyed_to(stand_in.pk)) == {
        "questions.Attempt.user",
        "classroom.Membership.student",
    }
    assert not Attempt.objects.filter(user=stand_in).exclude(question__pack=history.class_pack)
    roster = services.roster(history.classroom)
    assert stand_in.username in {row["student"].username for row in roster}


def test_a_learner_in_no_class_leaves_no_stand_in(history):
    Membership.objects.filter(student=history.learner).delete()
    users = get_user_model().objects.count()
    assert erasure.erase(history.learner) is None
    assert get_user_model().objects.count() == users - 1


def test_the_lms_link_with_the_learners_name_and_email_goes_too(history):
    registration = LtiRegistration.objects.create(
        name="School LMS", issuer="https://lms.example.edu", client_id="tool"
    )
    LtiUser.objects.create(
        registration=registration,
        sub="learner-1",
        name="Ana Learner",
        email="ana@example.edu",
        auth_user=history.learner,
    )
    erasure.erase(history.learner)
    assert not LtiUser.objects.exists()


def test_an_account_that_teaches_is_refused(history):
    with pytest.raises(erasure.ErasureRefused, match="teaches 1 class"):
        erasure.erase(history.instructor)
    assert get_user_model().objects.filter(pk=history.instructor.pk).exists()


def test_deleting_ones_account_needs_the_password(client, history):
    client.force_login(history.learner)
    wrong = client.post(reverse("privacy:delete_account"), {"password": "not it"})
    assert wrong.status_code == 400
    assert "That is not your password." in wrong.content.decode()
    assert get_user_model().objects.filter(pk=history.learner.pk).exists()

    right = client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    assert right.status_code == 302
    assert right["Location"] == reverse("home")
    assert not get_user_model().objects.filter(username="ada").exists()
    assert "Your account and your data have been deleted." in client.get("/").content.decode()
    assert client.get(reverse("review:session")).status_code == 302


def test_an_account_an_lms_signs_in_confirms_deletion_with_its_username(client, history):
    history.learner.set_unusable_password()
    history.learner.save()
    client.force_login(history.learner)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Type your username to confirm" in page
    wrong = client.post(reverse("privacy:delete_account"), {"username": "someone"})
    assert wrong.status_code == 400
    assert "That is not your username." in wrong.content.decode()
    right = client.post(reverse("privacy:delete_account"), {"username": "ada"})
    assert right.status_code == 302
    assert not get_user_model().objects.filter(username="ada").exists()


def test_an_instructor_is_told_why_the_page_cannot_delete_them(client, history):
    client.force_login(history.instructor)
    response = client.post(reverse("privacy:delete_account"), {"password": PASSWORD})
    assert response.status_code == 400
    assert "teaches 1 class(es)" in response.content.decode()


def test_deletion_attempts_are_rate_limited(client, history):
    client.force_login(history.learner)
    statuses = [
        client.post(reverse("privacy:delete_account"), {"password": "guess"}).status_code
        for _ in range(11)
    ]
    assert statuses == [400] * 10 + [429]


def test_the_command_deletes_and_names_the_stand_in(history, capsys):
    call_command("deleteuser", "ada", "--noinput")
    assert "Deleted ada; class statistics kept as deleted-student-" in capsys.readouterr().out
    assert not get_user_model().objects.filter(username="ada").exists()


def test_the_command_asks_first(history, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing deleted"):
        call_command("deleteuser", "ada")
    assert get_user_model().objects.filter(username="ada").exists()


@pytest.mark.parametrize(
    ("username", "message"),
    [("nobody", "No user named 'nobody'."), ("ines", "teaches 1 class")],
)
def test_the_command_says_what_is_wrong(history, username, message):
    with pytest.raises(CommandError, match=message):
        call_command("deleteuser", username, "--noinput")
