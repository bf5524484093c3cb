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


def _pool(processes):
    return multiprocessing.get_context("spawn").Pool(processes, initializer=_start_worker)


@contextmanager
def worker_pool(processes=None):
    """Keep worker processes, one a core, for the block: `parallel_map` inside it uses them.

    They are started at once, so that their start-up (a Django setup each) overlaps with
    the caller's own work. On one core, or inside another block, nothing is started.
    """
    processes = processes or os.cpu_count() or 1
    if processes < 2 or getattr(_local, "pool", None) is not None:
        yield
        return
    _local.pool = _pool(processes)
    try:
        yield
    finally:
        pool, _local.pool = _local.pool, None
        pool.terminate()
        pool.join()


def workers_open():
    """Whether a `worker_pool` block is open (in this thread)."""
    return getattr(_local, "pool", None) is not None


def parallel_map(function, items, chunk_size, processes=None):
    """[function(item) for item in items], on every core: in the open `worker_pool`, else in a
    pool started for this call (`processes` of them). `function` must be importable by name
    and must not use the database."""
    items = list(items)
    pool = getattr(_local, "pool", None)
    if pool is not None:
        return pool.map(function, items, chunksize=chunk_size)
    processes = processes or os.cpu_count() or 1
    with worker_pool(max(1, min(processes, len(items) // chunk_size))):
        pool = getattr(_local, "pool", None)
        if pool is None:
            return [function(item) for item in items]
        return pool.map(function, items, chunksize=chunk_size)
