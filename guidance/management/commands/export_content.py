from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Write all content from the database to files, in the layout import_content reads."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder to write into (created if missing)")

    def handle(self, *args, **options):
        target = Path(options["directory"])
        target.mkdir(parents=True, exist_ok=True)
        for module_name in settings.CONTENT_SOURCES:
            source = import_module(module_name)
            written = source.export_to(target)
            self.stdout.write(f"{source.KIND}: {written} written to {target}")
