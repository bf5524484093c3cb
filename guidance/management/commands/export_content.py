from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guidance.content_files import ContentError, content_sources, refuse_links_under
from guidance.management.commands.import_content import run_import


class Command(BaseCommand):
    help = (
        "Write all content from the database (admin edits included) to files, in the "
        "layout import_content reads. Written into the content folder, the files are "
        "recorded as imported, so the next import has nothing to do."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "directory", nargs="?", help="folder to write into (default CONTENT_DIR)"
        )

    def handle(self, *args, **options):
        target = Path(options["directory"] or settings.CONTENT_DIR)
        target.mkdir(parents=True, exist_ok=True)
        try:
            refuse_links_under(target)
            for source in content_sources():
                written = source.export_to(target)
                self.stdout.write(f"{source.KIND}: {written} written to {target}")
        except ContentError as error:
            raise CommandError(str(error)) from None
        if target.resolve() != Path(settings.CONTENT_DIR).resolve():
            self.stdout.write("Not the content folder: nothing recorded as imported.")
            return
        _, ledger = run_import(target, adopt=True)
        for line in ledger.notices:
            self.stdout.write(line)
        self.stdout.write("Recorded as imported: the next import_content has nothing to do.")
