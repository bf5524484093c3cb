from languages.paths import path_in_language
from shared.sitemaps import SectionSitemap

from .models import PageTranslation
from .visibility import public_pages


class GuidanceSitemap(SectionSitemap):
    changefreq = "monthly"

    def items(self):
        return self.read_once(public_pages)

    def lastmod(self, page):
        """The page's own date, as the page shows it (none rather than the import day)."""
        return page.last_updated


HOME = "home"


class WelshGuidanceSitemap(SectionSitemap):
    """The Welsh versions of public pages at their /cy/ addresses, as GOV.UK lists its
    Welsh pages; a page without one is listed once, in English."""

    changefreq = "monthly"
    language = "cy"

    def items(self):
        pages = {page.pk: page for page in self.read_once(public_pages)}
        translated = set(
            PageTranslation.objects.filter(
                language=self.language, page_id__in=list(pages)
            ).values_list("page_id", flat=True)
        )
        return [HOME, *(page for pk, page in pages.items() if pk in translated)]

    def location(self, page):
        if page is HOME:  # the home page's words are the interface's, all translated
            return path_in_language("/", self.language)
        return path_in_language(page.get_absolute_url(), self.language)

    def lastmod(self, page):
        return None if page is HOME else page.last_updated
