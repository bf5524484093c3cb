from django.contrib.sitemaps import Sitemap

from .visibility import public_pages


class GuidanceSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return public_pages()

    def lastmod(self, page):
        """The page's own date, as the page shows it (none rather than the import day)."""
        return page.last_updated
