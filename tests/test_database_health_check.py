"""A persistent PostgreSQL connection is checked before each request's first query without
a round trip while it is quiet, and replaced when the server has closed it."""

import time

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

pytestmark = pytest.mark.django_db


class CountedChecks:
    """Counts the `SELECT 1` checks a connection makes (Django's is_usable)."""

    def __init__(self, wrapper):
        self.count = 0
        self.is_usable = wrapper.is_usable
        wrapper.is_usable = self

    def __call__(self):
        self.count += 1
        return self.is_usable()


def next_request(wrapper):
    """What Django does to the connection between two requests, then the first query's check."""
    wrapper.close_if_unusable_or_obsolete()
    wrapper.close_if_health_check_failed()


def test_a_quiet_connection_is_used_without_asking_the_server(own_connection):
    pid = own_connection.connection.info.backend_pid
    checks = CountedChecks(own_connection)
    for _ in range(3):
        next_request(own_connection)
        with own_connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            assert cursor.fetchone() == (pid,)  # the same connection throughout
    assert checks.count == 0


def test_a_connection_the_server_closed_is_replaced_before_the_request_uses_it(own_connection):
    closed_pid = own_connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [closed_pid])
    deadline = time.monotonic() + 5
    checks = CountedChecks(own_connection)
    while own_connection.quiet_and_in_good_order() and time.monotonic() < deadline:
        time.sleep(0.01)  # until the server's goodbye reaches the socket
    next_request(own_connection)
    assert checks.count == 1 and own_connection.connection is None
    with own_connection.cursor() as cursor:  # a new connection, and no error for the reader
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != closed_pid


def test_a_connection_with_news_that_is_not_a_goodbye_is_asked_and_kept(own_connection):
    pid = own_connection.connection.info.backend_pid
    with own_connection.cursor() as cursor:
        cursor.execute("LISTEN health_check_test")
    sender = connections.create_connection(DEFAULT_DB_ALIAS)  # outside the test's transaction
    try:
        with sender.cursor() as cursor:
            cursor.execute("NOTIFY health_check_test")
    finally:
        sender.close()
    deadline = time.monotonic() + 5
    while own_connection.quiet_and_in_good_order() and time.monotonic() < deadline:
        time.sleep(0.01)
    checks = CountedChecks(own_connection)
    next_request(own_connection)
    assert checks.count == 1
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone() == (pid,)
