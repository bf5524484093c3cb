"""The site's WSGI handler: Django's, with pages in the page cache answered at the door.

A page in the cache for an anonymous reader is answered before Django's request handling
starts (no request signals, middleware or response object): the forwarded headers are
checked and due scheduled changes applied first, exactly as the first two middleware do,
then pagecache.middleware.answer_at_the_door looks the page up in one round trip. Every
other request (and every page not in the cache) goes through Django as before, where the
page-cache middleware renders and stores it.
"""

from django.core.handlers.wsgi import WSGIHandler

from guidance.scheduling import apply_due_changes_when_due
from pagecache.middleware import answer_at_the_door

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
