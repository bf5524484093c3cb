"""Parts of public pages rendered once and kept in the database until content changes.

The database's twin of the fragment cache, for every install and every setting (the page
cache off included): what a page shows that changes only when content changes (a guidance
page's main column, navigation, breadcrumbs, related panels; the home page's sections) is
rendered by the first reader after a change and read back by the next ones with the
page's own query. See stored_parts.py for the rules that keep it from ever being stale.
"""

from django.db import models


class StoredVersion(models.Model):
    """One row (id 1): moved on in the same transaction as every change of public content."""

    value = models.BigIntegerField()

    def __str__(self):
        return f"version {self.value}"


class StoredParts(models.Model):
    """The rendered parts of the page at one address, in one language, as of one version."""

    # The absolute address (SITE_URL or the request's scheme and host, then the path): the
    # parts hold absolute links (JSON-LD) and the page's own path.
    address = models.TextField()
    language = models.CharField(max_length=10)
    version = models.BigIntegerField()
    # A page scheduled to go live changes navigation and lists without any save: parts
    # rendered before its time are not used after it.
    valid_until = models.DateTimeField(null=True)
    # {name: HTML} as JSON text. Not a JSONField: PostgreSQL keeps jsonb in a form of its
    # own and writes it out as text again on every read, which cost the server more than
    # the rest of the page's query (a guidance page's parts are about 24 KB); text comes
    # back as it was stored, and is read with one json.loads as before.
    parts = models.TextField()

    class Meta:
        verbose_name_plural = "stored parts"
        constraints = [
            models.UniqueConstraint(fields=["address", "language"], name="stored_parts_address")
        ]

    def __str__(self):
        return f"{self.address} ({self.language})"
