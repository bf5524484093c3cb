"""Links to offences, the finder's rows and glossary entries, checked when an editor saves
a body (see guidance/link_check.py)."""

import re

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
