"""Bad input gets a clear 4xx or a sensible default, never a 500: hostile paths, query
strings and cookies sent to every URL pattern of the site."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from .pages import PUBLIC_PAGES

pytestmark = pytest.mark.django_db

HOSTILE_SEGMENTS = [
    "x" * 5000,
    "%00",
    "a%00b",
    "..%2f..%2f..%2fetc%2fpasswd",
    "../../../etc/passwd",
    "%2e%2e/%2e%2e/",
    "%ff%fe",
    "%c0%af",
    "<script>alert(1)</script>",
    "%3Cscript%3E",
    "'; DROP TABLE guidance_guidancepage; --",
    "ünïcødé-☃-😀",
    "%F0%9F%98%80",
    "a/" * 300,
    "%25%25%25",
    "\\..\\..\\windows",
    "index.php?x=1",
    ".env",
]

HOSTILE_QUERIES = [
    "page=-1",
    "page=0",
    "page=abc",
    "page=99999999999999999999999",
    "q=" + "a" * 10000,
    "q=%00",
    "q=%ff",
    'q="unclosed',
    "q=NEAR(a b)",
    "q=*:*",
    "tag=../../etc",
    "sort=;drop",
    "next=//evil.example",
    "kind[]=x&kind=y",
    "%=%",
    "a=" + "%" * 50,
]

HOSTILE_COOKIES = {
    "text_size": "x" * 4000,
    "contrast": "<script>",
    "sessionid": "not-a-session",
    "csrftoken": "%00%00",
}


def url_prefixes(resolver=None, prefix=""):
    """A concrete URL for every pattern: the literal part before its first converter."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry.pattern.regex, re.Pattern) and route.startswith("^"):
            route = route.lstrip("^").rstrip("$")
        literal = re.split(r"[<(\[\\^$?*+]", route, maxsplit=1)[0]
        if isinstance(entry, URLResolver):
            yield from url_prefixes(entry, prefix + literal)
        elif isinstance(entry, URLPattern):
            yield "/" + prefix + literal


def assert_not_server_error(client, url, **extra):
    """Django's test client re-raises any exception a view lets out (raise_request_exception
    is on by default), so an exception fails the test with its traceback; a 5xx response
    that was produced without one fails here."""
    response = client.get(url, **extra)
    assert response.status_code < 500, f"{url} gave {response.status_code}"
    return response


def test_hostile_paths_under_every_url_pattern(client, shipped_content):
    prefixes = sorted(set(url_prefixes()))
    assert "/" in prefixes and "/display/" in prefixes
    for prefix in prefixes:
        for segment in HOSTILE_SEGMENTS:
            assert_not_server_error(client, f"{prefix.rstrip('/')}/{segment}")
            assert_not_server_error(client, f"{prefix.rstrip('/')}/{segment}/")


def test_hostile_query_strings_on_every_url_pattern_and_page(client, shipped_content):
    urls = sorted(set(url_prefixes()) | {url for _, url in PUBLIC_PAGES})
    for url in urls:
        for query in HOSTILE_QUERIES:
            assert_not_server_error(client, f"{url}?{query}")


def test_hostile_cookies_on_every_page(client, shipped_content):
    for name, value in HOSTILE_COOKIES.items():
        client.cookies[name] = value
    for url in sorted(set(url_prefixes()) | {url for _, url in PUBLIC_PAGES}):
        assert_not_server_error(client, url)


def test_hostile_posts_to_every_url_pattern(client, shipped_content):
    for url in sorted(set(url_prefixes())):
        response = client.post(url, {"x": "<script>", "page": "\x00"})
        assert response.status_code < 500, f"POST {url} gave {response.status_code}"


def test_hostile_host_header_is_refused(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/guidance/a%00b/", "/%00/", "/search/%00/"])
def test_a_nul_byte_in_the_path_gets_a_clear_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "character no page of this site uses" in response.text


def test_a_nul_byte_in_a_cookie_gets_a_clear_400(client):
    client.cookies["contrast"] = "dark\x00"
    assert client.get("/").status_code == 400
