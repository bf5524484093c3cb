import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from guidance.visibility import public_pages

from .models import NewsItem

FEED_AUTHOR = "Cybercrime guidance portal"


def start_of(day):
    """A content date as the moment an Atom entry needs."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)


class LatestNewsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Cybercrime guidance portal: news")
    subtitle = _("The latest news about cybercrime prosecutions.")
    link = reverse_lazy("publications:news-list")
    author_name = FEED_AUTHOR

    def items(self):
        return NewsItem.objects.published().order_by("-published_on", "-pk")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return start_of(item.published_on)

    def item_updateddate(self, item):
        """The item's own date: the day it was published, not the day it was imported."""
        return start_of(item.published_on)


class GuidanceUpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Cybercrime guidance portal: guidance updates")
    subtitle = _("Guidance pages as they are published or changed.")
    link = "/"
    author_name = FEED_AUTHOR

    def items(self):
        """Public pages with a dated update (their own date, as the page shows it)."""
        dated = [page for page in public_pages() if page.last_updated]
        return sorted(dated, key=lambda page: page.last_updated, reverse=True)[:30]

    def item_title(self, page):
        return page.title

    def item_description(self, page):
        return page.summary

    def item_link(self, page):
        return page.get_absolute_url()

    def item_updateddate(self, page):
        return page.last_updated

    def item_pubdate(self, page):
        return page.last_updated
