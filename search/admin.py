import datetime
from urllib.parse import urlsplit

from django import forms
from django.contrib import admin
from django.db.models import IntegerField, Max, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.utils import timezone

from .log import KEEP_DAYS
from .models import BestBet, SearchCount, SearchDocument, Synonym, normalise_query

TOP_SEARCHES = 50
PERIODS_IN_DAYS = (7, 30, KEEP_DAYS)


def normalised_query_field(value, what):
    """The form of a query that searches are compared with; a clear error if none is left."""
    normalised = normalise_query(value)
    if not normalised:
        raise forms.ValidationError(f"Write the {what} in words: letters or numbers.")
    return normalised


class SynonymForm(forms.ModelForm):
    class Meta:
        model = Synonym
        fields = ("phrase", "meanings")

    def clean_phrase(self):
        # Normalised before the uniqueness check, so "Revenge Porn" is "revenge porn".
        return normalised_query_field(self.cleaned_data["phrase"], "phrase")

    def clean_meanings(self):
        meanings = [normalise_query(line) for line in self.cleaned_data["meanings"].splitlines()]
        meanings = [meaning for meaning in meanings if meaning]
        if not meanings:
            raise forms.ValidationError("Write at least one word or phrase the pages use.")
        return "\n".join(meanings)


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    form = SynonymForm
    list_display = ("phrase", "meanings_in_one_line")
    search_fields = ("phrase", "meanings")

    @admin.display(description="also finds")
    def meanings_in_one_line(self, synonym):
        return "; ".join(synonym.meaning_list)


def searches_of_query():
    """How often a best bet's query was searched in the days the log keeps."""
    return Coalesce(
        Subquery(
            SearchCount.objects.filter(query=OuterRef("query"))
            .values("query")
            .annotate(total=Sum("searches"))
            .values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


class BestBetForm(forms.ModelForm):
    page_address = forms.CharField(
        max_length=2000,
        help_text="The address of the page to pin, e.g. /advice/reporting-cybercrime/ (the "
        "whole address from your browser works too). It must be a published page, offence, "
        "news item or glossary entry.",
    )

    class Meta:
        model = BestBet
        fields = ("query", "page_address", "order")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and (document := self.instance.document):
            self.fields["page_address"].initial = document.url

    def clean_query(self):
        return normalised_query_field(self.cleaned_data["query"], "search")

    def clean_page_address(self):
        address = urlsplit(self.cleaned_data["page_address"].strip())
        path = address.path or "/"
        if address.fragment:
            path += f"#{address.fragment}"
        candidates = {path, path.rstrip("/") + "/"} if "#" not in path else {path}
        document = SearchDocument.objects.filter(url__in=candidates).first()
        if document is None:
            raise forms.ValidationError(
                "No published item has this address. Open the page on the site and copy "
                "its address."
            )
        self.instance.kind, self.instance.object_id = document.kind, document.object_id
        return document.url


@admin.register(BestBet)
class BestBetAdmin(admin.ModelAdmin):
    form = BestBetForm
    list_display = ("query", "pinned_page", "order", "searched")
    search_fields = ("query",)

    def get_queryset(self, request):
        pinned = SearchDocument.objects.filter(
            kind=OuterRef("kind"), object_id=OuterRef("object_id")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                pinned_title=Subquery(pinned.values("title")[:1]),
                pinned_url=Subquery(pinned.values("url")[:1]),
                searched_count=searches_of_query(),
            )
        )

    @admin.display(description="pinned page")
    def pinned_page(self, bet):
        if not bet.pinned_title:
            return "(not published: not shown)"
        return f"{bet.pinned_title} ({bet.pinned_url})"

    @admin.display(description=f"searched (last {KEEP_DAYS} days)", ordering="searched_count")
    def searched(self, bet):
        return bet.searched_count


@admin.register(SearchCount)
class SearchCountAdmin(admin.ModelAdmin):
    """Top searches, and top searches that found nothing: where synonyms and best bets
    are needed. Counts are written by searching, never by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        try:
            days = int(request.GET.get("days", 30))
        except ValueError:
            days = 30
        if days not in PERIODS_IN_DAYS:
            days = 30
        since = timezone.localdate() - datetime.timedelta(days=days - 1)
        totals = (
            SearchCount.objects.filter(day__gte=since)
            .values("query")
            .annotate(searched=Sum("searches"), most_results=Max("results"))
            .order_by("-searched", "query")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "What people searched for",
            "opts": self.model._meta,
            "days": days,
            "periods": PERIODS_IN_DAYS,
            "keep_days": KEEP_DAYS,
            "top_searches": totals[:TOP_SEARCHES],
            "no_results": totals.filter(most_results=0)[:TOP_SEARCHES],
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/search/searchcount/top_searches.html", context)
