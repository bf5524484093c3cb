"""Whole pages for anonymous readers, from the shared cache, with ETags and 304s.

It sits just inside the security and NUL-byte middleware: a page served from the cache
costs one cache round trip (the generation and the page together) and no database query,
session or template. Everything the inner middleware added to the stored response
(Content-Security-Policy, X-Frame-Options, Vary) is stored with it; the outer
SecurityMiddleware adds its headers to every answer.
"""

import logging

from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers

from .generations import CONTENT, fetch, store
from .policy import content_etag, may_store, may_use_cache, page_key
from .warming import recently_read

# Revalidate on every use: a reader's browser (or a CDN) asks again, and a 304 is cheap.
CACHE_CONTROL = "no-cache"
STORED_HEADERS_SKIPPED = frozenset({"set-cookie", "date"})

logger = logging.getLogger(__name__)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_use_cache(request):
            return self.get_response(request)
        key = page_key(request)
        try:
            stored, generation = fetch(CONTENT, key)
        except Exception:  # the cache is down: serve the page, /healthz tells the balancer
            logger.exception("page cache unavailable")
            return self.get_response(request)
        if stored is not None:
            recently_read.note(key, request)
            return self.answer_from_cache(request, stored)
        response = self.get_response(request)
        if may_store(request, response):
            recently_read.note(key, request)
            response = self.store(request, response, key, generation)
        return response

    def answer_from_cache(self, request, stored):
        content, headers, etag = stored
        response = HttpResponse(content)
        for name, value in headers:
            response.headers[name] = value
        return get_conditional_response(request, etag=etag, response=response)

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
        return get_conditional_response(request, etag=etag, response=response) or response
