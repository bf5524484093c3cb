"""The default install's SQLite database, as the settings open it, with a reader and an editor
at once: readers never wait for an editor's save, and an editor's save never fails because
a reader was reading or another write committed first.

Each test's facts come from one run of the site's settings in a fresh process on a database
file of its own (the tests' own database may be PostgreSQL, or SQLite in memory, which keeps
no journal), with a second, plain SQLite connection playing the other person. Where a wait
would be the failure, SQLite's busy timeout is set to 0 first, so that a wait is an error
("database is locked") rather than a time to measure.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = r"""
import json, logging, sqlite3, sys
import django
django.setup()
from django.db import connection, transaction
from django.test import RequestFactory
from pagecache.models import StoredParts, StoredVersion
from pagecache.stored_parts import PageParts
from search.log import count_search
from search.models import SearchCount

facts = {}
with connection.schema_editor() as editor:
    editor.create_model(StoredVersion)
    editor.create_model(StoredParts)
    editor.create_model(SearchCount)
StoredVersion.objects.create(id=1, value=1)
with connection.cursor() as cursor:
    facts["journal_mode"] = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    facts["synchronous"] = cursor.execute("PRAGMA synchronous").fetchone()[0]
    facts["busy_timeout_ms"] = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
facts["transaction_mode"] = connection.transaction_mode


def other_person():
    return sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)


def without_waiting():
    connection.connection.execute("PRAGMA busy_timeout = 0")


# A transaction holds the write lock from its start, before it writes anything.
with transaction.atomic():
    StoredVersion.objects.get(id=1)
    other = other_person()
    try:
        other.execute("BEGIN IMMEDIATE")
        facts["other_write_while_a_transaction_is_open"] = "began"
        other.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        facts["other_write_while_a_transaction_is_open"] = str(error)

# An editor's save commits while a reader is in the middle of a read.
def version_seen_by(person):
    return person.execute("SELECT value FROM pagecache_storedversion").fetchone()[0]


reader = other_person()
reader.execute("BEGIN")
facts["reader_sees_before"] = version_seen_by(reader)
without_waiting()
try:
    with transaction.atomic():
        StoredVersion.objects.filter(id=1).update(value=2)
    facts["save_during_a_read"] = "committed"
except Exception as error:
    facts["save_during_a_read"] = str(error)
facts["reader_sees_during"] = version_seen_by(reader)
reader.execute("COMMIT")
facts["reader_sees_after"] = version_seen_by(reader)
connection.connection.execute("PRAGMA busy_timeout = 20000")

# A reader rendering a page while an editor's transaction is open stores no parts, at once.
def store_parts():
    parts = PageParts(RequestFactory().get("/guidance/"))
    parts.version, parts.rendered = 2, {"main": "<p>Rendered</p>"}
    parts.save()
    return StoredParts.objects.count()

class Levels(logging.Handler):
    def emit(self, record):
        facts.setdefault("logged", []).append(record.levelname)

logging.getLogger("pagecache.stored_parts").addHandler(Levels())
editor = other_person()
editor.execute("BEGIN IMMEDIATE")
editor.execute("UPDATE pagecache_storedversion SET value = 3")
facts["reader_reads_during_a_save"] = StoredVersion.objects.get(id=1).value
facts["parts_stored_during_a_save"] = store_parts()
facts["search_counted_during_a_save"] = count_search("fraud", 3)
with connection.cursor() as cursor:
    facts["busy_timeout_ms_after"] = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
editor.execute("COMMIT")
facts["parts_stored_after_the_save"] = store_parts()
facts["search_counted_after_the_save"] = count_search("fraud", 3)
facts["searches_counted"] = list(SearchCount.objects.values_list("query", "searches"))
print(json.dumps(facts))
"""


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    database = tmp_path_factory.mktemp("sqlite") / "site.sqlite3"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "ALLOWED_HOSTS": "testserver",
    }
    output = subprocess.run(
        [sys.executable, "-c", PROBE, str(database)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert output.returncode == 0, output.stderr
    return json.loads(output.stdout.splitlines()[-1])


def test_the_database_keeps_a_write_ahead_log_and_every_commit_on_disk(facts):
    assert facts["journal_mode"] == "wal"
    assert facts["synchronous"] == 2  # FULL: a saved change survives a power cut
    assert facts["busy_timeout_ms"] == 20_000


def test_a_transaction_takes_the_write_lock_when_it_begins(facts):
    assert facts["transaction_mode"] == "IMMEDIATE"
    # So a transaction that reads first never finds, when it writes, that another has
    # written meanwhile: SQLite fails such a write at once instead of waiting.
    assert facts["other_write_while_a_transaction_is_open"] == "database is locked"


def test_an_editors_save_commits_while_a_reader_is_in_the_middle_of_a_read(facts):
    assert facts["save_during_a_read"] == "committed"
    assert facts["reader_sees_before"] == facts["reader_sees_during"] == 1
    assert facts["reader_sees_after"] == 2


def test_a_reader_reads_during_a_save_and_stores_no_parts_rather_than_wait_for_it(facts):
    assert facts["reader_reads_during_a_save"] == 2  # the committed value, without waiting
    assert facts["parts_stored_during_a_save"] == 0
    assert "ERROR" not in facts["logged"]  # a busy database is no fault
    assert facts["busy_timeout_ms_after"] == 20_000  # later writes wait their turn again
    assert facts["parts_stored_after_the_save"] == 1


def test_a_search_made_during_a_save_is_answered_uncounted_rather_than_wait_for_it(facts):
    assert facts["search_counted_during_a_save"] is None
    assert facts["busy_timeout_ms_after"] == 20_000
    assert facts["search_counted_after_the_save"] == "fraud"
    assert facts["searches_counted"] == [["fraud", 1]]
