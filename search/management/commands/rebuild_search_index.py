from django.core.management.base import BaseCommand

from search.indexing import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the site search index from scratch from every published item."

    def handle(self, *args, **options):
        counts = rebuild_index()
        for kind, number in counts.items():
            self.stdout.write(f"{kind}: {number} indexed")
        self.stdout.write(f"{sum(counts.values())} documents in the search index.")
