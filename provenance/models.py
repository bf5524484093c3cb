"""What each imported object was last imported from, and file versions an import refused.

One record per object (any content model): the file (and, for a data file, the row) it
came from, a hash of what the file said about it and a hash of its editable fields just
after that import. The next import compares both with now to tell an admin edit from a
file change (see ledger.py).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportRecord(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    source = models.CharField(
        max_length=500, help_text="Under the content folder, e.g. guidance/index.md."
    )
    file_hash = models.CharField(max_length=64)
    row_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="Empty when the row already differed from its file before records began.",
    )
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="one_record_each"),
        ]
        indexes = [models.Index(fields=["content_type", "source"], name="record_by_source")]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} from {self.source}"


class RefusedImport(models.Model):
    """A file's version of an object that an editor had changed too: kept, not applied."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    source = models.CharField(max_length=500)
    file_hash = models.CharField(max_length=64)
    file_fields = models.JSONField(help_text="What the file said, field by field.")
    admin_fields = models.JSONField(help_text="What the database held (kept), field by field.")
    admin_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    admin_changed_at = models.DateTimeField(null=True, blank=True)
    refused_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-refused_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "file_hash"], name="one_refusal_per_file"
            ),
        ]

    def __str__(self):
        return f"File version of {self.source} not imported ({self.refused_at:%Y-%m-%d %H:%M})"
