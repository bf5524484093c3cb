from languages.paths import path_in_language
from shared.sitemaps import SectionSitemap

from .models import Statement


class StatementSitemap(SectionSitemap):
    changefreq = "yearly"

    def items(self):
        return Statement.objects.order_by("slug")

    def lastmod(self, statement):
        return statement.updated_at


class WelshStatementSitemap(StatementSitemap):
    """The statements that have a Welsh version, at their /cy/ addresses."""

    language = "cy"

    def items(self):
        return Statement.objects.filter(translations__language=self.language).order_by("slug")

    def location(self, statement):
        return path_in_language(statement.get_absolute_url(), self.language)
