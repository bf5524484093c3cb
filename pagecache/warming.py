"""Warming: after a content change, the pages readers read are rendered again in the
background, so that the next reader finds them in the cache.

A change still forgets every page (generations.py): correctness stays with the coarse
invalidation. This only renders again, after the change has committed, the pages this
process has served to anonymous readers, most recently read first, up to
PAGE_CACHE_WARM_PAGES (0 turns warming off). Each is rendered through the site's own
request handling, exactly as for a reader (same address, host, scheme and display
settings), and stored by the page-cache middleware under the generation read before it
was rendered: a page rendered while yet another change was saved is never served. A
reader who asks before a page is warmed gets it rendered, as without warming.

One thread per process does it (a gunicorn worker, or `make run`'s server); no queue or
other service is needed, and the thread renders one page at a time, so readers served
meanwhile by the same worker share the CPU with at most one render. They share Python's
one interpreter lock with it too: a reader's thread gives the lock up at each read of the
socket, the cache or the database, and took it back only after Python's switch interval
(5 ms) while a page was being warmed, a wait repeated at each such read. While it
warms, the interval is SWITCH_SECONDS (bench/README.md, "warmlock").
"""

import io
import logging
import sys
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest

from .generations import CONTENT, fetch
from .policy import page_key

logger = logging.getLogger(__name__)

# Changes saved in a row (an admin form with inlines, an import) warm once, this long after
# the last of them.
SETTLE_SECONDS = 0.5
# While warming, how long a thread waiting for the interpreter lock lets the holder keep it.
SWITCH_SECONDS = 0.0005


def warm_pages_limit():
    return max(0, getattr(settings, "PAGE_CACHE_WARM_PAGES", 0))


class RecentlyRead:
    """The anonymous requests for cached pages this process served, most recent last."""

    def __init__(self):
        self._requests = OrderedDict()
        self._lock = threading.Lock()

    def note(self, key, request):
        limit = warm_pages_limit()
        if not limit:
            return
        with self._lock:
            if key in self._requests:  # the same key: the same page, asked the same way
                self._requests.move_to_end(key)
                return
            self._requests[key] = _replayable(request)
            while len(self._requests) > limit:
                self._requests.popitem(last=False)

    def most_recent_first(self):
        with self._lock:
            return list(reversed(self._requests.values()))

    def clear(self):
        with self._lock:
            self._requests.clear()


recently_read = RecentlyRead()


@contextmanager
def giving_way_to_readers():
    """Python's interpreter lock handed on within SWITCH_SECONDS while warming."""
    switch_seconds = sys.getswitchinterval()
    sys.setswitchinterval(min(switch_seconds, SWITCH_SECONDS))
    try:
        yield
    finally:
        sys.setswitchinterval(switch_seconds)


def _replayable(request):
    """What it takes to ask for the same page again: only what the page's key depends on."""
    meta = request.META
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": meta.get("PATH_INFO", request.path_info),
        "SCRIPT_NAME": meta.get("SCRIPT_NAME", ""),
        "QUERY_STRING": "",
        "SERVER_NAME": meta.get("SERVER_NAME", "localhost"),
        "SERVER_PORT": meta.get("SERVER_PORT", "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": meta.get("wsgi.url_scheme", "http"),
        "REMOTE_ADDR": "127.0.0.1",
    }
    for name in ("HTTP_HOST", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST"):
        if name in meta:
            environ[name] = meta[name]
    display_cookies = [
        f"{name}={value}"
        for name, value in request.COOKIES.items()
        if name in {"text_size", "contrast"}
    ]
    if display_cookies:
        environ["HTTP_COOKIE"] = "; ".join(display_cookies)
    return environ


def render_again(environ):
    """Ask the site for the page as a reader would; the middleware stores it."""
    statuses = []
    body = _handler()(
        {**environ, "wsgi.input": io.BytesIO(b""), "wsgi.errors": io.StringIO()},
        lambda status, headers, exc_info=None: statuses.append(status),
    )
    try:
        for _ in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return statuses[0] if statuses else None


_wsgi_handler = None


def _handler():
    global _wsgi_handler
    if _wsgi_handler is None:
        _wsgi_handler = WSGIHandler()
    return _wsgi_handler


def _page_key(environ):
    return page_key(WSGIRequest({**environ, "wsgi.input": io.BytesIO(b"")}))


def warm_now(stop=None):
    """Render again every recently read page that is not in the cache; return how many.

    Stops early (returning what it did) when `stop` is set: another change came in, and
    warming starts again from the most recent page.
    """
    rendered = 0
    for environ in recently_read.most_recent_first():
        if stop is not None and stop.is_set():
            break
        try:
            stored, _ = fetch(CONTENT, _page_key(environ))
            if stored is None:
                render_again(environ)
                rendered += 1
        except Exception:
            logger.exception("warming %s failed", environ.get("PATH_INFO"))
    return rendered


class Warmer:
    """One daemon thread per process that warms after each change, started on first use."""

    def __init__(self):
        self._changed = threading.Event()
        self._thread = None
        self._lock = threading.Lock()

    def request(self):
        if not warm_pages_limit():
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="page-cache-warmer", daemon=True
                )
                self._thread.start()
        self._changed.set()

    def _run(self):
        from django.db import connections

        while True:
            self._changed.wait()
            # Let a burst of saves finish: each one sets the event again.
            while self._changed.wait(SETTLE_SECONDS):
                self._changed.clear()
            started, cpu_started = time.monotonic(), time.thread_time()
            try:
                with giving_way_to_readers():
                    rendered = warm_now(stop=self._changed)
            finally:
                connections.close_all()
            logger.info(
                "warmed %d pages in %.2f s (%.2f s of CPU)",
                rendered,
                time.monotonic() - started,
                time.thread_time() - cpu_started,
            )


warmer = Warmer()


def warm_soon():
    """After a content change has committed: warm in the background."""
    warmer.request()
