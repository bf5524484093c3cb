from django.utils.translation import gettext_lazy as _

from search.registry import IndexEntry, Searchable

from .models import NewsItem, ProsecutionGuidance


class NewsSearch(Searchable):
    kind = "news"
    label = _("News")
    model = NewsItem
    order = 20
    weight = section_weight = 0.8  # a report of a case, after the guidance

    def public_objects(self):
        return NewsItem.objects.published()

    def entry(self, item):
        return IndexEntry(
            object_id=item.pk,
            title=item.title,
            url=item.get_absolute_url(),
            summary=item.summary,
            body_html=item.body_html,
            date=item.published_on,
        )


class ProsecutionGuidanceSearch(Searchable):
    kind = "prosecution-guidance"
    label = _("Prosecution guidance")
    model = ProsecutionGuidance
    order = 30
    # An entry points to the CPS guidance elsewhere: the pages holding the substance first.
    weight = section_weight = 0.4

    def public_objects(self):
        return ProsecutionGuidance.objects.published()

    def entry(self, item):
        return IndexEntry(
            object_id=item.pk,
            title=item.title,
            url=item.get_absolute_url(),
            summary=item.summary,
            body_html=item.body_html,
            date=item.updated_on,
        )


# Named in PublicationsConfig.search_documents.
news_search = NewsSearch()
prosecution_guidance_search = ProsecutionGuidanceSearch()
