from django.db import models
from django.utils.text import slugify

from shared.reversing import reverse_slug


class Tag(models.Model):
    """A topic such as "Cyber / online crime" linking guidance pages, news and guidance."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    pages = models.ManyToManyField("guidance.GuidancePage", related_name="tags", blank=True)

    class Meta:
        ordering = ["name"]
        # The table of the news app, where tags began: moving them kept every row.
        db_table = "news_tag"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The tag's page lists news and prosecution guidance too, so the news app serves it.
        return reverse_slug("publications:tag", "slug", self.slug)
