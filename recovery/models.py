"""Everything deleted is kept here, whole, so that an editor can bring it back."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class DeletedItem(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300)
    public_path = models.CharField(
        max_length=500,
        blank=True,
        db_index=True,
        help_text="The address it had (a guidance page's path): it now answers 410 Gone.",
    )
    snapshot = models.JSONField(help_text="The item, what hung on it, and its place.")
    deleted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["-deleted_at", "-pk"]
        verbose_name = "recently deleted item"
        verbose_name_plural = "recently deleted"

    def __str__(self):
        return f"{self.content_type.name}: {self.title}"

    @property
    def model(self):
        return self.content_type.model_class()
