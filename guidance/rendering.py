"""The one content pipeline: Markdown -> HTML -> sanitised HTML, with the page's headings.

Every stored body (guidance pages, news, prosecution guidance) goes through
`render_markdown` when it is saved; views never render Markdown. Apps may add Markdown
extensions to it (`register_markdown_extension`): the offences app expands the annex
tables from its data and marks up glossary abbreviations. Whatever they produce is
sanitised with everything else.
"""

import html
import os
import re
import threading
import xml.etree.ElementTree as etree
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from re import _constants as regex_constants  # the parser's names for what it read
from re import _parser as regex_parser  # noqa: PLC2701 (how a pattern's matches start)

import markdown
import nh3
from django.utils.text import slugify
from markdown.extensions.toc import TocExtension, TocTreeprocessor
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

from shared.workers import parallel_results

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
        "em", "h2", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "strong", "sub",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
ALLOWED_CLASSES = frozenset({"footnote", "footnote-ref", "footnote-backref", "abbreviation"})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})
HEADING_LEVELS_IN_CONTENTS = (2, 3)

# Below this many bodies, starting worker processes costs more than it saves.
PARALLEL_FROM = 200
WORKER_CHUNK = 20

_extension_factories = []


def register_markdown_extension(factory):
    """Add a Markdown extension to the pipeline; `factory()` makes a fresh one per render.

    An extension that reads the database may say so to `render_many`, which renders in
    worker processes that must not (see there), by giving its factory three static methods:
    `reference_data()` returns what it reads, picklable; `use_reference_data(data)` makes it
    use that instead until called with None; `needs_database(source)` is true for a body it
    cannot render from that data alone.
    """
    if factory not in _extension_factories:
        _extension_factories.append(factory)


# Attributes each tag may keep; anything else (on*, style, src...) is removed. `class` is
# allowed on every tag, but only with the class names above.
ALLOWED_ATTRIBUTES = {
    "*": set(),  # none on every tag: ammonia would otherwise allow lang and title anywhere
    "a": {"href", "title", "rel"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    **{tag: {"id"} for tag in ("h2", "h3", "h4", "h5", "h6", "li", "sup", "dt")},
}

# nh3 (Rust's ammonia) sanitises: it parses like a browser (html5ever) and keeps only what
# the lists above allow. Built once: a Cleaner is reusable and safe to share.
SANITISER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    # Elements whose text is dropped with them; the rest keep their text, as plain text.
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes={tag: set(ALLOWED_CLASSES) for tag in ALLOWED_TAGS},
    url_schemes=set(ALLOWED_PROTOCOLS),
    strip_comments=True,
    # Our own links carry no rel; the footnote links are on the same page.
    link_rel=None,
)


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class RenderedContent:
    html: str
    headings: list[Heading] = field(default_factory=list)


class RenderedOnSave:
    """For models that render `body_markdown` when saved: a body already rendered in bulk
    (`render_many`) can be handed over, so that the save does not render it again."""

    def use_rendered_body(self, rendered):
        self._prerendered = (self.body_markdown, rendered)

    def html_to_store(self, rendered):
        """The HTML kept for a rendering; a model may add to it (see GuidancePage)."""
        return rendered.html

    def rendered_body(self):
        """The rendering handed over for the current body, else one made now (once)."""
        source, rendered = self.__dict__.pop("_prerendered", (None, None))
        if rendered is None or source != self.body_markdown:
            rendered = render_markdown(self.body_markdown)
        return rendered


def _heading_slug(value, separator):
    return slugify(value) or "section"


class _InlineProcessorSkippingPlainText(InlineProcessor):
    """Python-Markdown's inline processor, which leaves alone a text in which no inline
    pattern can match, as it would have after trying each in turn.

    Most text of a long page (a paragraph, a list item, a table cell) holds no emphasis,
    link, code or footnote, and trying the fourteen patterns one after the other over it
    was half of rendering such a page. Every match of a pattern starts with one of a few
    strings ("[", "`", "&", two spaces and a line break...), read from its expression; a
    text holding none of them is left as it is. A pattern whose start cannot be read
    that way is searched for itself. Any other text goes through the patterns as before.
    """

    def run(self, tree, ancestors=None):
        patterns = tuple(self.inlinePatterns)
        if getattr(self, "_starts_of", None) != patterns:
            self._starts, self._searched = _match_starts(
                [pattern.getCompiledRegExp() for pattern in patterns]
            )
            self._starts_of = patterns
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data, patternIndex=0):  # noqa: N802, N803
        if isinstance(data, AtomicString) or not (
            any(start in data for start in self._starts)
            or any(expression.search(data) for expression in self._searched)
        ):
            return data
        return super()._InlineProcessor__handleInline(data, patternIndex)


class _ContentsListOnlyWhereAsked(TocTreeprocessor):
    """Python-Markdown's contents processor, which builds its `<div class="toc">` only for
    a body that has a `[TOC]` paragraph to put it in.

    The pipeline reads the headings (`toc_tokens`), never the `toc` string the div is
    serialised into: building, prettifying and serialising it, and walking the whole tree
    for a marker that is not there, were a tenth of rendering a long page. A body with a
    text equal to the marker anywhere goes through the processor as before.
    """

    def run(self, doc):
        self._marker_present = bool(self.marker) and any(
            element.text and element.text.strip() == self.marker for element in doc.iter()
        )
        super().run(doc)

    def build_toc_div(self, toc_list):
        if self._marker_present:
            return super().build_toc_div(toc_list)
        return etree.Element("div")  # no marker to replace: only `toc`, unread, holds it

    def replace_marker(self, root, elem):
        if self._marker_present:
            super().replace_marker(root, elem)


class _ContentsExtension(TocExtension):
    TreeProcessorClass = _ContentsListOnlyWhereAsked


def _match_starts(expressions):
    """(strings one of which starts every match of the expressions, expressions whose
    matches' starts could not be read)."""
    starts, searched = set(), []
    for expression in expressions:
        found = None
        if not expression.flags & re.IGNORECASE:
            try:
                found = _literal_starts(regex_parser.parse(expression.pattern, expression.flags))
            except re.error:
                found = None
        if found:
            starts |= found
        else:
            searched.append(expression)
    # A start that begins with a shorter one adds nothing ("[^" after "[").
    shortest = {start for start in starts if not any(start.startswith(s) for s in starts - {start})}
    return tuple(sorted(shortest)), searched


def _literal_starts(items):
    """The literal strings a match of parsed regular-expression items must start with, or
    None when that cannot be said (anything but literals, groups, alternatives, required
    repeats and zero-width assertions before the first literal)."""
    prefix = ""
    for operation, value in items:
        if operation is regex_constants.LITERAL:
            prefix += chr(value)
            continue
        if prefix:
            return {prefix}
        if operation in (regex_constants.ASSERT, regex_constants.ASSERT_NOT, regex_constants.AT):
            continue  # takes no characters: the match starts with what follows
        if operation is regex_constants.IN:
            if all(kind is regex_constants.LITERAL for kind, _ in value):
                return {chr(character) for _, character in value}
            return None
        if operation is regex_constants.SUBPATTERN:
            group_flags = value[1]
            return None if group_flags & re.IGNORECASE else _literal_starts(value[-1])
        if operation is regex_constants.BRANCH:
            alternatives = [_literal_starts(alternative) for alternative in value[1]]
            return None if None in alternatives else set().union(*alternatives)
        if operation in (regex_constants.MAX_REPEAT, regex_constants.MIN_REPEAT) and value[0]:
            return _literal_starts(value[2])
        return None
    return {prefix} if prefix else None


def _markdown_converter():
    converter = markdown.Markdown(
        extensions=[
            "tables",
            "footnotes",
            "sane_lists",
            _ContentsExtension(slugify=_heading_slug, permalink=False, toc_depth="2-3"),
            *(factory() for factory in _extension_factories),
        ],
        extension_configs={"footnotes": {"BACKLINK_TITLE": "Back to reference %d"}},
        output_format="html",
    )
    # Asked for every element by the block parser, the prettifier and the serialiser:
    # a set answers at once where the list is read from the start (the same answers).
    converter.block_level_elements = frozenset(converter.block_level_elements)
    # Raw HTML in Markdown is shown as text, never passed through; the sanitiser is the second wall.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(_InlineProcessorSkippingPlainText(converter), "inline", 20)
    return converter


_converters = threading.local()


def _reused_converter():
    """This thread's converter, reset: building one (its extensions, their processors and
    patterns) costs about a twentieth of rendering a long body, every body of an import.
    Python-Markdown's reset() clears what a conversion leaves behind (footnotes, the
    contents, stashed text, references); one a thread, as a preview may render meanwhile."""
    factories = tuple(_extension_factories)
    built = getattr(_converters, "built", None)
    if built is None or built[0] != factories:
        built = _converters.built = (factories, _markdown_converter())
    converter = built[1]
    converter.reset()
    return converter


def _flatten_toc(tokens):
    for token in tokens:
        yield token
        yield from _flatten_toc(token.get("children", []))


_TAG_RE = re.compile(r"<[^>]+>")


_TABLE_OR_HEADING_RE = re.compile(r"<table>|</table>|<h[23] id=\"[^\"]*\">(.*?)</h[23]>", re.S)


def wrap_tables(clean_html):
    """Put each table in a labelled, focusable region that scrolls sideways on a phone.

    Runs after sanitising, on markup we produce ourselves: keyboard users can then
    scroll a wide table (WCAG 2.1.1), and screen readers hear what it is about.
    """
    parts = []
    position = 0
    heading = "this section"
    count = 0
    for match in _TABLE_OR_HEADING_RE.finditer(clean_html):
        parts.append(clean_html[position : match.start()])
        tag = match.group(0)
        if tag == "<table>":
            count += 1
            label = html.escape(f"Table {count}: {heading}", quote=True)
            parts.append(
                f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">'
            )
            parts.append(tag)
        elif tag == "</table>":
            parts.append("</table></div>")
        else:
            heading = html.unescape(_TAG_RE.sub("", match.group(1))).strip() or heading
            parts.append(tag)
        position = match.end()
    parts.append(clean_html[position:])
    return "".join(parts)


_SECTION_HEADING_RE = re.compile(r'<(h[23]) id="([^"]*)">(.*?)</\1>', re.S)


def add_section_links(clean_html):
    """Give every h2 and h3 a "link to this section" anchor, shown on hover and focus.

    Runs after sanitising, on markup we produce ourselves (like wrap_tables), when a page
    is saved. The link holds no text, so the heading's words, search snippets and the
    contents list stay as they were; its accessible name is "Link to section: …" and the
    stylesheet draws a "#".
    """

    def linked(match):
        tag, anchor, inner = match.groups()
        text = html.unescape(_TAG_RE.sub("", inner)).strip()
        label = html.escape(f"Link to section: {text}", quote=True)
        link = f'<a class="section-link" href="#{anchor}" aria-label="{label}"></a>'
        return f'<{tag} id="{anchor}">{inner}{link}</{tag}>'

    return _SECTION_HEADING_RE.sub(linked, clean_html)


def render_markdown(source: str) -> RenderedContent:
    """Render editor Markdown to sanitised HTML plus the h2/h3 headings for a contents list."""
    converter = _reused_converter()
    raw_html = converter.convert(source or "")
    clean_html = SANITISER.clean(raw_html)
    headings = [
        Heading(
            level=token["level"],
            text=html.unescape(_TAG_RE.sub("", token["name"])),
            anchor=token["id"],
        )
        for token in _flatten_toc(converter.toc_tokens)
        if token["level"] in HEADING_LEVELS_IN_CONTENTS
    ]
    return RenderedContent(html=wrap_tables(clean_html), headings=headings)


def _extensions_with_reference_data():
    return [factory for factory in _extension_factories if hasattr(factory, "reference_data")]


@contextmanager
def _reference_data_read_once():
    """Extensions use their data as read now (in the caller's transaction) for the block."""
    factories = _extensions_with_reference_data()
    snapshot = [factory.reference_data() for factory in factories]
    for factory, data in zip(factories, snapshot, strict=True):
        factory.use_reference_data(data)
    try:
        yield snapshot
    finally:
        for factory in factories:
            factory.use_reference_data(None)


def _needs_database(source):
    return any(factory.needs_database(source) for factory in _extensions_with_reference_data())


_worker_reference_data = [None]  # in a worker process: what its extensions use now


def _render_chunk(reference_data_and_sources):
    """In a worker process: render a chunk of bodies with the caller's reference data."""
    reference_data, sources = reference_data_and_sources
    if _worker_reference_data[0] != reference_data:
        factories = _extensions_with_reference_data()
        for factory, data in zip(factories, reference_data, strict=True):
            factory.use_reference_data(data)
        _worker_reference_data[0] = reference_data
    return [render_markdown(source) for source in sources]


def render_many(sources, processes=None):
    """Render many bodies at once, on every core when there are enough of them.

    For an import of thousands of pages, or a glossary change that re-renders every page.
    The workers (shared.workers: the import's, kept for all of it, else started for this
    call) could not see the caller's uncommitted rows (an import's new glossary), so they
    never use the database. What extensions read from it is read once here and handed to
    them with each chunk, and a body an extension says needs the database (an offence
    table) is rendered here.
    """
    return list(render_each(sources, processes))


def render_each(sources, processes=None):
    """`render_many`, each rendering given in order as soon as it is done, so that the
    caller can store the first while the workers render the rest. Read it to the end."""
    sources = [source or "" for source in sources]
    processes = processes or os.cpu_count() or 1
    with _reference_data_read_once() as reference_data:
        to_workers = [not _needs_database(source) for source in sources]
        if processes > 1 and sum(to_workers) >= PARALLEL_FROM:
            in_workers = [source for source, sent in zip(sources, to_workers, strict=True) if sent]
            chunks = [
                (reference_data, in_workers[start : start + WORKER_CHUNK])
                for start in range(0, len(in_workers), WORKER_CHUNK)
            ]
            rendered = chain.from_iterable(
                parallel_results(_render_chunk, chunks, chunk_size=1, processes=processes)
            )
        else:
            to_workers = [False] * len(sources)
            rendered = iter(())
        for source, sent in zip(sources, to_workers, strict=True):
            yield next(rendered) if sent else render_markdown(source)
        next(rendered, None)  # the end: workers started for this call stop now
