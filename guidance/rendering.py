"""The one content pipeline: Markdown -> HTML -> sanitised HTML, with the page's headings.

Every stored body (guidance pages, news, prosecution guidance) goes through
`render_markdown` when it is saved; views never render Markdown. Apps may add Markdown
extensions to it (`register_markdown_extension`): the offences app expands the annex
tables from its data and marks up glossary abbreviations. Whatever they produce is
sanitised with everything else.
"""

import html
import re
from dataclasses import dataclass, field

import bleach
import markdown
from django.utils.text import slugify

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

_extension_factories = []


def register_markdown_extension(factory):
    """Add a Markdown extension to the pipeline; `factory()` makes a fresh one per render."""
    if factory not in _extension_factories:
        _extension_factories.append(factory)


def _allowed_attribute(tag, name, value):
    if name == "class":
        return all(part in ALLOWED_CLASSES for part in value.split())
    if name == "id":
        return tag in {"h2", "h3", "h4", "h5", "h6", "li", "sup", "dt"}
    allowed = {
        "a": {"href", "title", "rel"},
        "abbr": {"title"},
        "th": {"scope", "colspan", "rowspan"},
        "td": {"colspan", "rowspan"},
        "ol": {"start"},
    }
    return name in allowed.get(tag, set())


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class RenderedContent:
    html: str
    headings: list[Heading] = field(default_factory=list)


def _heading_slug(value, separator):
    return slugify(value) or "section"


def _markdown_converter():
    converter = markdown.Markdown(
        extensions=[
            "tables",
            "footnotes",
            "sane_lists",
            "toc",
            *(factory() for factory in _extension_factories),
        ],
        extension_configs={
            "toc": {"slugify": _heading_slug, "permalink": False, "toc_depth": "2-3"},
            "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
        },
        output_format="html",
    )
    # Raw HTML in Markdown is shown as text, never passed through; bleach is the second wall.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
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


def render_markdown(source: str) -> RenderedContent:
    """Render editor Markdown to sanitised HTML plus the h2/h3 headings for a contents list."""
    converter = _markdown_converter()
    raw_html = converter.convert(source or "")
    clean_html = bleach.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=_allowed_attribute,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )
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
