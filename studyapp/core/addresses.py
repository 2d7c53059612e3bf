"""The visitor's address, as sign-in lockouts and rate limits count it."""

import ipaddress

from django.conf import settings


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
