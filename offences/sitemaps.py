from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Offence


class OffenceSitemap(Sitemap):
    """The offence finder, the glossary and every offence page."""

    changefreq = "monthly"

    def items(self):
        return ["offences:finder", "offences:glossary", *Offence.objects.order_by("slug")]

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()
