from django.utils.translation import gettext_lazy as _

from search.registry import IndexEntry, Searchable

from .models import NewsItem, ProsecutionGuidance


class PublicationSearch(Searchable):
    """A published item of the app, dated by `date_field`."""

    date_field = None

    def public_objects(self):
        return self.model.objects.published()

    def entry(self, item):
        return IndexEntry(
            object_id=item.pk,
            title=item.title,
            url=item.get_absolute_url(),
            summary=item.summary,
            body_html=item.body_html,
            date=getattr(item, self.date_field),
        )


class NewsSearch(PublicationSearch):
    kind = "news"
    label = _("News")
    model = NewsItem
    date_field = "published_on"
    order = 20
    weight = section_weight = 0.8  # a report of a case, after the guidance


class ProsecutionGuidanceSearch(PublicationSearch):
    kind = "prosecution-guidance"
    label = _("Prosecution guidance")
    model = ProsecutionGuidance
    date_field = "updated_on"
    order = 30
    # An entry points to the CPS guidance elsewhere: the pages holding the substance first.
    weight = section_weight = 0.4


# Named in PublicationsConfig.search_documents.
news_search = NewsSearch()
prosecution_guidance_search = ProsecutionGuidanceSearch()
