"""What may be cached, for how long, and under which key: decided here and nowhere else."""

import hashlib

from django.conf import settings

from languages.paths import language_of_request

from .per_request import reader_settings

# Callables returning the seconds until content changes with time alone (a page scheduled
# to go live), or None: the apps that schedule content register one in ready().
_schedules = []


def register_schedule(seconds_until_next_change):
    if seconds_until_next_change not in _schedules:
        _schedules.append(seconds_until_next_change)


def seconds_until_next_scheduled_change():
    waits = [wait for wait in (schedule() for schedule in _schedules) if wait is not None]
    return min(waits, default=None)


CACHEABLE_METHODS = frozenset({"GET", "HEAD"})


def caching_enabled():
    return settings.PAGE_CACHE_SECONDS > 0


def cache_timeout():
    """Seconds a rendered page or fragment stored now may be kept.

    A change of content never waits for it (the generation counters see to that), but a
    change of time does: a page scheduled to go live changes the navigation, lists and
    feeds at its publishing time without any save, so nothing stored before that moment
    may outlive it.
    """
    seconds = max(0, settings.PAGE_CACHE_SECONDS)
    until_publication = seconds_until_next_scheduled_change()
    if until_publication is not None:
        seconds = min(seconds, until_publication)
    return seconds


def may_use_shell(request):
    """Anonymous readers' GET and HEAD requests for pages, nothing else: what a page's
    shell (shells.py) may answer, whatever the query string.

    A session cookie means a signed-in editor (or one who was): their pages can differ
    (admin links, drafts) and are never served from, nor stored in, the shared cache.
    Static files are whitenoise's, which answers them from memory without a round trip.
    """
    return (
        request.method in CACHEABLE_METHODS
        and not request.path.startswith(settings.STATIC_URL)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and caching_enabled()
    )


def may_use_cache(request):
    """The same requests without a query string: what a whole cached page may answer. A
    query string is left out so that nobody can fill the cache with made-up addresses."""
    return may_use_shell(request) and not request.META.get("QUERY_STRING")


def may_store(request, response):
    """Only a plain 200 that sets no cookie and states no caching policy of its own.

    A cookie on the way out (a CSRF token, a session, a message) belongs to one visitor;
    a view that sets Cache-Control (never_cache: the admin, /healthz, /display/) has said
    what it wants; a CSP nonce is worthless once it is served twice.
    """
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not response.has_header("Set-Cookie")
        and "'nonce-" not in response.headers.get("Content-Security-Policy", "")
        and not _signed_in(request)
    )


def _signed_in(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def page_key(request):
    """One key per language, address and display setting (text size, contrast)."""
    language, digest = _language_and_address(request)
    return f"page:{language}:{reader_settings(request).cache_key}:{digest}"


def shell_key(request):
    """One key per language and address: a shell has holes for the display settings."""
    language, digest = _language_and_address(request)
    return f"shell:{language}:{digest}"


def _language_and_address(request):
    address = f"{request.scheme}://{request.get_host()}{request.path}"
    return language_of_request(request), hashlib.sha256(address.encode()).hexdigest()[:32]


def content_etag(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
