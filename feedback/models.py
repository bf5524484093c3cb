from django.db import models

MAX_PAGE_PATH_LENGTH = 500
MAX_COMMENT_LENGTH = 1200


class Feedback(models.Model):
    """One answer to "Is this page useful?": the page, the time, yes or no, and an optional
    comment. Nothing about the reader is kept: no address, no cookie, no hash of either."""

    page_path = models.CharField(max_length=MAX_PAGE_PATH_LENGTH, db_index=True)
    useful = models.BooleanField()
    comment = models.TextField(blank=True, max_length=MAX_COMMENT_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "feedback"
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{'Yes' if self.useful else 'No'} on {self.page_path}"
