"""Links to offences, the finder's rows and glossary entries: checked when an editor saves
a body (see guidance/link_check.py), and offered by the link chooser
(guidance/link_chooser.py)."""

import re

from django.db.models import Q

from guidance.link_check import register_link_target, slug_target

from .models import GlossaryTerm, Offence


def _finder(kwargs, anchor):
    if anchor and not Offence.objects.filter(slug=anchor).exists():
        return f"there is no offence “{anchor}” in the offence finder"
    return ""


def _glossary(kwargs, anchor):
    if not anchor or re.fullmatch(r"letter-([a-z]{1,2}|0-9)", anchor):
        return ""
    if not GlossaryTerm.objects.filter(slug=anchor).exists():
        return f"there is no glossary entry “{anchor}”"
    return ""


def register():
    register_link_target("offences:offence", slug_target("offences.Offence", "offence"))
    register_link_target("offences:finder", _finder)
    register_link_target("offences:glossary", _glossary)


def offence_choices(query, limit):
    """Offences for the link chooser, by title or section number."""
    offences = Offence.objects.filter(Q(title__icontains=query) | Q(section__iexact=query))
    return [
        (f"Offence ({offence.act}, s.{offence.section})", offence.title, offence.get_absolute_url())
        for offence in offences.select_related("act")[:limit]
    ]


def glossary_choices(query, limit):
    """Glossary entries for the link chooser, by term or abbreviation."""
    terms = GlossaryTerm.objects.filter(Q(term__icontains=query) | Q(abbreviation__iexact=query))
    return [("Glossary", term.term, term.get_absolute_url()) for term in terms[:limit]]
