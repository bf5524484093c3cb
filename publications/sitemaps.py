from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from shared.sitemaps import SectionSitemap
from tags.models import Tag

from .models import NewsItem, ProsecutionGuidance


class NewsSitemap(SectionSitemap):
    changefreq = "yearly"

    def items(self):
        return NewsItem.objects.published().order_by("-published_on", "pk")

    def lastmod(self, item):
        return item.published_on


class ProsecutionGuidanceSitemap(SectionSitemap):
    changefreq = "monthly"

    def items(self):
        return ProsecutionGuidance.objects.published().order_by("title", "pk")

    def lastmod(self, item):
        return item.updated_on


class TagSitemap(SectionSitemap):
    """Tags whose page would list something public (the tag page is a 404 otherwise)."""

    changefreq = "weekly"

    def items(self):
        from guidance.visibility import public_pages

        public_page_ids = [page.pk for page in self.read_once(public_pages)]
        # One EXISTS a kind of item, not joins: joined to 10 000 tagged pages, the tags
        # had to be made distinct again, and the query took 40 s.
        tagged_pages = Tag.pages.through.objects.filter(guidancepage_id__in=public_page_ids)
        return Tag.objects.filter(
            Exists(NewsItem.objects.published().filter(tags=OuterRef("pk")))
            | Exists(ProsecutionGuidance.objects.published().filter(tags=OuterRef("pk")))
            | Q(pk__in=tagged_pages.values("tag_id"))
        ).order_by("slug")


class ListPagesSitemap(SectionSitemap):
    changefreq = "daily"

    def items(self):
        return ["guidance:home", "publications:news-list", "publications:guidance-list"]

    def location(self, name):
        return reverse(name)
