"""After a content change, the pages readers read are rendered again before anyone asks."""

import sys
import threading
from contextlib import contextmanager

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from pagecache.warming import giving_way_to_readers, recently_read, warm_now, warm_soon

from .test_page_cache import HACKING, served

pytestmark = pytest.mark.django_db

INTRODUCTION = "/guidance/introduction/"


@pytest.fixture(autouse=True)
def warming_on(settings):
    settings.PAGE_CACHE_WARM_PAGES = 10
    recently_read.clear()
    yield
    recently_read.clear()


@contextmanager
def inside_the_test_transaction():
    """Warming closes old connections around each page, as a request does; the test's
    database connection holds its transaction, so keep it open (as Django's test client
    does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def warm():
    with inside_the_test_transaction():
        return warm_now()


def test_after_an_edit_the_pages_read_are_served_from_the_cache_with_the_edit(client, small_tree):
    client.get(HACKING)
    client.get(INTRODUCTION)
    hacking = small_tree["hacking"]
    hacking.body_markdown = "Rewritten after review."
    hacking.save()

    assert warm() == 2
    response, queries, templates = served(client, HACKING)
    assert (queries, templates) == (0, [])
    assert "Rewritten after review." in response.text
    assert served(client, INTRODUCTION)[1:] == (0, [])


def test_a_page_already_in_the_cache_is_not_rendered_again(client, small_tree):
    client.get(HACKING)
    assert warm() == 0


def test_each_display_setting_read_is_warmed_as_read(client, small_tree):
    client.cookies["text_size"] = "largest"
    largest = client.get(HACKING).text
    small_tree["hacking"].save()
    assert warm() == 1
    response, queries, _ = served(client, HACKING)
    assert queries == 0 and response.text == largest and "text-largest" in largest


def test_warming_keeps_the_most_recently_read_pages_up_to_the_limit(client, small_tree, settings):
    settings.PAGE_CACHE_WARM_PAGES = 1
    client.get(INTRODUCTION)
    client.get(HACKING)
    small_tree["root"].save()
    assert warm() == 1
    assert served(client, HACKING)[1] == 0
    assert served(client, INTRODUCTION)[1] > 0  # read longer ago: rendered when asked


def test_a_signed_in_editors_pages_are_never_warmed(client, small_tree, admin_user):
    client.force_login(admin_user)
    client.get(HACKING)
    client.logout()
    small_tree["hacking"].save()
    assert warm() == 0


def test_warming_stops_when_another_change_comes_in(client, small_tree):
    client.get(HACKING)
    small_tree["hacking"].save()

    another_change = threading.Event()
    another_change.set()
    with inside_the_test_transaction():
        assert warm_now(stop=another_change) == 0


def test_a_change_asks_for_warming_once_it_has_committed(
    small_tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        small_tree["hacking"].save()
    assert warm_soon in callbacks


def test_no_warming_when_it_is_turned_off(client, small_tree, settings):
    settings.PAGE_CACHE_WARM_PAGES = 0
    client.get(HACKING)
    small_tree["hacking"].save()
    assert warm() == 0


def test_while_warming_a_readers_thread_gets_the_interpreter_lock_back_within_half_a_ms():
    """Readers in the same worker share Python's one lock with the warming thread; with
    Python's 5 ms they waited that long again after each read of the socket, cache or
    database (bench/README.md, "warmlock")."""
    interval = sys.getswitchinterval()
    with giving_way_to_readers():
        assert sys.getswitchinterval() == 0.0005
    assert sys.getswitchinterval() == interval
