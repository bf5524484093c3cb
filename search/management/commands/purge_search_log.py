from django.core.management.base import BaseCommand

from search.log import KEEP_DAYS, purge_old_counts


class Command(BaseCommand):
    help = f"Delete search counts older than {KEEP_DAYS} days (searching also does it daily)."

    def handle(self, *args, **options):
        self.stdout.write(f"Deleted {purge_old_counts()} search counts.")
