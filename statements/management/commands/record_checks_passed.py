import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from guidance.content_files import read_document, write_document
from guidance.translations import translated_file
from pagecache.generations import forget_all_pages
from statements.content_files import KEYS, STATEMENTS_DIR
from statements.models import Statement

ACCESSIBILITY_SLUG = "accessibility"


class Command(BaseCommand):
    help = (
        "Write today's date as the day the accessibility checks last passed, in the "
        "accessibility statement's file and its translations (and the database, if the "
        "statement is there). "
        "`make record-checks` runs it only after `make check` has passed: run it no other way."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", help="content folder (default CONTENT_DIR)")

    def handle(self, *args, **options):
        content_dir = Path(options["directory"] or settings.CONTENT_DIR)
        path = content_dir / STATEMENTS_DIR / f"{ACCESSIBILITY_SLUG}.md"
        document = read_document(path, KEYS)
        today = datetime.date.today()
        meta = {**document.meta, "checks_passed": today}
        write_document(path, [(key, meta.get(key)) for key in KEYS], document.body)
        # A translation carries the English statement's dates (export writes them so).
        for language, _ in settings.LANGUAGES:
            translated = translated_file(path, language)
            if language != settings.LANGUAGE_CODE and translated.is_file():
                version = read_document(translated, KEYS)
                meta = {**version.meta, "checks_passed": today}
                write_document(translated, [(key, meta.get(key)) for key in KEYS], version.body)
        if Statement.objects.filter(slug=ACCESSIBILITY_SLUG).update(checks_passed_on=today):
            forget_all_pages()  # update() sends no signal
        self.stdout.write(f"{path}: the checks passed on {today:%d %B %Y}.")
