"""What a query asks for, beyond its words: how much each kind of result should weigh.

Decided here and nowhere else. Every Searchable says how much its results weigh in
general (`weight`: a glossary line or a guidance entry pointing elsewhere weighs less than
the pages that hold the substance), when the query names a section (`section_weight`: the
offence comes first) and which of its pages help the public (`help_url_prefixes`), which
weigh more when the reader asks to report something, what to do, or for help.
"""

import re
from dataclasses import dataclass, field

from . import registry

# A reader asking what to do, how to report, or for help, in their own words.
HELP_RE = re.compile(
    r"\b(report(ing|ed)?|help|helpline|what (to|do|should|can) (i )?do|"
    r"i('ve| have| was| am|'m)|my|me|victim|support|advice|been (scammed|hacked))\b",
    re.IGNORECASE,
)
HELP_WEIGHT = 3.0
OWN_SECTION_WEIGHT = 2.0


@dataclass(frozen=True)
class Weights:
    by_kind: dict = field(default_factory=dict)  # kind -> multiplier of the rank
    by_url_prefix: dict = field(default_factory=dict)  # url prefix -> multiplier
    by_heading: dict = field(default_factory=dict)  # a whole heading line -> multiplier

    def __bool__(self):
        return bool(self.by_kind or self.by_url_prefix or self.by_heading)


def asks_for_help(query):
    return bool(HELP_RE.search(query.text))


def weights_for(query):
    by_kind, by_url_prefix = {}, {}
    for searchable in registry.searchables():
        weight = searchable.weight
        if query.sections:
            weight = searchable.section_weight
        if weight != 1.0:
            by_kind[searchable.kind] = weight
        if asks_for_help(query) and not query.sections:
            for prefix in searchable.help_url_prefixes:
                by_url_prefix[prefix] = HELP_WEIGHT
    # An item headed by the section itself (an offence's own section) before items that
    # mention it.
    by_heading = {f"section {number}": OWN_SECTION_WEIGHT for number in query.sections}
    return Weights(by_kind, by_url_prefix, by_heading)
