from django.contrib.sitemaps import Sitemap

from .visibility import public_pages


class GuidanceSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return public_pages()

    def lastmod(self, page):
        return page.updated_at
