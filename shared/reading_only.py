"""On SQLite, a request that only reads takes no write lock, even in a transaction.

The settings begin every SQLite transaction IMMEDIATE (`transaction_mode`): it takes the
database's one write lock when it begins, so that a transaction that reads and then writes
never fails because another write committed in between. But Django's admin opens its
change form in a transaction whatever the method, and so does django-reversion: an editor
merely *opening* a page's form held the write lock of the whole database while the admin
built the form (0.2-0.4 s of each GET at 10 000 pages on a loaded machine), and meanwhile
no reader could store a page's parts, a search waited to be counted and no other editor's
save could begin (bench/README.md, "warmlock"). A GET or HEAD changes nothing, so its
transactions begin DEFERRED: in the write-ahead log a transaction that only reads takes no
lock and waits for none. And the connection is made read-only meanwhile, so that a write
there fails at once, in the tests too, rather than now and then under load.
"""

from contextlib import contextmanager

from django.db import connection

SAFE_METHODS = frozenset({"GET", "HEAD"})


@contextmanager
def transactions_that_only_read(request):
    if (
        request.method not in SAFE_METHODS
        or connection.vendor != "sqlite"
        or connection.in_atomic_block
    ):
        yield
        return
    connection.ensure_connection()
    database, transaction_mode = connection.connection, connection.transaction_mode
    connection.transaction_mode = None  # a plain BEGIN: DEFERRED
    database.execute("PRAGMA query_only = ON")
    try:
        yield
    finally:
        connection.transaction_mode = transaction_mode
        if connection.connection is database:  # not closed meanwhile
            database.execute("PRAGMA query_only = OFF")
