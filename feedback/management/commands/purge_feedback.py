from django.core.management.base import BaseCommand
from django.db import transaction

from feedback.models import RETENTION_MONTHS, Feedback

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = (
        f"Delete page feedback older than {RETENTION_MONTHS} months, as the privacy notice "
        "promises. Safe to run daily from cron: it deletes only what is past the limit, in "
        "small batches, and running it twice does nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would be deleted, delete nothing"
        )

    def handle(self, *args, **options):
        expired = Feedback.objects.past_retention()
        if options["dry_run"]:
            self.stdout.write(
                f"{expired.count()} feedback answers are past {RETENTION_MONTHS} months."
            )
            return
        deleted = 0
        # Short transactions: readers' new answers are never held up behind one long delete.
        while batch := list(expired.order_by("pk").values_list("pk", flat=True)[:BATCH_SIZE]):
            with transaction.atomic():
                deleted += Feedback.objects.filter(pk__in=batch).delete()[0]
        self.stdout.write(
            f"Deleted {deleted} feedback answers older than {RETENTION_MONTHS} months."
        )
