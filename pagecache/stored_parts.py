"""Rendered parts of public pages, kept in the database until content changes.

A guidance page spends most of its render on parts that change only when content does:
its main column with the navigation, the offences box and the related panels; its
breadcrumbs; its JSON-LD. Those are rendered by the first reader after a change, stored
(`StoredParts`, one row per address and language) and read back by the next readers in the
page's own query, so a page rendered "from scratch" (no page cache, no fragment cache) costs
one query and the layout. Previews and pages "as of a date" never use them.

Never stale, by three rules:

- Every change of public content moves `StoredVersion` on in the same transaction
  (`bump_stored_version`, from the page cache's signals and `forget_all_pages`); parts are
  used only when stored with the current version.
- A reader reads the version in the same statement as the page (one snapshot), before it
  reads anything it renders, and stores what it rendered with that version. A change
  committed while it rendered has moved the version on, so what it stored is never used.
- A page scheduled to go live changes the navigation and lists without any save: parts are
  stored with `valid_until`, the next publishing time as known before rendering, and not
  used after it.
"""

import datetime
import json
import logging
from contextlib import contextmanager

from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import get_language

from display.addresses import absolute_url

from .models import StoredParts, StoredVersion
from .policy import seconds_until_next_scheduled_change

logger = logging.getLogger(__name__)


# An upsert: the row may be gone (a test database flushed), and is made again at 1.
BUMP_SQL = (
    "INSERT INTO {table} (id, value) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET value = {table}.value + 1"
)
# Two columns to add to a SELECT: the current version and the parts stored with it.
# Parameters, in order: the address, the language and the time of the request.
STORED_COLUMNS_SQL = """
    (SELECT value FROM {versions} WHERE id = 1) AS stored_version,
    (SELECT parts FROM {parts} WHERE address = %s AND language = %s
       AND version = (SELECT value FROM {versions} WHERE id = 1)
       AND (valid_until IS NULL OR valid_until > %s)) AS stored_parts
"""


def bump_stored_version():
    """Move the version on, in the caller's transaction."""
    table = connection.ops.quote_name(StoredVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(BUMP_SQL.format(table=table))


def stored_columns_sql():
    quote = connection.ops.quote_name
    return STORED_COLUMNS_SQL.format(
        versions=quote(StoredVersion._meta.db_table), parts=quote(StoredParts._meta.db_table)
    )


class PageParts:
    """The stored parts of the page a request asks for: those found, and those rendered now.

    The view reads them (`stored_columns_sql` in its own query, or `fetch`), hands this to
    its template, whose {% stored_part %} blocks use what was found and record what they
    render, then calls `save`.
    """

    def __init__(self, request, query=""):
        # A page whose query string chooses what it shows (a list's topic and page number)
        # names that query after its address: one row for each (the view stores a row only
        # for a query it would write itself, so made-up ones add none).
        self.address = absolute_url(request, request.path) + query
        self.language = get_language()
        self.read_at = timezone.now()
        self.version = None
        self.found = None
        self.valid_until = None
        self.rendered = {}

    def params(self):
        return [self.address, self.language, connection.ops.adapt_datetimefield_value(self.read_at)]

    def fetch(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + stored_columns_sql(), self.params())
            self.take(*cursor.fetchone())
        return self

    def take(self, version, parts):
        """What the query found: the current version and the parts stored with it, if any."""
        self.version = version
        if parts is not None:
            self.found = json.loads(parts)
            return
        try:  # before rendering: what is rendered now holds until the next publishing time
            seconds = seconds_until_next_scheduled_change()
        except Exception:
            logger.exception("next publishing time unknown: parts not stored")
            self.version = None
            return
        if seconds is not None:
            self.valid_until = self.read_at + datetime.timedelta(seconds=seconds)

    def get(self, name):
        return None if self.found is None else self.found.get(name)

    def record(self, name, html):
        self.rendered[name] = str(html)

    def save(self):
        """Store what was rendered with the version read before rendering it."""
        if self.found is not None or self.version is None or not self.rendered:
            return
        row = StoredParts(
            address=self.address,
            language=self.language,
            version=self.version,
            valid_until=self.valid_until,
            parts=json.dumps(self.rendered, ensure_ascii=False),
        )
        try:
            with without_waiting_for_a_writer():
                StoredParts.objects.bulk_create(
                    [row],
                    update_conflicts=True,
                    unique_fields=["address", "language"],
                    update_fields=["version", "valid_until", "parts"],
                )
        except DatabaseError as error:  # a reader's page is served all the same
            if is_busy(error):
                logger.info("stored parts not saved: the database is busy with a write")
            else:
                logger.exception("stored parts not saved")


@contextmanager
def without_waiting_for_a_writer():
    """On SQLite, writes that fail at once while another connection holds the write lock.

    SQLite has one write lock for the whole database, and an editor's transaction holds it
    from its start (`transaction_mode` IMMEDIATE in the settings), for as long as the admin
    takes to render its form: seconds with 10 000 pages. Storing parts is worth no wait: a
    reader who would wait serves the page without storing them, and a later reader stores
    them. PostgreSQL locks rows, not the database: nothing to do there.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    database = connection.connection
    # Straight to SQLite: a setting of the connection, not one of the page's queries.
    (waits_ms,) = database.execute("PRAGMA busy_timeout").fetchone()
    database.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        database.execute(f"PRAGMA busy_timeout = {int(waits_ms)}")


def is_busy(error):
    """Whether a database error is SQLite's "database is locked" (another write holds it)."""
    return connection.vendor == "sqlite" and "locked" in str(error)
