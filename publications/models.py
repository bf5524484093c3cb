from django.conf import settings
from django.db import models

from guidance.models import GuidancePage
from guidance.rendering import RenderedOnSave
from shared.reversing import reverse_slug
from tags.models import Tag


def carries_quick_exit_tag():
    """For a query of guidance pages: whether each page carries one of QUICK_EXIT_TAGS (so
    the page's own query answers "Exit this page?" instead of a query of its own)."""
    return models.Exists(
        Tag.objects.filter(pages=models.OuterRef("pk"), name__in=settings.QUICK_EXIT_TAGS)
    )


# The app was called news until it was named after what it holds: its tables keep the
# names they had (news_*), so renaming it moved no data (see migrations/0003).


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class RenderedBody(RenderedOnSave, models.Model):
    """Markdown rendered once on save by the one pipeline, never per request."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(max_length=400, blank=True)
    body_markdown = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = self.html_to_store(self.rendered_body())
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class NewsItem(RenderedBody):
    published_on = models.DateField()
    tags = models.ManyToManyField(Tag, related_name="news_items", blank=True)

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = "news item"
        db_table = "news_newsitem"

    def get_absolute_url(self):
        return reverse_slug("publications:news-detail", "slug", self.slug)


class ProsecutionGuidance(RenderedBody):
    updated_on = models.DateField(null=True, blank=True)
    external_url = models.URLField(
        blank=True, help_text="Where the full guidance is published, if not on this site."
    )
    tags = models.ManyToManyField(Tag, related_name="prosecution_guidance", blank=True)

    class Meta:
        ordering = ["-updated_on", "title"]
        verbose_name = "prosecution guidance"
        verbose_name_plural = "prosecution guidance"
        db_table = "news_prosecutionguidance"

    def get_absolute_url(self):
        return reverse_slug("publications:guidance-detail", "slug", self.slug)


class PinnedNews(models.Model):
    """An editor's choice of news to show first beside a guidance page."""

    page = models.ForeignKey(GuidancePage, on_delete=models.CASCADE, related_name="pinned_news")
    news_item = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="pins")
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["page", "news_item"], name="unique_news_pin")
        ]
        verbose_name = "pinned news item"
        db_table = "news_pinnednews"

    def __str__(self):
        return f"{self.news_item} on {self.page}"


class PinnedGuidance(models.Model):
    """An editor's choice of prosecution guidance to show first beside a guidance page."""

    page = models.ForeignKey(
        GuidancePage, on_delete=models.CASCADE, related_name="pinned_prosecution_guidance"
    )
    guidance = models.ForeignKey(ProsecutionGuidance, on_delete=models.CASCADE, related_name="pins")
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["page", "guidance"], name="unique_guidance_pin")
        ]
        verbose_name = "pinned prosecution guidance"
        db_table = "news_pinnedguidance"

    def __str__(self):
        return f"{self.guidance} on {self.page}"
