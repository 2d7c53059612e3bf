"""
The mail server from one variable, EMAIL_URL, as an entry of Django's MAILERS setting. Plain
Python, so settings.py can read it before Django is set up.

    smtp://USER:PASSWORD@HOST:587?tls=true   SMTP, upgraded to TLS with STARTTLS
    smtps://USER:PASSWORD@HOST:465           SMTP over TLS from the first byte
    smtp://localhost                         a local relay on port 25, no sign-in
    console:                                 print each message to the log (development)

Percent-encode any of : / @ ? # % in the user name or password. `timeout` (seconds, default
10) bounds how long one request may wait for the server.
"""

from urllib.parse import parse_qs, unquote, urlsplit

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_TIMEOUT_SECONDS = 10
KNOWN_QUERY = {"tls", "timeout"}


class MailURLError(ValueError):
    """EMAIL_URL cannot be understood; the message says which part and why."""


def _flag(name, values):
    value = values[-1].lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise MailURLError(f"EMAIL_URL: {name} must be true or false, not {values[-1]!r}.")


def mailer_from_url(url):
    """The MAILERS entry ({"BACKEND": ..., "OPTIONS": {...}}) that `url` describes."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as error:  # an unclosed [ of an IPv6 address
        raise MailURLError(f"EMAIL_URL cannot be read as a URL: {error}.") from None
    if parts.scheme == "console":
        return {"BACKEND": CONSOLE_BACKEND}
    if parts.scheme not in {"smtp", "smtps"}:
        raise MailURLError(
            f"EMAIL_URL must start with smtp://, smtps:// or console:, not {url[:20]!r}."
        )
    if not parts.hostname:
        raise MailURLError("EMAIL_URL names no mail server host (smtp://HOST:PORT).")
    try:
        port = parts.port
    except ValueError:  # not a number, or past 65535
        port = 0
    if port == 0:
        raise MailURLError("EMAIL_URL: the port must be a number from 1 to 65535.")
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - KNOWN_QUERY)
    if unknown:
        raise MailURLError(
            f"EMAIL_URL: unknown option {unknown[0]!r} (known: {', '.join(sorted(KNOWN_QUERY))})."
        )
    use_ssl = parts.scheme == "smtps"
    use_tls = _flag("tls", query["tls"]) if "tls" in query else False
    if use_ssl and use_tls:
        raise MailURLError("EMAIL_URL: smtps:// is already TLS; leave out tls=true.")
    timeout = DEFAULT_TIMEOUT_SECONDS
    if "timeout" in query:
        try:
            timeout = float(query["timeout"][-1])
        except ValueError:
            timeout = 0
        if not 0 < timeout <= 300:
            raise MailURLError(
                "EMAIL_URL: timeout must be a number of seconds above 0, at most 300."
            )
    return {
        "BACKEND": SMTP_BACKEND,
        "OPTIONS": {
            "host": parts.hostname,
            "port": port or (465 if use_ssl else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": use_ssl,
            "use_tls": use_tls,
            "timeout": timeout,
        },
    }
