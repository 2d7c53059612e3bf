"""
With REDIS_URL, rate-limit counts are kept in Redis, so separate processes (the workers of one
gunicorn, or several app servers) count against one limit instead of each against its own.
"""

import uuid

from django.core.cache import cache

from studyapp.core.ratelimit import count

COUNT_ONCE = """
import json
from studyapp.core.ratelimit import count
print(json.dumps(count({key!r}, 60)))
"""


def test_two_processes_count_on_one_counter(another_server):
    key = f"ratelimit:test:{uuid.uuid4().hex}"
    assert another_server(COUNT_ONCE.format(key=key)) == 1
    assert another_server(COUNT_ONCE.format(key=key)) == 2
    assert count(key, 60) == 3
    assert cache.get(key) == 3


def test_a_counter_expires_with_its_window_in_redis(shared_redis):
    key = f"ratelimit:test:{uuid.uuid4().hex}"
    count(key, 60)
    redis = cache._cache.get_client(key)
    assert 0 < redis.ttl(cache.make_and_validate_key(key)) <= 60
