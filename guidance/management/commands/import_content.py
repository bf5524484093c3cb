from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from guidance.content_files import ContentError, content_sources
from pagecache.generations import forget_all_pages
from provenance.ledger import ImportLedger
from search.backends import get_backend
from search.indexing import indexing_deferred
from shared.workers import worker_pool


class CheckOnly(Exception):
    """Raised inside the transaction to undo everything a --check run did."""


def run_import(content_dir, prune=False, prefer_files=False, adopt=False):
    """Import every content source under the ledger's rules; return (reports, ledger).

    All or nothing: a ContentError leaves the database as it was. Worker processes, once
    an import has enough to give them (thousands of bodies to render, documents to build,
    versions to serialize), are kept for the rest of it.
    """
    ledger = ImportLedger(content_dir, prefer_files=prefer_files, adopt=adopt)
    reports = []
    with (
        worker_pool(),
        transaction.atomic(),
        _compressed_quickly(),
        get_backend().vectors_later(),
        indexing_deferred(),
    ):
        for source in content_sources():
            counts = source.import_from(content_dir, prune=prune, ledger=ledger)
            reports.append((source.KIND, counts))
        ledger.finish()
    return reports, ledger


@contextmanager
def _compressed_quickly():
    """On PostgreSQL, long values the import writes (bodies, their HTML, search text,
    revisions) are compressed with LZ4 rather than pglz, when the server has it: about a
    third of the server's CPU in an import of thousands of pages went to pglz. Reading
    either is transparent. Inside the import's transaction only: a rollback undoes it too."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals), current_setting('default_toast_compression') "
            "FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        has_lz4, before = cursor.fetchone()
        if has_lz4:
            cursor.execute("SELECT set_config('default_toast_compression', 'lz4', true)")
    yield
    if has_lz4:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('default_toast_compression', %s, true)", [before])


class Command(BaseCommand):
    help = (
        "Create or update content from the Markdown and data files in CONTENT_DIR. "
        "A file changed since the last import updates its item unless an editor changed "
        "the item too (then the admin's version is kept and the conflict reported). "
        "All or nothing: any error in any file imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="content folder (default CONTENT_DIR)")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="remove imported items whose file has gone (never one edited in the admin)",
        )
        parser.add_argument(
            "--prefer-files",
            action="store_true",
            help="overwrite admin edits with the files (each overwritten version stays in "
            "the item's history)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="report what an import would do and change nothing; exit 1 on conflicts",
        )

    def handle(self, *args, **options):
        content_dir = Path(options["directory"] or settings.CONTENT_DIR)
        if not content_dir.is_dir():
            raise CommandError(f"{content_dir} is not a folder.")
        try:
            with transaction.atomic():
                reports, ledger = run_import(
                    content_dir, prune=options["prune"], prefer_files=options["prefer_files"]
                )
                if options["check"]:
                    raise CheckOnly
        except ContentError as error:
            raise CommandError(f"{error}\nNothing was imported.") from None
        except CheckOnly:
            pass
        else:
            forget_all_pages()  # tag links are written in bulk, without model signals
        prefix = "would be " if options["check"] else ""
        for kind, counts in reports:
            summary = ", ".join(f"{number} {what}" for what, number in counts.items())
            self.stdout.write(f"{kind}: {prefix}{summary}" if prefix else f"{kind}: {summary}")
        for line in ledger.notices:
            self.stdout.write(line)
        for line in ledger.conflicts:
            self.stderr.write(line)
        if options["check"]:
            self.stdout.write("Checked only: nothing was changed.")
            if ledger.conflicts:
                raise CommandError(
                    f"{len(ledger.conflicts)} conflict(s) between the admin and the files.",
                    returncode=1,
                )
