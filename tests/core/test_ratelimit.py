import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from studyapp.core import ratelimit
from studyapp.core.ratelimit import per_address, per_user, per_user_or_address, rate_limit

LIMIT = 5


@rate_limit(LIMIT, 60 * 60, per_address, describe="tries")
def limited_view(request):
    return HttpResponse("done")


def post(address="203.0.113.5"):
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = AnonymousUser()
    return limited_view(request)


def test_the_limit_then_a_429_naming_it_with_retry_after():
    assert [post().status_code for _ in range(LIMIT)] == [200] * LIMIT
    response = post()
    assert response.status_code == 429
    assert "Too many tries: the limit is 5 every hour." in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 3600


def test_each_key_counts_on_its_own():
    for _ in range(LIMIT + 1):
        post()
    assert post(address="198.51.100.7").status_code == 200


def test_reads_are_not_counted():
    for _ in range(LIMIT + 3):
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        assert limited_view(request).status_code == 200
    assert post().status_code == 200


def test_a_new_window_starts_afresh(monkeypatch):
    now = 1_000_000 * 3600.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    for _ in range(LIMIT):
        post()
    assert post().status_code == 429
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + 3600)
    assert post().status_code == 200


def test_anonymous_requests_are_not_counted_per_user():
    @rate_limit(1, 60, per_user, describe="tries")
    def view(request):
        return HttpResponse("done")

    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    assert [view(request).status_code for _ in range(3)] == [200] * 3


@pytest.mark.django_db
def test_signed_in_users_behind_one_address_count_apart_and_visitors_by_address(
    django_user_model,
):
    @rate_limit(1, 60, per_user_or_address, describe="tries")
    def view(request):
        return HttpResponse("done")

    def post_as(user):
        request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.5")
        request.user = user
        return view(request).status_code

    first, second = (django_user_model.objects.create_user(name) for name in ("ann", "bob"))
    assert [post_as(first), post_as(second), post_as(first)] == [200, 200, 429]
    assert [post_as(AnonymousUser()), post_as(AnonymousUser())] == [200, 429]


def test_parallel_requests_never_pass_more_than_the_limit():
    statuses = []
    barrier = threading.Barrier(4 * LIMIT)

    def worker():
        barrier.wait()
        statuses.append(post().status_code)

    threads = [threading.Thread(target=worker) for _ in range(4 * LIMIT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) == LIMIT
    assert statuses.count(429) == 3 * LIMIT


@pytest.mark.parametrize(
    ("seconds", "said"), [(60, "minute"), (600, "10 minutes"), (3600, "hour"), (7200, "2 hours")]
)
def test_durations_read_naturally(seconds, said):
    assert ratelimit._duration(seconds) == said


@rate_limit(LIMIT, 60 * 60, per_address, describe="logins", methods=("GET", "POST"))
def limited_reads_too(request):
    return HttpResponse("done")


def test_a_view_may_count_reads_as_well():
    def get():
        request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
        request.user = AnonymousUser()
        return limited_reads_too(request)

    assert [get().status_code for _ in range(LIMIT)] == [200] * LIMIT
    assert get().status_code == 429
