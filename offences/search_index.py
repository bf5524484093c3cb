"""Offences and glossary terms in the site search; glossary abbreviations also find their
meaning ("DDoS" finds "distributed denial of service")."""

from search.registry import IndexEntry, Searchable, register, register_abbreviations

from .models import GlossaryTerm, Offence


class OffenceSearch(Searchable):
    kind = "offences"
    label = "Offences"
    model = Offence
    order = 15

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
            keywords=offence.act.title,
        )


class GlossarySearch(Searchable):
    kind = "glossary"
    label = "Glossary"
    model = GlossaryTerm
    order = 40

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


def glossary_abbreviations():
    abbreviations = {}
    for abbreviation, term in GlossaryTerm.objects.exclude(abbreviation="").values_list(
        "abbreviation", "term"
    ):
        abbreviations.setdefault(abbreviation.lower(), []).append(term.lower())
    return abbreviations


register(OffenceSearch())
register(GlossarySearch())
register_abbreviations(glossary_abbreviations)
