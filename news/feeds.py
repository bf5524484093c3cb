from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from guidance.visibility import public_pages

from .models import NewsItem

FEED_AUTHOR = "Cybercrime guidance portal"


class LatestNewsFeed(Feed):
    feed_type = Atom1Feed
    title = "Cybercrime guidance portal: news"
    subtitle = "The latest news about cybercrime prosecutions."
    link = reverse_lazy("news:news-list")
    author_name = FEED_AUTHOR

    def items(self):
        return NewsItem.objects.published().order_by("-published_on", "-pk")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class GuidanceUpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = "Cybercrime guidance portal: guidance updates"
    subtitle = "Guidance pages as they are published or changed."
    link = "/"
    author_name = FEED_AUTHOR

    def items(self):
        return sorted(public_pages(), key=lambda page: page.updated_at, reverse=True)[:30]

    def item_title(self, page):
        return page.title

    def item_description(self, page):
        return page.summary

    def item_link(self, page):
        return page.get_absolute_url()

    def item_updateddate(self, page):
        return page.updated_at

    def item_pubdate(self, page):
        return page.updated_at
