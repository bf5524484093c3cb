from django.urls import reverse

from shared.sitemaps import SectionSitemap

from .models import Offence


class OffenceSitemap(SectionSitemap):
    """The offence finder, the glossary and every offence page."""

    changefreq = "monthly"

    def items(self):
        return ["offences:finder", "offences:glossary", *Offence.objects.order_by("slug")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()
