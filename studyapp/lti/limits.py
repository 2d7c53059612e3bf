"""
Every bound the LTI tool puts on what a platform or a browser can make it do; docs/security.md
lists them. Requests to a platform (its JWKS, token, AGS and NRPS endpoints) share one session
that enforces the time and size limits.
"""

import time

import requests

# A launch's or deep-linking request's id_token; real ones are a few KiB.
MAX_ID_TOKEN_BYTES = 64 * 1024
# One call to a platform: per socket operation, then for the whole exchange.
HTTP_TIMEOUT_SECONDS = 5
HTTP_DEADLINE_SECONDS = 10
# One response from a platform (a JWKS, a page of line items or of members).
MAX_RESPONSE_BYTES = 2 * 1024 * 1024
# A platform's JWKS is reused this long; a token signed with an unknown key id refetches it at
# most once per JWKS_REFETCH_SECONDS (a platform rotating its key).
JWKS_CACHE_SECONDS = 3600
JWKS_REFETCH_SECONDS = 300
# Names and Role Provisioning: pages followed and members read in one roster sync.
MAX_ROSTER_PAGES = 50
MAX_ROSTER_MEMBERS = 5000
# The deep-linking picker and the "open in a new tab" link stay usable this long, once.
PICKER_SECONDS = 15 * 60
ENTRY_SECONDS = 2 * 60
# An OIDC login's state and nonce, and a launch's data, are kept this long (pylti1p3 would keep
# them a day): the round trip through the LMS takes seconds, and expired rows are deleted.
LAUNCH_DATA_SECONDS = 10 * 60
# OIDC logins and launches per client address (a whole school may share one address).
LAUNCHES_PER_ADDRESS = 600
LAUNCH_WINDOW_SECONDS = 10 * 60


class ResponseTooLarge(requests.exceptions.RequestException):
    pass


class TooSlow(requests.exceptions.Timeout):
    pass


class BoundedSession(requests.Session):
    """A requests session whose every call ends within the deadline and reads a bounded body."""

    def __init__(self):
        super().__init__()
        self.headers["User-Agent"] = "studyapp-lti-tool"

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", HTTP_TIMEOUT_SECONDS)
        kwargs["stream"] = True
        # Redirects would leave the endpoint the operator registered.
        kwargs["allow_redirects"] = False
        deadline = time.monotonic() + HTTP_DEADLINE_SECONDS
        response = super().request(method, url, **kwargs)
        body = bytearray()
        try:
            for chunk in response.iter_content(64 * 1024):
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES:
                    raise ResponseTooLarge(
                        f"{url} answered with more than {MAX_RESPONSE_BYTES} bytes"
                    )
                if time.monotonic() > deadline:
                    raise TooSlow(f"{url} took more than {HTTP_DEADLINE_SECONDS} s")
        finally:
            response.close()
        response._content = bytes(body)
        return response
