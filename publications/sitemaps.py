from django.contrib.sitemaps import Sitemap
from django.db.models import Q
from django.urls import reverse

from tags.models import Tag

from .models import NewsItem, ProsecutionGuidance


class NewsSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return NewsItem.objects.published().order_by("-published_on", "pk")

    def lastmod(self, item):
        return item.published_on


class ProsecutionGuidanceSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ProsecutionGuidance.objects.published().order_by("title", "pk")

    def lastmod(self, item):
        return item.updated_on


class TagSitemap(Sitemap):
    """Tags whose page would list something public (the tag page is a 404 otherwise)."""

    changefreq = "weekly"

    def items(self):
        from guidance.visibility import public_pages

        public_page_ids = [page.pk for page in public_pages()]
        return (
            Tag.objects.filter(
                Q(news_items__status="published")
                | Q(prosecution_guidance__status="published")
                | Q(pages__in=public_page_ids)
            )
            .distinct()
            .order_by("slug")
        )


class ListPagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["guidance:home", "publications:news-list", "publications:guidance-list"]

    def location(self, name):
        return reverse(name)
