from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpResponseBadRequest
from django.utils.functional import SimpleLazyObject, empty

from shared.proxies import FORWARDED_HEADERS, is_trusted_proxy


class RejectNulBytesMiddleware:
    """Answer 400 to a request whose path or cookies hold a NUL byte.

    No page address or cookie of the portal can need one, and PostgreSQL refuses them in
    any query, which would otherwise surface as a server error wherever the value reached
    the database. Query strings are left to the views: a search for text with a NUL in it
    is cleaned and answered, not refused.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        suspects = [request.path, *request.COOKIES.values()]
        if any("\x00" in value for value in suspects):
            return HttpResponseBadRequest(
                "That address contains a character no page of this site uses.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def drop_untrusted_forwarded_headers(meta):
    """Remove the X-Forwarded-* headers of a request that did not come through our proxies."""
    if any(header in meta for header in FORWARDED_HEADERS) and not is_trusted_proxy(
        meta.get("REMOTE_ADDR", "")
    ):
        for header in FORWARDED_HEADERS:
            meta.pop(header, None)


class ForwardedHeadersMiddleware:
    """Drop X-Forwarded-* headers from a request that did not come through one of our proxies.

    Django's SECURE_PROXY_SSL_HEADER believes X-Forwarded-Proto from anyone; with this
    first in MIDDLEWARE it only ever sees the header from TRUSTED_PROXIES, the same list
    gunicorn's forwarded_allow_ips is made from. The site's WSGI handler does the same
    before it answers from the page cache (portal/handler.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drop_untrusted_forwarded_headers(request.META)
        return self.get_response(request)


class MessagesWhenUsedMiddleware(MessageMiddleware):
    """Django's MessageMiddleware, with the message storage made when it is first used.

    Django makes it for every request (two storages and a cookie signer), and stores it
    again on the way out; a reader's page never shows a message, an editor's admin page
    does. Sessions and request.user are already made only when used.
    """

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response  # nothing read or added: nothing to store
        return super().process_response(request, response)
