"""The Redis cache keeps one client per connection pool (Django's builds one per call)."""

import pytest

from shared.cache import SharedClientRedisCache

from .services import forget_keys, require_redis, unique_key_prefix

REDIS_URL = "redis://127.0.0.1:6379/10"


@pytest.fixture
def redis_cache():
    require_redis(REDIS_URL)
    cache = SharedClientRedisCache(REDIS_URL, {"KEY_PREFIX": unique_key_prefix()})
    yield cache
    forget_keys(cache)


def test_every_operation_uses_the_same_client(redis_cache):
    client = redis_cache._cache.get_client()
    redis_cache.set("page", b"<html>", 30)
    assert redis_cache.get_many(["page", "missing"]) == {"page": b"<html>"}
    assert redis_cache._cache.get_client(write=True) is client
    assert redis_cache._cache.get_client() is client


def test_it_stores_and_counts_as_django_redis_cache_does(redis_cache):
    assert redis_cache.add("generation", 1, None)
    assert not redis_cache.add("generation", 5, None)
    assert redis_cache.incr("generation") == 2
    redis_cache.delete("generation")
    assert redis_cache.get("generation") is None
