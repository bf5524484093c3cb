from django.db import models
from django.utils import timezone

MAX_PAGE_PATH_LENGTH = 500
MAX_COMMENT_LENGTH = 1200
# The privacy notice (content/statements/privacy.md) promises this: change both together.
RETENTION_MONTHS = 12


def retention_cutoff(now=None):
    """The moment before which feedback is deleted: RETENTION_MONTHS calendar months ago
    (29 February falls back to the 28th in a year without it)."""
    now = now or timezone.now()
    months = now.year * 12 + now.month - 1 - RETENTION_MONTHS
    year, month = divmod(months, 12)
    month += 1
    day = now.day
    while True:
        try:
            return now.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


class FeedbackQuerySet(models.QuerySet):
    def past_retention(self, now=None):
        return self.filter(created_at__lt=retention_cutoff(now))


class Feedback(models.Model):
    """One answer to "Is this page useful?": the page, the time, yes or no, and an optional
    comment. Nothing about the reader is kept: no address, no cookie, no hash of either."""

    page_path = models.CharField(max_length=MAX_PAGE_PATH_LENGTH, db_index=True)
    useful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=MAX_COMMENT_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "feedback"
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{'Yes' if self.useful else 'No'} on {self.page_path}"
