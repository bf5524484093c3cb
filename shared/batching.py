"""Work requested many times in a row, done once: an import saves thousands of rows.

Outside a batch each request is handled at once. Inside `batch.open()` requests are
collected (per thread) and handled together when the outermost block ends, still inside
the caller's transaction; a block inside another leaves the handling to the outer one.
"""

import threading
from contextlib import contextmanager


class Batch:
    def __init__(self, handle):
        self._handle = handle  # handle(a set of requests)
        self._local = threading.local()

    @contextmanager
    def open(self):
        if getattr(self._local, "pending", None) is not None:
            yield  # already inside a batch: the outermost one handles the requests
            return
        self._local.pending = set()
        try:
            yield
            pending = self._local.pending
        finally:
            self._local.pending = None
        if pending:
            self._handle(pending)

    def request(self, *requests):
        pending = getattr(self._local, "pending", None)
        if pending is None:
            if requests:
                self._handle(set(requests))
        else:
            pending.update(requests)
