"""The import's worker processes: forked from a caller with one thread (they start with what
it has set up), started fresh when the caller has other threads (a fork could inherit a lock
another thread holds, and wait on it for ever), and never allowed the database."""

import os
import subprocess
import sys
import threading

from django.conf import settings

from shared.workers import parallel_map

# Set by the caller before its workers start: a forked worker has it, a fresh one does not.
CALLER_MARK = None


def mark_seen_by_worker(item):
    return item, CALLER_MARK, os.getpid()


def database_seen_by_worker(item):
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except RuntimeError as refused:
        return str(refused)
    return "the worker used the database"


ONE_THREAD_CALLER = """
import django, os
django.setup()
import tests.test_workers as probe
from shared.workers import parallel_map
probe.CALLER_MARK = "set by the caller"
results = parallel_map(probe.mark_seen_by_worker, range(4), chunk_size=1, processes=2)
print(sorted({mark for _, mark, _ in results}), [item for item, _, _ in results])
print({pid != os.getpid() for _, _, pid in results})
print(set(parallel_map(probe.database_seen_by_worker, range(2), chunk_size=1, processes=2)))
"""


def test_a_caller_with_one_thread_forks_its_workers_and_they_refuse_the_database():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    output = subprocess.run(
        [sys.executable, "-c", ONE_THREAD_CALLER],
        cwd=settings.BASE_DIR,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.splitlines()
    assert output == [
        "['set by the caller'] [0, 1, 2, 3]",  # forked: they have what the caller set
        "{True}",  # in other processes
        "{'a worker process must not use the database'}",
    ]


def test_a_caller_with_other_threads_starts_fresh_workers(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "CALLER_MARK", "set by the caller")
    stop = threading.Event()
    other_thread = threading.Thread(target=stop.wait)
    other_thread.start()
    try:
        results = parallel_map(mark_seen_by_worker, range(4), chunk_size=1, processes=2)
    finally:
        stop.set()
        other_thread.join()
    assert [item for item, _, _ in results] == [0, 1, 2, 3]
    assert {mark for _, mark, _ in results} == {None}  # fresh processes: nothing inherited
    assert all(pid != os.getpid() for _, _, pid in results)
