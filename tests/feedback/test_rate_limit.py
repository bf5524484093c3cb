"""A limit on feedback posts per address, counted in the shared cache."""

import threading
import time

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory

from feedback.models import Feedback
from feedback.rate_limit import allow_post
from shared.cache import SharedFileCache

from ..services import forget_keys, require_redis, unique_key_prefix

pytestmark = pytest.mark.django_db

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_the_wait_follows_the_window_in_settings(vote, settings):
    settings.FEEDBACK_RATE_LIMIT_POSTS = 1
    settings.FEEDBACK_RATE_LIMIT_SECONDS = 60
    vote("yes")
    response = vote("yes")
    assert response["Retry-After"] == "60"
    assert "Wait 1 minute and try again." in response.text


@pytest.fixture
def limit_of_three(settings):
    settings.FEEDBACK_RATE_LIMIT_POSTS = 3
    settings.FEEDBACK_RATE_LIMIT_SECONDS = 600


def test_an_address_over_the_limit_gets_a_clear_429_and_nothing_is_stored(vote, limit_of_three):
    assert [vote("yes").status_code for _ in range(3)] == [303, 303, 303]
    response = vote("no")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Wait 10 minutes and try again." in response.text
    assert Feedback.objects.count() == 3


def test_another_address_is_counted_on_its_own(vote, limit_of_three):
    for _ in range(3):
        vote("yes", address="198.51.100.1")
    assert vote("yes", address="198.51.100.1").status_code == 429
    assert vote("yes", address="198.51.100.2").status_code == 303


def test_what_went_wrong_posts_count_against_the_same_limit(client, vote, limit_of_three):
    response = vote("no")
    ticket = response["Location"].split("ticket=")[1]
    vote("yes")
    client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": ""})
    response = client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": "Late"})
    assert response.status_code == 429
    assert Feedback.objects.filter(comment="").count() == 2


def test_the_count_starts_again_in_the_next_window(limit_of_three):
    request = RequestFactory().post("/feedback/", REMOTE_ADDR="192.0.2.7")
    now = 1_800_000_000.0 - (1_800_000_000.0 % 600)
    assert [allow_post(request, now=now + 1) for _ in range(4)] == [True, True, True, False]
    assert allow_post(request, now=now + 601) is True


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(vote, settings, limit_of_three):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    for number in range(3):
        vote(
            "yes", headers={"X-Forwarded-For": f"10.9.9.{number}, 203.0.113.50"}, address="10.0.0.2"
        )
    response = vote(
        "yes", headers={"X-Forwarded-For": "10.9.9.99, 203.0.113.50"}, address="10.0.0.2"
    )
    assert response.status_code == 429


def test_a_reader_not_behind_our_proxies_cannot_name_another_address(vote, limit_of_three):
    for number in range(3):
        vote("yes", headers={"X-Forwarded-For": f"203.0.113.{number}"}, address="198.51.100.4")
    response = vote("yes", headers={"X-Forwarded-For": "203.0.113.99"}, address="198.51.100.4")
    assert response.status_code == 429


def test_ipv6_addresses_count_by_their_64_network(vote, limit_of_three):
    for host in range(1, 4):
        assert vote("yes", address=f"2001:db8:1:2::{host}").status_code == 303
    assert vote("yes", address="2001:db8:1:2:ffff:ffff:ffff:ffff").status_code == 429
    assert vote("yes", address="2001:db8:1:3::1").status_code == 303


def test_with_redis_every_app_server_counts_against_one_limit(settings, limit_of_three):
    """Two app servers are two cache clients of one Redis: posts to either count once."""
    require_redis(REDIS_URL)
    prefix = unique_key_prefix()
    first_server = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    second_server = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    request = RequestFactory().post("/feedback/", REMOTE_ADDR="192.0.2.44")
    try:
        assert allow_post(request, cache=first_server)
        assert allow_post(request, cache=second_server)
        assert allow_post(request, cache=first_server)
        assert not allow_post(request, cache=second_server)
        assert not allow_post(request, cache=first_server)
    finally:
        forget_keys(first_server)


def test_the_address_is_not_kept_in_the_cache_key(settings, limit_of_three):
    require_redis(REDIS_URL)
    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": unique_key_prefix()})
    try:
        allow_post(RequestFactory().post("/", REMOTE_ADDR="192.0.2.123"), cache=cache)
        keys = [key.decode() for key in cache._cache.get_client().keys(f"{cache.key_prefix}*")]
        assert len(keys) == 1
        assert "192.0.2.123" not in keys[0]
        assert 0 < cache._cache.get_client().ttl(keys[0]) <= 600
    finally:
        forget_keys(cache)


def test_without_redis_workers_posting_at_once_are_each_counted(settings, tmp_path):
    """Eight workers (threads, each with its own cache object, as gunicorn's processes have)
    post at the same moment through the shared file cache: exactly the limit gets through."""
    settings.FEEDBACK_RATE_LIMIT_POSTS = 60
    settings.FEEDBACK_RATE_LIMIT_SECONDS = 600
    request = RequestFactory().post("/feedback/", REMOTE_ADDR="192.0.2.61")
    now = 1_800_000_000.0 - (1_800_000_000.0 % 600)
    start = threading.Barrier(8)
    allowed = []

    def worker():
        cache = SharedFileCache(str(tmp_path), {})
        start.wait()
        answers = [allow_post(request, cache=cache, now=now + 1) for _ in range(15)]
        allowed.append(answers.count(True))

    workers = [threading.Thread(target=worker) for _ in range(8)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    assert sum(allowed) == 60  # 120 posts, a limit of 60: none lost, none let through twice


def test_the_file_cache_keeps_a_counters_expiry_when_it_counts(tmp_path):
    cache = SharedFileCache(str(tmp_path), {})
    cache.add("counter", 1, timeout=1)
    assert cache.incr("counter") == 2
    time.sleep(1.1)
    assert cache.get("counter") is None  # gone with its window, not kept for another 300 s
    with pytest.raises(ValueError):
        cache.incr("never-added")
