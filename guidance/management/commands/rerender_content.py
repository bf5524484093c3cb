from django.core.management.base import BaseCommand
from django.db import transaction

from guidance.rerendering import rerender_bodies
from pagecache.generations import forget_all_pages


class Command(BaseCommand):
    help = (
        "Render every stored page body again from its Markdown, with the current glossary "
        "and offence data (saving the data does this by itself; use this after loaddata "
        "or a change made with signals off)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            changed = rerender_bodies()
        forget_all_pages()  # bodies were written with update(), which sends no signal
        self.stdout.write(f"Stored bodies changed: {changed}.")
