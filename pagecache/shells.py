"""A page's shell: everything of a rendered page but what depends on the request, kept in
the cache as one fragment, with holes.

A page-cache miss (a display setting not yet asked for, a query string such as
`?utm_source=…`, which the page cache never answers) used to render the page again: the
view, its query, the template, the middleware. A view that keeps its shell (`keeps_shell`)
renders the page once with a marker where each hole of per_request.HOLES goes (the
{% per_request %} tag), stores the text between the holes with the response's headers,
and every later miss for the same address and language is answered from it by the
page-cache middleware: one cache round trip and the holes filled, for any display setting
and any query string the view said does not change its page.

Never stale, as every fragment: the shell is stored with the content generation read
before the view ran (generations.py), and used only while it is current; and only what
the page cache may store (policy.may_store: no cookie, no nonce, no caching policy of its
own, not signed in) is kept. Signed-in editors, previews and pages as of a date never use
nor store one: the first ask the page cache's own rule (policy.may_use_shell), the others
are not views that keep a shell, or say which query parameter changes the page.
"""

import functools
import logging
import re
import secrets

from django.http import HttpResponse
from django.urls import Resolver404, get_resolver
from django.utils import translation
from django.utils.html import conditional_escape

from languages.paths import language_of_request
from shared.resolving import resolved

from .generations import CONTENT, fetch, store
from .per_request import HOLES
from .policy import may_store, shell_key

logger = logging.getLogger(__name__)

# Where the middleware leaves what a view needs to keep the shell of the page it renders.
SHELL = "page_shell"
# The mark `keeps_shell` puts on a view: only a request for such a view looks for a shell.
KEEPS_SHELL = "keeps_page_shell"
# Headers not kept with a shell: the length is the filled page's, the rest one response's.
HEADERS_NOT_KEPT = frozenset({"content-length", "set-cookie", "date"})


class ShellSlot:
    """The shell a request may keep: its key and the generation read before rendering;
    while its view renders, the marker its holes are drawn with; then what it rendered."""

    def __init__(self, key, generation):
        self.key = key
        self.generation = generation
        self.marker = None
        self.kept = None

    def hole(self, name):
        return f"{self.marker}:{name}:"


def fill_hole(name, request):
    return conditional_escape(HOLES[name](request))


def split_at_holes(content, marker):
    """(text, hole name, text, …, text) of a page rendered with `marker` at its holes."""
    return tuple(re.split(re.escape(marker.encode()) + rb":(\w+):", content))


def filled(parts, request, charset="utf-8"):
    """The page: the shell's text with each hole filled for this request."""
    return b"".join(
        part if index % 2 == 0 else str(fill_hole(part.decode(), request)).encode(charset)
        for index, part in enumerate(parts)
    )


def view_keeps_shell(request):
    """Whether the address leads to a view that keeps its shell: asked before Django
    resolves it (the answer is remembered for the resolution that follows), so that no
    other request (a search, the glossary, an address that matches nothing) pays a
    round trip to the cache for a shell that is never kept."""
    try:
        match = resolved(get_resolver(), request.path_info, language_of_request(request))
    except Resolver404:
        return False
    return getattr(match.func, KEEPS_SHELL, False)


def shell_for(request):
    """The current shell of the page a request asks for, as (parts, headers), or None; the
    request keeps a ShellSlot, so that the view can store one if none is found."""
    if not view_keeps_shell(request):
        return None
    key = shell_key(request)
    try:
        shell, generation = fetch(CONTENT, key)
    except Exception:  # the cache is down: the view renders the page
        logger.exception("page cache unavailable")
        return None
    setattr(request, SHELL, ShellSlot(key, generation))
    if shell is None:
        return None
    parts, headers, changing_query = shell
    if changing_query.intersection(request.GET):
        return None  # a parameter that changes the page (a page as of a date)
    return parts, headers


def answer_from_shell(request):
    """The page from its shell, with the holes filled for this request, or None."""
    found = shell_for(request)
    if found is None:
        return None
    parts, headers = found
    with translation.override(language_of_request(request)):
        content = filled(parts, request)
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    response.headers["Content-Length"] = str(len(content))
    return response


def store_shell(request, response):
    """Keep the shell the view took out of this response, if the page cache could keep it."""
    slot = getattr(request, SHELL, None)
    if slot is None or slot.kept is None or not may_store(request, response):
        return
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in HEADERS_NOT_KEPT
    ]
    parts, changing_query = slot.kept
    try:
        store(slot.key, slot.generation, (parts, headers, changing_query))
    except Exception:
        logger.exception("page cache unavailable")


def keeps_shell(query_that_changes_the_page=()):
    """Decorate a page view whose page depends on the request only through the holes (and
    on the query parameters named here): its shell is kept, and answers later misses."""
    changing = frozenset(query_that_changes_the_page)

    def decorator(view):
        @functools.wraps(view)
        def view_keeping_its_shell(request, *args, **kwargs):
            slot = getattr(request, SHELL, None)
            if slot is None or changing.intersection(request.GET):
                return view(request, *args, **kwargs)
            marker = slot.marker = "page-shell-hole-" + secrets.token_hex(16)
            try:
                response = view(request, *args, **kwargs)
            finally:
                slot.marker = None  # an error page is rendered after, without holes
            if response.streaming:
                return response
            parts = split_at_holes(response.content, marker)
            if len(parts) > 1:
                response.content = filled(parts, request, response.charset)
            if response.status_code == 200:
                slot.kept = (parts, changing)
            return response

        setattr(view_keeping_its_shell, KEEPS_SHELL, True)
        return view_keeping_its_shell

    return decorator
