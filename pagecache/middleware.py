"""Whole pages for anonymous readers, from the shared cache, with ETags and 304s.

A page in the cache is answered at the door: by the site's WSGI handler (portal/handler.py,
through `answer_at_the_door`) before Django's request handling starts, with one cache
round trip (the generation and the page together) and no middleware, signal, session,
database query or template. The middleware below answers the same way for requests that
reach Django (a conditional GET, the test client) and stores what it renders.

It comes first in MIDDLEWARE after the forwarded-header check and the scheduled changes,
so the stored response carries every header the rest of the stack adds (the security
headers, Content-Security-Policy, X-Frame-Options, Content-Language, Vary): a page from
the cache is answered exactly as it was rendered, byte for byte and header for header.
"""

import logging

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

from .generations import CONTENT, fetch, store
from .policy import (
    caching_enabled,
    content_etag,
    may_store,
    may_use_cache,
    may_use_shell,
    page_key,
)
from .shells import answer_from_shell, store_shell
from .warming import recently_read

# Revalidate on every use: a reader's browser (or a CDN) asks again, and a 304 is cheap.
CACHE_CONTROL = "no-cache"
STORED_HEADERS_SKIPPED = frozenset({"set-cookie", "date"})
# A request carrying one of these is answered by get_conditional_response (a 304 or a 412).
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)

# What a 304 (or 412) repeats of the page's headers besides those Django keeps (ETag, Vary,
# Cache-Control): the security headers, which hold for whatever the browser then shows from
# its cache. RFC 9110 lets a 304 carry any header that does not describe the body.
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Strict-Transport-Security",
)

# Where the door leaves the key and generation of a page it found missing, so that a miss
# costs one round trip to the cache, not one at the door and another in the middleware.
DOOR_LOOKUP = "pagecache.door_lookup"

logger = logging.getLogger(__name__)


def answer_at_the_door(environ):
    """(status, headers, body) of the cached page a WSGI request asks for, or None.

    None means Django handles the request as usual: not a page the cache may answer, not
    in the cache (or not of the current generation), or the cache unavailable. Only
    addresses in ASCII are answered here: Django decodes any other from the bytes the
    server gives it, and the key must be the one the middleware stored the page under.
    """
    if environ.get("REQUEST_METHOD") not in {"GET", "HEAD"} or environ.get("QUERY_STRING"):
        return None
    if not caching_enabled():
        return None
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    if not path.isascii() or path.startswith(settings.STATIC_URL):
        return None  # a static file is whitenoise's, without a request built twice
    request = WSGIRequest(environ)
    if not may_use_cache(request):
        return None
    try:
        key = page_key(request)
        stored, generation = fetch(CONTENT, key)
    except DisallowedHost:
        return None  # Django answers 400
    except Exception:  # the cache is down: Django serves the page, /healthz tells the balancer
        logger.exception("page cache unavailable")
        return None
    if stored is None:
        environ[DOOR_LOOKUP] = (key, generation)  # the middleware need not ask again
        return None
    recently_read.note(key, request)
    if any(header in environ for header in CONDITIONAL_HEADERS):
        response = answer_from_cache(request, stored)
        status = f"{response.status_code} {response.reason_phrase}"
        return status, [*response.items()], response.content
    content, headers, _ = stored
    return "200 OK", headers, content


def answer_from_cache(request, stored):
    content, headers, etag = stored
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return conditional_answer(request, etag, response)


def conditional_answer(request, etag, response):
    """The response itself, or the 304 or 412 a conditional request gets instead of it,
    with the response's security headers (Django's 304 keeps only the caching ones)."""
    answer = get_conditional_response(request, etag=etag, response=response)
    if answer is not response:
        for name in SECURITY_HEADERS:
            if name in response:
                answer.headers[name] = response.headers[name]
    return answer


def missed_at_the_door(request, key):
    """(None, generation) when the door has just looked this page up and not found it."""
    looked_up = request.META.get(DOOR_LOOKUP)
    if looked_up is not None and looked_up[0] == key:
        return None, looked_up[1]
    return None


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_shell(request):
            return self.get_response(request)
        whole_page = may_use_cache(request)
        if whole_page:
            key = page_key(request)
            try:
                stored, generation = missed_at_the_door(request, key) or fetch(CONTENT, key)
            except Exception:  # the cache is down: serve the page, /healthz tells the balancer
                logger.exception("page cache unavailable")
                return self.get_response(request)
            if stored is not None:
                recently_read.note(key, request)
                return answer_from_cache(request, stored)
        # Not a page in the cache: its shell, filled for this request, or the view renders
        # it (keeping its shell for the next miss).
        response = answer_from_shell(request) or self.get_response(request)
        store_shell(request, response)
        if whole_page and may_store(request, response):
            recently_read.note(key, request)
            response = self.store(request, response, key, generation)
        return response

    def store(self, request, response, key, generation):
        patch_vary_headers(response, ["Cookie"])
        response.headers["Cache-Control"] = CACHE_CONTROL
        etag = content_etag(response.content)
        response.headers["ETag"] = etag
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in STORED_HEADERS_SKIPPED
        ]
        try:
            store(key, generation, (response.content, headers, etag))
        except Exception:
            logger.exception("page cache unavailable")
        return conditional_answer(request, etag, response)
