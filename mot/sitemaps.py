from django.urls import reverse

from shared.sitemaps import SectionSitemap

from .models import Question


class DigitalMotSitemap(SectionSitemap):
    """The question page, once there are questions; the checklist is per reader, never listed."""

    changefreq = "monthly"

    def items(self):
        return ["mot:questions"] if Question.objects.exists() else []

    def location(self, item):
        return reverse(item)
