"""
Fixed-window rate limits kept in Django's cache, for actions whose cost or guessing value
calls for a cap: joining a class by code, signing up, previewing an upload.

cache.add and cache.incr are atomic in Redis (REDIS_URL) and in the local-memory cache, so
parallel requests cannot all pass a limit they share. Without Redis each app server process
keeps its own counts, so the effective limit is the limit times the number of processes.
"""

import math
import time
from functools import wraps

from django.core.cache import cache
from django.shortcuts import render

from studyapp.core.addresses import client_address


def too_many_requests(request, message, retry_after_seconds):
    """A 429 page saying what was refused and when to try again, with Retry-After."""
    seconds = max(1, math.ceil(retry_after_seconds))
    response = render(
        request,
        "core/429.html",
        {"message": message, "minutes": math.ceil(seconds / 60)},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def per_user(request):
    return f"user:{request.user.pk}" if request.user.is_authenticated else None


def per_address(request):
    return f"address:{client_address(request)}"


def per_user_or_address(request):
    """Signed-in users count on their own, so a class behind one address is not one counter."""
    return per_user(request) or per_address(request)


def rate_limit(limit, window_seconds, key, *, describe, methods=("POST",)):
    """
    Allow `limit` requests by `methods` (POST unless told) per `window_seconds` for each key
    (per_user or per_address) to the decorated view; past it, a 429 naming the limit. `describe`
    says what is limited, e.g. "attempts to join a class". Other methods are not counted, nor a
    request the key cannot place (an anonymous visitor under per_user): the view refuses those
    itself. A GET is limited only where one costs a whole build, like a download.
    """

    def decorator(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            who = key(request) if request.method in methods else None
            if who is None:
                return view(request, *args, **kwargs)
            window = int(time.time() // window_seconds)
            cache_key = f"ratelimit:{view.__module__}.{view.__name__}:{who}:{window}"
            if count(cache_key, window_seconds) > limit:
                retry_after = (window + 1) * window_seconds - time.time()
                return too_many_requests(
                    request,
                    f"Too many {describe}: the limit is {limit} every {_duration(window_seconds)}.",
                    retry_after,
                )
            return view(request, *args, **kwargs)

        return limited

    return decorator


def count(cache_key, window_seconds):
    """Add one to the counter at `cache_key` (made for `window_seconds`) and return it."""
    # add() only creates the counter; incr() then counts atomically, this call too.
    cache.add(cache_key, 0, window_seconds)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this call starts a window
        cache.add(cache_key, 1, window_seconds)
        return 1


def _duration(seconds):
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return "hour" if hours == 1 else f"{hours} hours"
    minutes = seconds // 60
    return "minute" if minutes == 1 else f"{minutes} minutes"
