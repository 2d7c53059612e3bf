"""
Whole pages served from the cache, for pages whose content is the same for every visitor who
sees them through the same page frame.

The frame differs between anonymous visitors, students and instructors, so a page is stored once
per frame. Two things in the frame belong to one visitor: the account name and the CSRF token
of the sign-out form. The stored page holds placeholders in their place, and serving it fills
them in: two string replacements instead of rendering templates and running the queries behind
them. The placeholders are derived from SECRET_KEY, so no content can contain them by accident
or design, and every server sharing a cache agrees on them.

This works because no page carries a per-response nonce (see SECURE_CSP in settings.py).
"""

import hashlib

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac
from django.utils.html import escape

from studyapp.accounts.roles import shows_instructor_tools

# Keys carry the content's version, so an entry is never stale, only unused after an edit.
TIMEOUT = 24 * 60 * 60


def _placeholder(name):
    return (
        "studyapp-placeholder-"
        + salted_hmac("studyapp.accounts.pagecache", name, algorithm="sha256").hexdigest()
    )


def frame(request):
    """Which page frame the visitor sees: 'anonymous', 'student' or 'instructor'."""
    if not request.user.is_authenticated:
        return "anonymous"
    return "instructor" if shows_instructor_tools(request.user) else "student"


def serve(request, key, render):
    """
    The page stored under `key` (a string naming the page and its version) for the visitor's
    frame, filled in for this visitor. On a miss, `render(context)` makes it: an HttpResponse
    rendered with `context` added to the view's own, which puts the placeholders in place of the
    visitor's values. A visitor with messages waiting gets a page rendered afresh, as messages
    are shown once and are the visitor's own.
    """
    if len(get_messages(request)):
        return render({})
    csrf_placeholder, name_placeholder = _placeholder("csrf"), _placeholder("account")
    # The placeholders are part of the key: after a change of SECRET_KEY, no server may fill in
    # a page stored with the old ones.
    versioned = f"{key}:{csrf_placeholder}".encode()
    cache_key = f"page:{frame(request)}:{hashlib.sha256(versioned).hexdigest()}"
    html = cache.get(cache_key)
    if html is None:
        response = render({"csrf_token": csrf_placeholder, "account_name": name_placeholder})
        html = response.content.decode(response.charset)
        cache.set(cache_key, html, TIMEOUT)
    if csrf_placeholder in html:
        html = html.replace(csrf_placeholder, get_token(request))
    if request.user.is_authenticated:
        html = html.replace(name_placeholder, escape(request.user.get_username()))
    return HttpResponse(html)
