"""
Password reset by email, through a real SMTP server the test starts (aiosmtpd on a free
loopback port) and the app's own SMTP settings pointed at it.
"""

import email
import re
import socket
import threading
from datetime import timedelta
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse

from studyapp.accounts.forms import RESET_EMAILS_PER_ACCOUNT
from studyapp.accounts.models import AccountSession
from studyapp.core.mail_url import mailer_from_url
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-unusual-pass-19"
LINK = re.compile(r"https?://[^\s/]+(/accounts/password/reset/[^\s]+/)")


class Inbox:
    """aiosmtpd's handler: keeps every message the server accepts."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
            self.arrived.notify_all()
        return "250 Message accepted"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {"default": mailer_from_url(f"smtp://127.0.0.1:{controller.port}")}
    yield inbox
    controller.stop()


@pytest.fixture
def ada(learner):
    learner.email = "ada@school.example"
    learner.save()
    return learner


def ask_for_reset(client, address):
    return client.post(reverse("password_reset"), {"email": address})


def link_in(message):
    return LINK.search(message.get_content()).group(1)


def choose_password(client, link, password=NEW_PASSWORD):
    """Open the emailed link and set a password; the response of the last step."""
    form_page = client.get(link, follow=True)
    if not form_page.context["validlink"]:
        return form_page
    return client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )


def test_the_email_arrives_and_its_link_sets_a_new_password_once(client, smtp_inbox, ada):
    response = ask_for_reset(client, "ada@school.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(smtp_inbox.messages) == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "ada@school.example"
    assert "ada" in message.get_content()

    link = link_in(message)
    done = choose_password(client, link)
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)
    signed_in = client.post(reverse("login"), {"username": "ada", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    client.post(reverse("logout"))

    second = choose_password(client, link, "yet-another-unusual-pass-23")
    assert second.status_code == 200
    assert "This link no longer works" in second.content.decode()
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)


def test_an_expired_link_fails(client, smtp_inbox, ada, settings, monkeypatch):
    ask_for_reset(client, "ada@school.example")
    link = link_in(smtp_inbox.messages[0])
    later = default_token_generator._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 5)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    page = choose_password(client, link)
    assert "This link no longer works" in page.content.decode()
    ada.refresh_from_db()
    assert ada.check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_page_and_no_email(client, smtp_inbox, ada):
    known = ask_for_reset(client, "ada@school.example")
    unknown = ask_for_reset(client, "nobody@school.example")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert client.get(unknown["Location"]).content == client.get(known["Location"]).content
    assert [message["To"] for message in smtp_inbox.messages] == ["ada@school.example"]


def test_the_address_matches_whatever_its_case(client, smtp_inbox, ada):
    ask_for_reset(client, "ADA@School.Example")
    assert [message["To"] for message in smtp_inbox.messages] == ["ada@school.example"]


def test_an_account_without_a_password_gets_no_reset_email(client, smtp_inbox, ada):
    """An account that signs in elsewhere (an LMS) has no password to reset."""
    ada.set_unusable_password()
    ada.save()
    ask_for_reset(client, "ada@school.example")
    assert smtp_inbox.messages == []


def test_one_account_gets_a_few_emails_an_hour_and_the_page_never_tells(client, ada):
    responses = [ask_for_reset(client, "ada@school.example") for _ in range(4)]
    assert {response["Location"] for response in responses} == {reverse("password_reset_done")}
    assert len(mail.outbox) == RESET_EMAILS_PER_ACCOUNT == 3


def test_requests_for_one_address_are_limited_whether_or_not_it_exists(client, ada):
    for address in ("ada@school.example", "nobody@school.example"):
        statuses = [ask_for_reset(client, address.upper()).status_code for _ in range(6)]
        assert statuses == [302] * 5 + [429]


def test_requests_from_one_address_are_limited(client):
    statuses = [
        ask_for_reset(client, f"n{number}@school.example").status_code for number in range(31)
    ]
    assert statuses == [302] * 30 + [429]
    assert (
        "password reset requests from your address"
        in ask_for_reset(client, "x@y.z").content.decode()
    )


def test_a_signed_in_visitor_is_sent_to_the_password_page(client, learner):
    client.force_login(learner)
    assert client.get(reverse("password_reset"))["Location"] == reverse("password_change")


def test_the_sign_in_page_offers_the_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_a_new_password_signs_the_account_out_everywhere(client, smtp_inbox, ada):
    elsewhere = Client()
    elsewhere.force_login(ada)
    ask_for_reset(client, "ada@school.example")
    choose_password(client, link_in(smtp_inbox.messages[0]))
    assert not AccountSession.objects.filter(user_id=ada.pk).exists()
    assert elsewhere.get(reverse("review:session")).status_code == 302
