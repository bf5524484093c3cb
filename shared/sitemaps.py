"""What every section of the sitemap index (portal/urls.py) has in common."""

from django.contrib.sitemaps import Sitemap

# Addresses on one page of a section's sitemap (Django's default is the protocol's 50 000):
# a page of a few thousand answers in a second or two, well inside a crawler's patience
# and the server's timeout, whatever the size of the site.
SECTION_PAGE_SIZE = 2000


class SectionSitemap(Sitemap):
    limit = SECTION_PAGE_SIZE

    def get_latest_lastmod(self):
        """The index's date for the section: its latest content date, undated items left
        out (Django gives none at all for a section with one undated item)."""
        if not callable(getattr(self, "lastmod", None)):
            return None
        return max(filter(None, (self.lastmod(item) for item in self.items())), default=None)
