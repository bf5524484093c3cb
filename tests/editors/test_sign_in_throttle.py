"""Failed sign-ins: per account and address, per account, per address, and the lockout page."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from .conftest import log_in

pytestmark = pytest.mark.django_db

RIGHT = "correct horse battery"
WRONG = "wrong password"


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Each sign-in checks a password; the throttle does not depend on how slowly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# The limits as shipped: five tries at one account from one address.


def test_five_bad_passwords_lock_the_account_out_from_that_address(client, editor):
    for _ in range(4):
        response = log_in(client, "editor", WRONG)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text

    locked = log_in(client, "editor", WRONG)  # the fifth

    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.text
    assert "to this account from your network" in locked.text
    assert log_in(client, "editor", RIGHT).status_code == 429  # still locked, even so
    other_address = log_in(client, "editor", RIGHT, address="198.51.100.9")
    assert other_address.status_code == 302  # the lock is for this account from that address


def test_a_good_login_clears_earlier_failures(client, editor):
    for _ in range(3):
        log_in(client, "editor", WRONG)
    assert log_in(client, "editor", RIGHT).status_code == 302
    client.logout()
    for _ in range(4):
        assert log_in(client, "editor", WRONG).status_code == 200


def test_behind_our_proxy_the_lockout_counts_the_readers_address_not_the_proxys(
    client, editor, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    through_proxy = {"address": "10.0.0.2"}
    for _ in range(5):
        log_in(
            client, "editor", WRONG, HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.7", **through_proxy
        )
    other_reader = log_in(
        client, "editor", RIGHT, HTTP_X_FORWARDED_FOR="198.51.100.9", **through_proxy
    )
    assert other_reader.status_code == 302  # same proxy, another reader: not locked
    client.logout()
    locked_reader = log_in(
        client,
        "editor",
        RIGHT,
        HTTP_X_FORWARDED_FOR="a different spoof, 203.0.113.7",
        **through_proxy,
    )
    assert locked_reader.status_code == 429  # what the sender writes on the left is ignored


def test_the_shipped_limits_are_stricter_for_one_address_than_for_spreading(settings):
    limits = {tuple(parameters): limit for parameters, limit in settings.SIGN_IN_LOCKOUTS}
    assert limits == {("username", "ip_address"): 5, ("username",): 20, ("ip_address",): 20}
    assert [list(p) for p in limits] == settings.AXES_LOCKOUT_PARAMETERS


# Spraying, with small limits so that each test stays short: two tries at one account from
# one address, three at one account from anywhere, three from one address at any account.


@pytest.fixture
def small_limits(settings):
    settings.SIGN_IN_LOCKOUTS = [
        (["username", "ip_address"], 2),
        (["username"], 3),
        (["ip_address"], 3),
    ]
    settings.AXES_LOCKOUT_PARAMETERS = [p for p, _ in settings.SIGN_IN_LOCKOUTS]
    settings.AXES_FAILURE_LIMIT = 2


def test_guesses_at_one_account_from_many_addresses_lock_it_everywhere(
    client, editor, small_limits
):
    for number in range(1, 3):
        assert log_in(client, "editor", WRONG, address=f"198.51.100.{number}").status_code == 200
    assert log_in(client, "editor", WRONG, address="198.51.100.3").status_code == 429  # third

    locked = log_in(client, "editor", RIGHT, address="192.0.2.50")

    assert locked.status_code == 429
    assert "to this account from several places" in locked.text
    assert log_in(client, "someone-else", WRONG, address="192.0.2.50").status_code == 200


def test_one_address_trying_many_accounts_is_locked_out_of_every_account(
    client, make_editor, small_limits
):
    make_editor("editor")
    for username in ("alice", "bob"):
        assert log_in(client, username, WRONG).status_code == 200
    assert log_in(client, "carol", WRONG).status_code == 429  # the third account

    locked = log_in(client, "editor", RIGHT)

    assert locked.status_code == 429
    assert "from your network, to several accounts" in locked.text
    assert log_in(client, "editor", RIGHT, address="198.51.100.9").status_code == 302


def test_the_right_password_forgets_only_that_accounts_failures_from_that_address(
    client, editor, small_limits
):
    log_in(client, "editor", WRONG, address="198.51.100.1")
    log_in(client, "editor", WRONG, address="198.51.100.2")
    assert log_in(client, "editor", RIGHT, address="192.0.2.50").status_code == 302
    client.logout()

    # The two guesses from elsewhere still count: one more makes three.
    log_in(client, "editor", WRONG, address="198.51.100.3")
    assert log_in(client, "editor", RIGHT, address="192.0.2.50").status_code == 429


def test_ipv6_addresses_in_one_64_network_count_as_one(client, editor, small_limits):
    log_in(client, "editor", WRONG, address="2001:db8:5:6::1")
    log_in(client, "editor", WRONG, address="2001:db8:5:6:aaaa::2")

    assert log_in(client, "editor", RIGHT, address="2001:db8:5:6::3").status_code == 429
    assert log_in(client, "editor", RIGHT, address="2001:db8:5:7::1").status_code == 302


# The lockout page says when to try again, and that time holds.


def lock_out(client):
    for _ in range(5):
        response = log_in(client, "editor", WRONG)
    assert response.status_code == 429
    return response


def test_the_lockout_page_says_when_to_try_again(client, editor):
    locked = lock_out(client)

    last_failure = AccessAttempt.objects.get(username="editor").attempt_time
    ends_at = timezone.localtime(last_failure + datetime.timedelta(minutes=30))
    # Given to the minute, rounded up: never a time when it still fails.
    shown = ends_at.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    assert f'<time datetime="{shown.isoformat()}">{shown:%H:%M} on ' in locked.text
    assert "in about 31 minutes" in locked.text or "in about 30 minutes" in locked.text
    assert 1790 <= int(locked["Retry-After"]) <= 1860
    assert '<a href="/admin/login/">Back to the sign-in page</a>' in locked.text


def test_trying_again_while_locked_out_does_not_lengthen_the_wait(client, editor):
    lock_out(client)
    before = AccessAttempt.objects.values_list("failures_since_start", "attempt_time").get()

    assert log_in(client, "editor", WRONG).status_code == 429
    assert log_in(client, "editor", RIGHT).status_code == 429

    assert AccessAttempt.objects.values_list("failures_since_start", "attempt_time").get() == before


def test_the_lockout_ends_when_the_failures_are_30_minutes_old(client, editor):
    lock_out(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert log_in(client, "editor", RIGHT).status_code == 302


def test_a_spread_lockout_ends_when_enough_of_its_failures_are_old(client, editor, small_limits):
    for number in range(1, 4):
        log_in(client, "editor", WRONG, address=f"198.51.100.{number}")
    now = timezone.now()
    for number, minutes_ago in ((1, 20), (2, 10), (3, 5)):
        AccessAttempt.objects.filter(ip_address=f"198.51.100.{number}").update(
            attempt_time=now - datetime.timedelta(minutes=minutes_ago)
        )

    locked = log_in(client, "editor", RIGHT, address="192.0.2.50")

    # Three failures, a limit of three: the lockout ends when the oldest one is 30 minutes old.
    assert locked.status_code == 429
    assert "in about 10 minutes" in locked.text or "in about 11 minutes" in locked.text
    assert 590 <= int(locked["Retry-After"]) <= 660
