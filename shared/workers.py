"""Worker processes for CPU-bound work done many times in a row (an import's thousands of
Markdown bodies and search documents), kept for a block so that starting them is paid once.

The workers are forked from the caller, so they start with everything it has imported and
set up (a fresh process spends one to three seconds of CPU on Django's setup before its
first item, each import). They never use the database: they could not see the caller's
uncommitted rows, and the connection they inherit is the caller's, which a child must never
write to (it refuses every query, and ends with os._exit, as multiprocessing's children do,
so nothing closes it either). What they need from it is read by the caller and handed over.

Only a caller with one thread forks: a thread holding a lock (logging's, an import's) at the
moment of the fork would leave the child waiting on it for ever. A caller with other threads
(a test's live server, a browser driver) starts fresh processes ("spawn") instead, which set
Django up themselves.
"""

import multiprocessing
import os
import signal
import threading
from contextlib import contextmanager

_local = threading.local()


def _refuse_database(*args, **kwargs):
    raise RuntimeError("a worker process must not use the database")


def _threads_running():
    """This process's threads as the system counts them (Python's own threading module misses
    those started outside it, by a C library or a driver), as the warning on fork does."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _start_worker(fresh_process):
    if fresh_process:
        import django

        django.setup()
    from django.db import connections

    for alias in connections:
        connections[alias].execute_wrappers.append(_refuse_database)
    # What the caller had open or installed is its own: no nested pool, and Python's own
    # reactions to the pool's SIGTERM and to Ctrl-C (a server's worker may have others).
    _local.workers = None
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)


class _Workers:
    """The processes of a `worker_pool` block, started when first given work: a block in
    which nothing needs them (an import with nothing changed) costs nothing."""

    def __init__(self, processes):
        self.processes = processes
        self.pool = None

    def imap(self, function, items, chunk_size):
        if self.pool is None:
            fresh = _threads_running() > 1
            self.pool = multiprocessing.get_context("spawn" if fresh else "fork").Pool(
                self.processes, initializer=_start_worker, initargs=(fresh,)
            )
        return self.pool.imap(function, items, chunksize=chunk_size)

    def stop(self):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


@contextmanager
def worker_pool(processes=None):
    """Keep worker processes, one a core, for the block: every `parallel_map` inside it uses
    the same ones, started at the first, so an import of thousands of
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
    return list(parallel_results(function, items, chunk_size, processes))


def parallel_results(function, items, chunk_size, processes=None):
    """function(item) for each item, in order, as `parallel_map` computes them, each given
    as soon as it and those before it are done: the caller works on the first results (an
    import writes them) while the workers compute the next, where with `parallel_map` one
    waited for the other. Read it to the end (an abandoned one leaves its items queued in
    the open pool, ahead of the next call's)."""
    items = list(items)
    if workers_open():
        yield from _local.workers.imap(function, items, chunk_size)
        return
    processes = max(1, min(processes or os.cpu_count() or 1, len(items) // chunk_size))
    with worker_pool(processes):
        if not workers_open():
            yield from (function(item) for item in items)
            return
        yield from _local.workers.imap(function, items, chunk_size)
