from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index


class BenchPage(Page):
    """A page of the bench corpus: what a guidance page, a section or a news item holds."""

    summary = models.TextField(blank=True)
    body = RichTextField(blank=True)
    date = models.DateField(null=True, blank=True)

    content_panels = [*Page.content_panels, "summary", "body", "date"]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    template = "pages/bench_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = Site.find_for_request(request).root_page
        context["home"] = home
        context["sections"] = home.get_children().live()
        return context
