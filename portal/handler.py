"""The site's WSGI handler: Django's, with pages in the page cache answered at the door.

A page in the cache for an anonymous reader is answered before Django's request handling
starts (no request signals, middleware or response object): the forwarded headers are
checked and due scheduled changes applied first, exactly as the first two middleware do,
then pagecache.middleware.answer_at_the_door looks the page up in one round trip. Every
other request (and every page not in the cache) goes through Django as before, where the
page-cache middleware renders and stores it.

It also remembers where each address it has resolved leads (`resolve_request`, through
shared/resolving.py).
"""

from django.core.handlers.wsgi import WSGIHandler
from django.urls import ResolverMatch, get_resolver

from guidance.scheduling import apply_due_changes_when_due
from languages.paths import language_of_request
from pagecache.middleware import answer_at_the_door
from shared.resolving import resolved

from .middleware import drop_untrusted_forwarded_headers


class PortalHandler(WSGIHandler):
    def __call__(self, environ, start_response):
        drop_untrusted_forwarded_headers(environ)
        apply_due_changes_when_due()
        answer = answer_at_the_door(environ)
        if answer is None:
            return super().__call__(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [body]

    def resolve_request(self, request):
        """Django's, with the match for an address and language resolved once per process.

        A match depends only on the URLconf (its resolver, made afresh when the URLconf
        changes), the path and the page's language (/cy/ and translated patterns): all in
        the key. The language is the one the page cache looked the page's shell up in
        (languages.paths.language_of_request), so the two share one resolution. An
        address that matches nothing raises, and is not remembered.
        """
        if hasattr(request, "urlconf"):  # a middleware chose another URLconf
            return super().resolve_request(request)
        found = resolved(get_resolver(), request.path_info, language_of_request(request))
        # A match of its own for each request, as Django's: process_view may change kwargs.
        match = ResolverMatch(
            found.func,
            found.args,
            dict(found.kwargs),
            found.url_name,
            found.app_names,
            found.namespaces,
            found.route,
            found.tried,
            found.captured_kwargs,
            found.extra_kwargs,
        )
        request.resolver_match = match
        return match
