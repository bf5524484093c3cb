"""Offences and glossary terms in the site search; glossary abbreviations also find their
meaning ("DDoS" finds "distributed denial of service")."""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from search.registry import IndexEntry, Searchable
from search.text import section_keywords
from shared.cache import of_this_database

from .models import GlossaryTerm, GlossaryTermTranslation, Offence


class OffenceSearch(Searchable):
    kind = "offences"
    label = _("Offences")
    model = Offence
    order = 15
    section_weight = 4.0  # a query naming a section wants the offence first

    def public_objects(self):
        return Offence.objects.all()

    def entries(self, offences):
        for offence in offences.select_related("act"):
            yield self.entry(offence)

    def entry(self, offence):
        facts = [
            f"{offence.citation}. {offence.get_category_display()} offence, "
            f"{offence.get_mode_of_trial_display().lower()}.",
        ]
        if offence.maximum_on_summary_conviction:
            facts.append(f"Maximum on summary conviction: {offence.maximum_on_summary_conviction}.")
        if offence.maximum_on_indictment:
            facts.append(f"Maximum on indictment: {offence.maximum_on_indictment}.")
        return IndexEntry(
            object_id=offence.pk,
            title=f"{offence.title} ({offence.act.title} {offence.section})",
            url=offence.get_absolute_url(),
            summary=offence.conduct,
            body_text="\n".join(facts),
            # Its own section weighs more than the sections its text mentions; an offence
            # with an end date (a repealed limb) gives way to the one in force.
            headings=[] if offence.in_force_until else [section_keywords(offence.section)],
            keywords=offence.act.title,
        )


class GlossarySearch(Searchable):
    kind = "glossary"
    label = _("Glossary")
    model = GlossaryTerm
    order = 40
    # A line of definition: the pages that explain the term come first.
    weight = section_weight = 0.25

    def public_objects(self):
        return GlossaryTerm.objects.all()

    def entry(self, term):
        title = f"{term.abbreviation}: {term.term}" if term.abbreviation else term.term
        return IndexEntry(
            object_id=term.pk,
            title=title,
            url=term.get_absolute_url(),
            summary=term.definition,
            body_text=term.definition or term.term,
        )


# Every search asks for the abbreviations: they are cached (in Redis, shared by every app
# server, when REDIS_URL is set) and the cache is cleared whenever a glossary term changes.
ABBREVIATIONS_CACHE_KEY = "offences:glossary-abbreviations"
ABBREVIATIONS_CACHE_SECONDS = 300


def glossary_abbreviations():
    abbreviations = cache.get(of_this_database(ABBREVIATIONS_CACHE_KEY))
    if abbreviations is None:
        abbreviations = {}
        for abbreviation, term in GlossaryTerm.objects.exclude(abbreviation="").values_list(
            "abbreviation", "term"
        ):
            abbreviations.setdefault(abbreviation.lower(), []).append(term.lower())
        # The Welsh terms too, under the Welsh abbreviation or else the English one, so an
        # abbreviation finds the Welsh pages that spell it out.
        welsh = GlossaryTermTranslation.objects.values_list(
            "abbreviation", "english_term__abbreviation", "term"
        )
        for abbreviation, english_abbreviation, term in welsh:
            if abbreviation or english_abbreviation:
                meanings = abbreviations.setdefault(
                    (abbreviation or english_abbreviation).lower(), []
                )
                meanings.append(term.lower())
        cache.set(
            of_this_database(ABBREVIATIONS_CACHE_KEY), abbreviations, ABBREVIATIONS_CACHE_SECONDS
        )
    return abbreviations


def forget_abbreviations():
    cache.delete(of_this_database(ABBREVIATIONS_CACHE_KEY))


# Named in OffencesConfig.search_documents.
offence_search = OffenceSearch()
glossary_search = GlossarySearch()
