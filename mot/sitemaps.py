from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Question


class DigitalMotSitemap(Sitemap):
    """The question page, once there are questions; the checklist is per reader, never listed."""

    changefreq = "monthly"

    def items(self):
        return ["mot:questions"] if Question.objects.exists() else []

    def location(self, item):
        return reverse(item)
