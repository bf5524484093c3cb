"""What the offence and glossary data add to the content pipeline, at save time.

- A paragraph that is only a marker expands into a table built from the data:
  `[[offence-table: cyber-dependent]]` (Annex A), `[[offence-table: cyber-enabled]]`
  (Annex B), `[[glossary-table: abbreviations]]` and `[[glossary-table: terms]]` (Annex C).
  An unknown marker is left as text, so an editor sees the typo on the page.
- The first use on a page of each glossary abbreviation becomes
  `<a class="abbreviation" href="/glossary/#…"><abbr title="…">…</abbr></a>`: whole words,
  letter case as written, never inside a link, a heading, code or another abbreviation.

The generated markup then goes through the same sanitiser as everything else.
"""

import functools
import re
import threading
import xml.etree.ElementTree as etree
from datetime import date

from django.db.models import Prefetch
from django.urls import reverse
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .models import Category, CybercrimeType, GlossaryTerm, Offence

MARKER_RE = re.compile(r"^\[\[([a-z-]+):\s*([a-z-]+)\]\]$")
SKIPPED_TAGS = frozenset({"a", "abbr", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})
# Before Python-Markdown's inline processor (priority 20), so generated text is atomic; the
# abbreviations run after it, on the final text.
TABLES_PRIORITY = 25
ABBREVIATIONS_PRIORITY = 15


def _element(tag, text=None, parent=None, **attributes):
    element = (
        etree.Element(tag, attributes)
        if parent is None
        else etree.SubElement(parent, tag, attributes)
    )
    if text is not None:
        element.text = AtomicString(text)
    return element


def _table(caption, headers):
    table = _element("table")
    _element("caption", caption, table)
    header_row = _element("tr", parent=_element("thead", parent=table))
    for header in headers:
        _element("th", header, header_row, scope="col")
    return table, _element("tbody", parent=table)


def offence_table(category):
    """Annex A or B: each cybercrime type of the category against the offences for it that
    are in force on the day the page is rendered (offences that ended are in the finder)."""
    if category not in Category.values:
        return None
    in_force = Offence.objects.in_force_on(date.today()).select_related("act")
    types = CybercrimeType.objects.filter(category=category).prefetch_related(
        Prefetch("offences", queryset=in_force)
    )
    rows = [(crime_type, offence) for crime_type in types for offence in crime_type.offences.all()]
    if not rows:
        return _element("p", "No offences are recorded here yet.")
    table, body = _table(
        f"{Category(category).label} offences by type of cybercrime",
        ["Cybercrime type", "Offence", "Act and section", "Where tried", "Maximum"],
    )
    for crime_type, offence in rows:
        row = _element("tr", parent=body)
        _element("td", crime_type.name, row)
        header = _element("th", parent=row, scope="row")
        _element("a", offence.title, header, href=offence.get_absolute_url())
        _element("td", offence.citation, row)
        _element("td", offence.get_mode_of_trial_display(), row)
        _element("td", offence.maximum, row)
    return table


def glossary_table(kind):
    """Annex C: the abbreviations (abbreviation, in full, meaning) or the other terms."""
    if kind == "abbreviations":
        terms = GlossaryTerm.objects.exclude(abbreviation="").order_by("slug")
        table, body = _table("Abbreviations", ["Abbreviation", "In full", "Meaning"])
        for term in terms:
            row = _element("tr", parent=body)
            header = _element("th", parent=row, scope="row")
            _element("abbr", term.abbreviation, header, title=term.term)
            _element("td", term.term, row)
            _element("td", term.definition, row)
        return table
    if kind == "terms":
        terms = GlossaryTerm.objects.filter(abbreviation="").order_by("slug")
        table, body = _table("Terms", ["Term", "Meaning"])
        for term in terms:
            row = _element("tr", parent=body)
            _element("th", term.term, row, scope="row")
            _element("td", term.definition, row)
        return table
    return None


MARKERS = {"offence-table": offence_table, "glossary-table": glossary_table}


class TablesFromData(Treeprocessor):
    def run(self, root):
        for position, element in enumerate(list(root)):
            if element.tag != "p" or len(element) or not element.text:
                continue
            match = MARKER_RE.match(element.text.strip())
            if match is None or match.group(1) not in MARKERS:
                continue
            replacement = MARKERS[match.group(1)](match.group(2))
            if replacement is not None:
                root.remove(element)
                root.insert(position, replacement)


# Set while bodies are rendered in bulk (guidance.rendering.render_many): the abbreviations
# as read once, in the caller's transaction, instead of a query per body. Per thread: a
# threaded server may render a preview meanwhile.
_given = threading.local()
MARKER_IN_SOURCE_RE = re.compile(r"\[\[[a-z-]+:")


def glossary_abbreviations():
    """{abbreviation: (full form, glossary URL)} for every abbreviation in the glossary."""
    given = getattr(_given, "abbreviations", None)
    if given is not None:
        return given
    glossary_url = reverse("offences:glossary")
    return {
        abbreviation: (term, f"{glossary_url}#{slug}")
        for abbreviation, term, slug in GlossaryTerm.objects.exclude(abbreviation="").values_list(
            "abbreviation", "term", "slug"
        )
    }


@functools.lru_cache(maxsize=8)
def _abbreviations_pattern(abbreviations):
    """Any of the abbreviations as a word, the longest first; built once for a glossary,
    not once a body."""
    words = sorted(abbreviations, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, words)) + r")(?!\w)")


class FirstUseOfAbbreviations(Treeprocessor):
    def run(self, root):
        self.abbreviations = glossary_abbreviations()
        if not self.abbreviations:
            return
        self.pattern = _abbreviations_pattern(tuple(self.abbreviations))
        # The abbreviations the body holds anywhere (headings and links included): once each
        # is marked, or if there is none, the rest of the tree is not searched. One search
        # of its texts at once, where walking the tree text by text cost a tenth of a body.
        texts = "\n".join(
            text for element in root.iter() for text in (element.text, element.tail) if text
        )
        self.held = len(set(self.pattern.findall(texts)))
        self.marked = set()
        if self.held:
            self._mark_within(root)

    def _mark_within(self, element):
        """Mark up the text of `element` and of its descendants, in reading order."""
        if element.tag in SKIPPED_TAGS or len(self.marked) == self.held:
            return  # (once every abbreviation it holds is marked, there is nothing left to mark)
        if element.text:
            element.text, new = self._split(element.text)
            for offset, marked in enumerate(new):
                element.insert(offset, marked)
        for child in list(element):
            self._mark_within(child)
            if child.tail:
                child.tail, new = self._split(child.tail)
                if new:
                    position = list(element).index(child) + 1
                    for offset, marked in enumerate(new):
                        element.insert(position + offset, marked)

    def _split(self, text):
        """The text up to the first new abbreviation, and elements for the rest."""
        pieces = []
        head = None
        position = 0
        for match in self.pattern.finditer(text):
            abbreviation = match.group(1)
            if abbreviation in self.marked:
                continue
            self.marked.add(abbreviation)
            before = text[position : match.start()]
            if pieces:
                pieces[-1].tail = before
            else:
                head = before
            term, url = self.abbreviations[abbreviation]
            link = etree.Element("a", {"class": "abbreviation", "href": url})
            _element("abbr", abbreviation, link, title=term)
            pieces.append(link)
            position = match.end()
        if not pieces:
            return text, []
        pieces[-1].tail = text[position:]
        return head, pieces


class ReferenceDataExtension(Extension):
    @staticmethod
    def reference_data():
        return glossary_abbreviations()

    @staticmethod
    def use_reference_data(abbreviations):
        _given.abbreviations = abbreviations

    @staticmethod
    def needs_database(source):
        """A body with a table marker is built from the offence or glossary rows."""
        return MARKER_IN_SOURCE_RE.search(source) is not None

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(TablesFromData(md), "tables-from-data", TABLES_PRIORITY)
        md.treeprocessors.register(
            FirstUseOfAbbreviations(md), "first-use-of-abbreviations", ABBREVIATIONS_PRIORITY
        )
