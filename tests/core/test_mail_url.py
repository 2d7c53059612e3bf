"""EMAIL_URL: each form it takes, and a clear error naming the part that is wrong."""

from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.core.mail_url import CONSOLE_BACKEND, SMTP_BACKEND, MailURLError, mailer_from_url


def test_console():
    assert mailer_from_url("console:") == {"BACKEND": CONSOLE_BACKEND}


def test_smtp_with_starttls_and_a_sign_in():
    mailer = mailer_from_url("smtp://app%40school.org:p%40ss%3Aw%2Frd@mail.school.org:587?tls=true")
    assert mailer["BACKEND"] == SMTP_BACKEND
    assert mailer["OPTIONS"] == {
        "host": "mail.school.org",
        "port": 587,
        "username": "app@school.org",
        "password": "p@ss:w/rd",
        "use_ssl": False,
        "use_tls": True,
        "timeout": 10,
    }


def test_smtps_defaults_to_port_465_and_a_local_relay_to_25():
    assert mailer_from_url("smtps://mail.school.org")["OPTIONS"]["port"] == 465
    assert mailer_from_url("smtps://mail.school.org")["OPTIONS"]["use_ssl"] is True
    relay = mailer_from_url("smtp://localhost")["OPTIONS"]
    assert (relay["host"], relay["port"], relay["username"], relay["use_tls"]) == (
        "localhost",
        25,
        "",
        False,
    )


def test_a_timeout_may_be_set():
    assert mailer_from_url("smtp://h?timeout=2.5")["OPTIONS"]["timeout"] == 2.5


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://mail.school.org", "must start with smtp://, smtps:// or console:"),
        ("smtp://", "names no mail server host"),
        ("smtp://h:99999", "the port must be a number"),
        ("smtp://h:0", "the port must be a number"),
        ("smtp://[", "cannot be read as a URL"),
        ("smtp://h?ssl=true", "unknown option 'ssl'"),
        ("smtp://h?tls=maybe", "tls must be true or false"),
        ("smtps://h?tls=true", "smtps:// is already TLS"),
        ("smtp://h?timeout=0", "timeout must be a number of seconds"),
        ("smtp://h?timeout=soon", "timeout must be a number of seconds"),
    ],
)
def test_a_wrong_url_names_what_is_wrong(url, message):
    with pytest.raises(MailURLError, match=message):
        mailer_from_url(url)


@given(
    username=st.text(min_size=1, max_size=30),
    password=st.text(min_size=1, max_size=30),
    port=st.integers(min_value=1, max_value=65535),
)
def test_any_user_name_and_password_survive_percent_encoding(username, password, port):
    url = f"smtp://{quote(username, safe='')}:{quote(password, safe='')}@mail.example:{port}"
    options = mailer_from_url(url)["OPTIONS"]
    assert (options["username"], options["password"], options["port"]) == (
        username,
        password,
        port,
    )


@given(st.text(max_size=60))
def test_any_text_gives_a_mailer_or_a_clear_error(text):
    try:
        mailer = mailer_from_url(text)
    except MailURLError as error:
        assert str(error).startswith("EMAIL_URL")
    else:
        assert mailer["BACKEND"] in {SMTP_BACKEND, CONSOLE_BACKEND}
