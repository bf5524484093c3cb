"""Only our own proxies (TRUSTED_PROXIES) may say whom a request is from, or how it came."""

import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from shared.proxies import client_address, counted_address, read_trusted_proxies

LOAD_BALANCER = "10.0.0.2"


def request_from(remote, forwarded=None, **headers):
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


@pytest.fixture
def behind_our_proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8:ffff::/48"]


def test_without_trusted_proxies_the_connection_speaks_for_itself(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from(LOAD_BALANCER, "203.0.113.50")) == LOAD_BALANCER


def test_a_request_not_from_our_proxies_cannot_name_another_address(behind_our_proxies):
    assert client_address(request_from("198.51.100.7", "203.0.113.50")) == "198.51.100.7"


def test_behind_our_proxy_the_reader_is_the_address_it_recorded(behind_our_proxies):
    # The reader wrote the first entry themselves; our load balancer appended the last.
    request = request_from(LOAD_BALANCER, "1.2.3.4, 203.0.113.50")
    assert client_address(request) == "203.0.113.50"


def test_the_walk_from_the_right_passes_every_proxy_of_ours(behind_our_proxies):
    request = request_from(LOAD_BALANCER, "1.2.3.4, 203.0.113.50, 10.1.1.1, 2001:db8:ffff::9")
    assert client_address(request) == "203.0.113.50"


def test_a_request_from_our_proxy_with_no_header_is_the_proxys_own(behind_our_proxies):
    assert client_address(request_from(LOAD_BALANCER)) == LOAD_BALANCER


def test_an_entry_that_is_not_an_address_stops_the_walk_at_our_last_proxy(behind_our_proxies):
    request = request_from(LOAD_BALANCER, "203.0.113.50, not-an-address, 10.1.1.1")
    assert client_address(request) == "10.1.1.1"


def test_an_ipv4_address_written_as_ipv6_is_the_same_reader(behind_our_proxies):
    assert client_address(request_from("::ffff:198.51.100.7")) == "198.51.100.7"
    assert client_address(request_from(LOAD_BALANCER, "::ffff:203.0.113.50")) == "203.0.113.50"


def test_ipv6_readers_are_counted_by_their_64_network():
    first = counted_address(request_from("2001:db8:1:2::1"))
    assert first == "2001:db8:1:2::"
    assert counted_address(request_from("2001:db8:1:2:aaaa:bbbb:cccc:dddd")) == first
    assert counted_address(request_from("2001:db8:1:3::1")) != first
    assert counted_address(request_from("198.51.100.7")) == "198.51.100.7"


def test_a_connection_without_an_ip_address_is_counted_as_it_is():
    assert counted_address(request_from("")) == ""


def test_trusted_proxies_are_addresses_or_networks():
    assert read_trusted_proxies(" 10.0.0.5, 10.1.2.3/16,, fd00::/8 ") == [
        "10.0.0.5/32",
        "10.1.0.0/16",
        "fd00::/8",
    ]
    with pytest.raises(ImproperlyConfigured, match="'proxy.internal' is neither"):
        read_trusted_proxies("10.0.0.5, proxy.internal")


def test_forwarded_headers_from_anyone_else_never_reach_django(client, settings, db):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    headers = {"X-Forwarded-Proto": "https"}
    from_outside = client.get("/glossary/", headers=headers, REMOTE_ADDR="198.51.100.7")
    assert from_outside.status_code == 301  # claims HTTPS, came over HTTP: sent to HTTPS
    from_our_proxy = client.get("/glossary/", headers=headers, REMOTE_ADDR=LOAD_BALANCER)
    assert from_our_proxy.status_code == 200


def run_with_environment(code, **environment):
    environment = {"PATH": "/usr/bin:/bin", "PORTAL_ENV": "development", **environment}
    return subprocess.run(
        [sys.executable, *code],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.database_independent  # gunicorn prints its configuration and exits
def test_gunicorn_trusts_the_same_proxies_as_django():
    result = run_with_environment(
        ["-m", "gunicorn", "-c", "gunicorn.conf.py", "--print-config", "portal.wsgi"],
        TRUSTED_PROXIES="10.0.0.5, 10.1.0.0/16",
    )
    assert result.returncode == 0, result.stderr
    assert "forwarded_allow_ips                = ['10.0.0.5/32', '10.1.0.0/16']" in result.stdout


@pytest.mark.database_independent  # the settings stop it before any connection
def test_the_retired_trusted_proxy_count_stops_the_start_with_what_to_set():
    result = run_with_environment(["manage.py", "check"], TRUSTED_PROXY_COUNT="1")
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT is no longer read" in result.stderr
    assert "TRUSTED_PROXIES" in result.stderr
