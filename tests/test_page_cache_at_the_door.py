"""A cached page is answered by the site's WSGI handler before Django's request handling.

What production runs (`portal.wsgi.application`, under gunicorn and `make run` alike): a
page in the cache comes back byte for byte and header for header as Django would answer
it, without a request signal, a middleware, a query or a template; anything the cache may
not answer goes through Django as before.
"""

import io
import sys

import pytest
from django.core.signals import request_started
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from portal.handler import PortalHandler
from tests.test_page_cache import HACKING, Rendering
from tests.test_page_cache_warming import inside_the_test_transaction

pytestmark = pytest.mark.django_db

SECURITY_AND_CACHE_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Language",
    "ETag",
)


def environ(path, **extra):
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "REMOTE_ADDR": "203.0.113.9",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **extra,
    }


class Answer:
    def __init__(self, path, **extra):
        self.requests_started = 0
        request_started.connect(self.started)
        try:
            with (
                inside_the_test_transaction(),
                CaptureQueriesContext(connection) as queries,
                Rendering() as rendering,
            ):
                body = PortalHandler()(environ(path, **extra), self.start_response)
                self.body = b"".join(body)
                if hasattr(body, "close"):
                    body.close()
        finally:
            request_started.disconnect(self.started)
        self.queries, self.templates = len(queries), rendering.templates

    def started(self, **kwargs):
        self.requests_started += 1

    def start_response(self, status, headers, exc_info=None):
        self.status, self.headers = status, headers

    @property
    def at_the_door(self):
        """Answered without Django's request handling (no request_started, no query)."""
        return self.requests_started == 0 and self.queries == 0 and self.templates == []

    def header(self, name):
        return dict(self.headers).get(name)


def test_a_cached_page_is_answered_at_the_door_exactly_as_django_answered_it(small_tree):
    rendered = Answer(HACKING)
    assert rendered.status == "200 OK" and not rendered.at_the_door
    cached = Answer(HACKING)
    assert cached.at_the_door
    assert cached.status == "200 OK"
    assert cached.body == rendered.body
    assert sorted(cached.headers) == sorted(rendered.headers)
    for name in SECURITY_AND_CACHE_HEADERS:
        assert cached.header(name), name


def test_a_matching_etag_gets_304_at_the_door_and_a_stale_one_the_page(small_tree):
    etag = Answer(HACKING).header("ETag")
    not_modified = Answer(HACKING, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.at_the_door
    assert not_modified.status == "304 Not Modified" and not_modified.body == b""
    assert not_modified.header("ETag") == etag
    stale = Answer(HACKING, HTTP_IF_NONE_MATCH='"an-older-version"')
    assert stale.at_the_door and stale.status == "200 OK" and b"<h1>Hacking</h1>" in stale.body


def test_a_304_at_the_door_carries_the_security_headers_the_page_carries(small_tree):
    page = Answer(HACKING)
    not_modified = Answer(HACKING, HTTP_IF_NONE_MATCH=page.header("ETag"))
    assert not_modified.at_the_door and not_modified.status == "304 Not Modified"
    for name in SECURITY_AND_CACHE_HEADERS:
        if name != "Content-Language":  # it describes a body, which a 304 has not
            assert not_modified.header(name) == page.header(name), name


def test_an_edit_is_served_at_once_and_then_from_the_door_again(small_tree):
    Answer(HACKING)
    hacking = small_tree["hacking"]
    hacking.body_markdown = "Rewritten at the door."
    hacking.save()
    fresh = Answer(HACKING)
    assert not fresh.at_the_door and b"Rewritten at the door." in fresh.body
    again = Answer(HACKING)
    assert again.at_the_door and again.body == fresh.body


@pytest.mark.parametrize(
    "extra, why",
    [
        ({"HTTP_COOKIE": "sessionid=abc"}, "a session cookie: a signed-in editor"),
        ({"QUERY_STRING": "utm_source=x"}, "a query string"),
        ({"REQUEST_METHOD": "POST"}, "a post"),
        ({"HTTP_COOKIE": "text_size=largest"}, "another display setting: a page of its own"),
    ],
)
def test_requests_the_stored_page_is_not_for_go_through_django(small_tree, extra, why):
    Answer(HACKING)
    answer = Answer(HACKING, **extra)
    assert answer.requests_started == 1, why


def test_an_address_not_in_ascii_goes_through_django(small_tree):
    """Django decodes it from the server's bytes; the door leaves that to Django."""
    path = "/guidance/caf\xc3\xa9/"  # the UTF-8 bytes of /guidance/café/, as WSGI gives them
    Answer(path)
    assert Answer(path).requests_started == 1


def test_a_forged_forwarded_scheme_from_outside_gets_the_page_of_its_real_scheme(
    small_tree, settings
):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    https = Answer(HACKING, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_PROTO="https")
    assert b'href="https://testserver' in https.body  # canonical link of the https page
    forged = Answer(HACKING, HTTP_X_FORWARDED_PROTO="https")  # not from our proxy
    assert not forged.at_the_door  # the https page is not its page: rendered for http
    assert b'href="https://testserver' not in forged.body
    assert Answer(HACKING, HTTP_X_FORWARDED_PROTO="https").body == forged.body


def test_a_host_not_allowed_gets_400_from_django(small_tree):
    Answer(HACKING)
    assert Answer(HACKING, HTTP_HOST="evil.example").status.startswith("400")


def test_static_files_are_not_looked_up_in_the_page_cache(small_tree, settings, monkeypatch):
    import pagecache.middleware

    lookups = []
    monkeypatch.setattr(pagecache.middleware, "fetch", lambda *a: lookups.append(a) or (None, 0))
    Answer(settings.STATIC_URL + "css/portal.css")
    assert lookups == []
    Answer(HACKING)
    assert lookups


def test_a_page_missing_from_the_cache_is_looked_up_once_not_at_the_door_and_again(
    small_tree, monkeypatch
):
    import pagecache.middleware

    lookups = []
    fetch = pagecache.middleware.fetch
    monkeypatch.setattr(pagecache.middleware, "fetch", lambda *a: lookups.append(a) or fetch(*a))
    missed = Answer(HACKING)
    assert missed.status.startswith("200") and not missed.at_the_door
    assert len(lookups) == 1
    assert Answer(HACKING).at_the_door  # and the page was stored under the door's key


def test_an_address_resolved_before_leads_to_the_same_page_and_a_match_of_its_own(small_tree):
    """The handler remembers where an address leads (portal/handler.py): the second request
    for a page the cache may not answer (a query string) is the same page, and each request
    gets its own match, so that nothing one request does to it reaches the next."""
    first = Answer(HACKING, QUERY_STRING="utm_source=x")
    second = Answer(HACKING, QUERY_STRING="utm_source=x")
    assert first.status == second.status == "200 OK"
    assert second.body == first.body and b"<h1>Hacking</h1>" in second.body
    request = RequestFactory().get(HACKING)
    translation.activate("en")
    try:
        matches = [PortalHandler().resolve_request(request) for _ in range(2)]
    finally:
        translation.deactivate()
    assert matches[0] is not matches[1] and matches[0].kwargs is not matches[1].kwargs
    assert matches[0].func is matches[1].func and matches[0].kwargs == matches[1].kwargs


def test_the_same_path_in_another_language_and_an_unknown_address_resolve_as_django_does(
    small_tree,
):
    assert b'lang="cy"' in Answer("/cy/").body and b'lang="en-GB"' in Answer("/").body
    assert Answer("/no-such-page/").status.startswith("404")
    assert Answer("/no-such-page/").status.startswith("404")  # a miss is never remembered
