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


def test_get_many_answers_as_django_redis_cache_does(redis_cache):
    """The page cache's one round trip a page: counters, pickled values and misses."""
    from django.core.cache.backends.redis import RedisCache

    django_cache = RedisCache(REDIS_URL, {"KEY_PREFIX": redis_cache.key_prefix})
    redis_cache.set("generation", 1_732_000_000_123_456_789, None)
    redis_cache.set("page", (b"<html>", [("ETag", '"x"')], '"x"'), 30)
    keys = ["generation", "page", "missing"]
    assert redis_cache.get_many(keys) == django_cache.get_many(keys)
    assert redis_cache.get_many(keys) == {
        "generation": 1_732_000_000_123_456_789,
        "page": (b"<html>", [("ETag", '"x"')], '"x"'),
    }


def test_each_thread_reads_on_a_connection_of_its_own(redis_cache):
    import threading

    redis_cache.set("page", "hello", 30)
    redis_cache.get_many(["page"])
    mine = redis_cache._cache._reader()
    theirs = []
    thread = threading.Thread(
        target=lambda: theirs.extend([redis_cache.get_many(["page"]), redis_cache._cache._reader()])
    )
    thread.start()
    thread.join()
    assert theirs[0] == {"page": "hello"}
    assert theirs[1] is not mine
    assert redis_cache._cache._reader() is mine


def test_a_dropped_connection_is_never_read_again(redis_cache):
    """The server closes it (a restart, a timeout): that call fails, the next one answers."""
    import redis

    redis_cache.set("page", "hello", 30)
    redis_cache.get_many(["page"])
    reader = redis_cache._cache._reader()
    reader.send_command("CLIENT", "ID")
    client_id = reader.read_response()
    redis_cache._cache.get_client(write=True).client_kill_filter(_id=client_id)
    with pytest.raises(redis.ConnectionError):  # the caller serves the page without the cache
        redis_cache.get_many(["page"])
    assert redis_cache.get_many(["page"]) == {"page": "hello"}
