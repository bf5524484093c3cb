"""Worker processes for CPU-bound work done many times in a row (an import's thousands of
Markdown bodies and search documents), kept for a block so that starting them is paid once.

The workers are fresh processes ("spawn": a forked child would share the caller's database
connection) and never use the database: they could not see the caller's uncommitted rows.
What they need from it is read by the caller and handed over with the work.
"""

import multiprocessing
import os
import threading
from contextlib import contextmanager

_local = threading.local()


def _refuse_database(*args, **kwargs):
    raise RuntimeError("a worker process must not use the database")


def _start_worker():
    import django

    django.setup()
    from django.db import connections

    for alias in connections:
        connections[alias].execute_wrappers.append(_refuse_database)


class _Workers:
    """The processes of a `worker_pool` block, started when first given work: a block in
    which nothing needs them (an import with nothing changed) costs nothing."""

    def __init__(self, processes):
        self.processes = processes
        self.pool = None

    def map(self, function, items, chunk_size):
        if self.pool is None:
            self.pool = multiprocessing.get_context("spawn").Pool(
                self.processes, initializer=_start_worker
            )
        return self.pool.map(function, items, chunksize=chunk_size)

    def stop(self):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


@contextmanager
def worker_pool(processes=None):
    """Keep worker processes, one a core, for the block: every `parallel_map` inside it uses
    the same ones, started at the first (a Django setup each), so an import of thousands of
    items pays for starting them once. On one core, or inside another block, nothing is
    kept."""
    processes = processes or os.cpu_count() or 1
    if processes < 2 or workers_open():
        yield
        return
    _local.workers = _Workers(processes)
    try:
        yield
    finally:
        workers, _local.workers = _local.workers, None
        workers.stop()


def workers_open():
    """Whether a `worker_pool` block is open (in this thread)."""
    return getattr(_local, "workers", None) is not None


def parallel_map(function, items, chunk_size, processes=None):
    """[function(item) for item in items], on every core: in the open `worker_pool`, else in
    processes started for this call (`processes` of them). `function` must be importable by
    name and must not use the database."""
    items = list(items)
    if workers_open():
        return _local.workers.map(function, items, chunk_size)
    processes = max(1, min(processes or os.cpu_count() or 1, len(items) // chunk_size))
    with worker_pool(processes):
        if not workers_open():
            return [function(item) for item in items]
        return _local.workers.map(function, items, chunk_size)
