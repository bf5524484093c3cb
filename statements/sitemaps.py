from django.contrib.sitemaps import Sitemap

from .models import Statement


class StatementSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        return Statement.objects.order_by("slug")

    def lastmod(self, statement):
        return statement.updated_at
