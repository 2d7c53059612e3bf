"""
Sign-in throttling: after 10 failures for one account from one address within 15 minutes,
that pair must wait; after 50 failures from one address across accounts, the address must wait.
The second rule stops one address trying a password against many accounts.
"""

import ipaddress
import math
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from studyapp.accounts.models import FailedLogin

WINDOW = timedelta(minutes=15)
FAILURES_PER_ACCOUNT_AND_ADDRESS = 10
FAILURES_PER_ADDRESS = 50


def client_address(request):
    """
    The visitor's address: REMOTE_ADDR, or behind a trusted reverse proxy the last address in
    X-Forwarded-For, the one the proxy itself wrote (earlier entries are the client's word).
    """
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def seconds_to_wait(username, address, now=None):
    """0 when a sign-in may be tried, else how long until the oldest counted failure expires."""
    now = now or timezone.now()
    recent = FailedLogin.objects.filter(at__gt=now - WINDOW, ip_address=address)
    for failures, limit in (
        (recent.filter(username=username.lower()), FAILURES_PER_ACCOUNT_AND_ADDRESS),
        (recent, FAILURES_PER_ADDRESS),
    ):
        times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            return max(1, math.ceil((times[-1] + WINDOW - now).total_seconds()))
    return 0


def record_failure(username, address):
    FailedLogin.objects.create(username=username.lower(), ip_address=address)
    FailedLogin.objects.filter(at__lt=timezone.now() - WINDOW * 4).delete()
