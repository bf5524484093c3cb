from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guidance.content_files import ContentError
from pagecache.generations import forget_all_pages
from search.indexing import indexing_deferred


class Command(BaseCommand):
    help = (
        "Create or update content from the Markdown and data files in CONTENT_DIR. "
        "All or nothing: any error in any file imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="content folder (default CONTENT_DIR)")
        parser.add_argument(
            "--prune", action="store_true", help="remove content whose file has gone"
        )

    def handle(self, *args, **options):
        content_dir = Path(options["directory"] or settings.CONTENT_DIR)
        if not content_dir.is_dir():
            raise CommandError(f"{content_dir} is not a folder.")
        reports = []
        try:
            with transaction.atomic(), indexing_deferred():
                for module_name in settings.CONTENT_SOURCES:
                    source = import_module(module_name)
                    counts = source.import_from(content_dir, prune=options["prune"])
                    reports.append((source.KIND, counts))
        except ContentError as error:
            raise CommandError(f"{error}\nNothing was imported.") from None
        forget_all_pages()  # tag links are written in bulk, without model signals
        for kind, counts in reports:
            summary = ", ".join(f"{number} {what}" for what, number in counts.items())
            self.stdout.write(f"{kind}: {summary}")
