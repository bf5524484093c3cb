"""The content pipeline: Markdown in, sanitised HTML and a contents list out."""

from html.parser import HTMLParser

import pytest

from guidance.rendering import ALLOWED_TAGS, SANITISER, render_markdown

# The pipeline reads the glossary (abbreviations) and the offence data (annex tables).
pytestmark = pytest.mark.django_db


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements_of(html):
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="#" onclick="alert(1)">x</a>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<iframe src="https://example.com"></iframe>',
        "<svg onload=alert(1)>",
        '<div onmouseover="alert(1)">hover</div>',
    ],
)
def test_raw_html_never_reaches_the_page(hostile):
    html = render_markdown(f"Before\n\n{hostile}\n\nAfter").html
    for tag, attributes in elements_of(html):
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") or name == "style" for name in attributes)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "After" in html


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_dangerous_link_schemes_are_removed(link):
    html = render_markdown(link).html
    assert "javascript:" not in html.lower()
    assert "vbscript:" not in html.lower()
    assert "data:" not in html.lower()
    assert "click" in html


def test_safe_links_are_kept():
    html = render_markdown(
        "[Hacking](/guidance/cyber-dependent-crimes/hacking/) "
        "[Act](https://www.legislation.gov.uk/ukpga/1990/18/section/1) "
        "[mail](mailto:someone@example.org)"
    ).html
    assert 'href="/guidance/cyber-dependent-crimes/hacking/"' in html
    assert 'href="https://www.legislation.gov.uk/ukpga/1990/18/section/1"' in html
    assert 'href="mailto:someone@example.org"' in html


def test_tables_and_footnotes_render():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: A note.").html
    assert "<table>" in html and "<th>a</th>" in html
    assert 'class="footnote"' in html
    assert "style=" not in html and "align=" not in html


def test_contents_list_matches_the_h2_and_h3_headings_in_order():
    rendered = render_markdown(
        "Intro\n\n## Offences\n\n### Section 1 & 2\n\n#### Too deep\n\n## Sentencing\n"
    )
    assert [(h.level, h.text) for h in rendered.headings] == [
        (2, "Offences"),
        (3, "Section 1 & 2"),
        (2, "Sentencing"),
    ]
    for heading in rendered.headings:
        assert f'id="{heading.anchor}"' in rendered.html


def test_heading_ids_are_stable_and_unique():
    source = "## Offences\n\ntext\n\n## Offences\n"
    first = render_markdown(source)
    second = render_markdown(source)
    anchors = [h.anchor for h in first.headings]
    assert anchors == [h.anchor for h in second.headings]
    assert anchors[0] == "offences"
    assert len(set(anchors)) == 2


def test_empty_body_renders_to_nothing():
    rendered = render_markdown("")
    assert rendered.html == ""
    assert rendered.headings == []


def test_tables_sit_in_a_labelled_keyboard_scrollable_region():
    html = render_markdown("## Offences\n\n| a | b |\n|---|---|\n| 1 | 2 |\n").html
    assert (
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Table 1: Offences">'
        "<table>"
    ) in html
    assert html.count("</table></div>") == 1


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        # The pipeline escapes raw HTML, so these reach the sanitiser only through a bug or
        # an extension: it is the second wall and must hold on its own.
        ('<p lang="en" title="x" style="color:red">text</p>', "<p>text</p>"),
        ('<a href="/x" onclick="steal()" target="_blank">link</a>', '<a href="/x">link</a>'),
        ('<a href="JAVASCRIPT:alert(1)">link</a>', "<a>link</a>"),
        ('<a href="ftp://example.com/">link</a>', "<a>link</a>"),
        ('<a href="tel:0800123456">call</a>', '<a href="tel:0800123456">call</a>'),
        ('<p class="footnote wide">x</p>', '<p class="footnote">x</p>'),
        ('<p id="top">x</p><h2 id="top">y</h2>', '<p>x</p><h2 id="top">y</h2>'),
        ("<!-- note -->kept<script>alert(1)</script><style>p{}</style>", "kept"),
        ("<span><img src=x onerror=alert(1)>text</span>", "text"),
    ],
)
def test_sanitiser_keeps_only_the_allowlist(dirty, clean):
    assert SANITISER.clean(dirty) == clean


def test_a_body_renders_the_same_whatever_was_rendered_before_it(settings):
    """Each thread reuses one Markdown converter, reset between bodies: footnotes, heading
    ids, abbreviations and contents lists never carry over from one body to the next."""
    from pathlib import Path

    from guidance import rendering
    from offences.models import GlossaryTerm

    GlossaryTerm.objects.create(term="Distributed denial of service", abbreviation="DDoS")
    shipped = sorted(Path(settings.BASE_DIR, "content").rglob("*.md"))
    bodies = [
        "## Scope\n\nA DDoS attack.[^1]\n\n[^1]: A note.\n",
        "## Scope\n\nAnother DDoS attack.[^1] [^2]\n\n[^1]: First.\n[^2]: Second.\n",
        "| A | B |\n| - | - |\n| 1 | 2 |\n\n## Scope\n",
        *(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1] for path in shipped),
    ]

    def fresh(source):
        rendering._converters.__dict__.clear()
        return render_markdown(source)

    one_after_another = [render_markdown(body) for body in bodies]
    assert one_after_another == [fresh(body) for body in bodies]
    assert one_after_another[1].html.count('class="footnote-ref"') == 2
    assert len(shipped) > 40


INLINE_MARKUP = [
    "Plain words only, no markup at all.",
    "*em* **strong** ***both*** _em_ __strong__ a * b _ c snake_case_name",
    "`code` ``two `ticks` `` \\`escaped\\` \\\\`after backslashes`",
    "\\*not em\\* \\[not a link\\] back\\\\slash",
    "[link](https://example.com) [ref][r] [short] ![image](x.png) ![ref image][r]\n\n[r]: /x",
    "<https://example.com/a> <someone@example.com> <not a link>",
    "&amp; &copy; &#169; &#xA9; & alone",
    "Two spaces then a break  \nnext line",
    "A note.[^1]\n\n[^1]: The *note* itself.",
    "- list *item*\n- [link](/a)\n\n| A | *B* |\n| - | - |\n| `1` | [2](/b) |",
    "## A heading with *emphasis* and `code`\n\nText.",
]


@pytest.mark.parametrize("source", INLINE_MARKUP)
def test_inline_markup_renders_as_python_markdown_renders_it(source):
    """Text in which no inline pattern can match skips the patterns (most of a long page);
    whatever the text, the result is the one Python-Markdown's own inline processor gives."""
    from markdown.treeprocessors import InlineProcessor

    from guidance import rendering

    rendering._converters.__dict__.clear()
    ours = render_markdown(source)
    stock = rendering._markdown_converter()
    stock.treeprocessors.register(InlineProcessor(stock), "inline", 20)
    rendering._converters.built = (tuple(rendering._extension_factories), stock)
    try:
        assert render_markdown(source) == ours
    finally:
        rendering._converters.__dict__.clear()


def test_every_inline_pattern_is_skipped_only_where_it_cannot_match():
    """Each pattern of the pipeline either has the strings its matches start with read
    from its expression, or is searched for itself."""
    from guidance import rendering

    converter = rendering._markdown_converter()
    expressions = [pattern.getCompiledRegExp() for pattern in converter.inlinePatterns]
    starts, searched = rendering._match_starts(expressions)
    assert set(starts) == {"  \n", "![", "&", "*", "<", "[", "\\", "_", "`"}
    assert searched == []
    for expression in expressions:
        for sample in INLINE_MARKUP:
            for match in expression.finditer(sample):
                assert any(sample.startswith(start, match.start()) for start in starts)


CONTENTS_MARKUP = [
    "## One\n\n### Two\n\nText.\n\n## One\n\n#### Four\n\n## *Marked* `up` &amp; [linked](/a)",
    "## Scope\n\n[TOC]\n\nText.\n\n### Detail",
    "## Scope\n\n  [TOC]  \n\n- [TOC]\n- item\n\n| A | B |\n| - | - |\n| [TOC] | 2 |",
    "## [TOC]\n\n```\n[TOC]\n```\n\n    [TOC]\n\n> [TOC]",
    "[TOC] and more words\n\n## Heading",
    *INLINE_MARKUP,
]


@pytest.mark.parametrize("source", CONTENTS_MARKUP)
def test_headings_and_contents_markers_render_as_python_markdown_renders_them(source):
    """The contents list is built only for a body with a `[TOC]` marker to put it in, and
    block-level tags are looked up in a set; whatever the body, the HTML and headings are
    the ones Python-Markdown's own contents processor and tag list give."""
    from markdown.extensions.toc import TocTreeprocessor

    from guidance import rendering

    rendering._converters.__dict__.clear()
    ours = render_markdown(source)
    stock = rendering._markdown_converter()
    contents = next(
        extension
        for extension in stock.registeredExtensions
        if isinstance(extension, rendering._ContentsExtension)
    )
    stock.treeprocessors.register(TocTreeprocessor(stock, contents.getConfigs()), "toc", 5)
    stock.block_level_elements = list(stock.block_level_elements)
    rendering._converters.built = (tuple(rendering._extension_factories), stock)
    try:
        assert render_markdown(source) == ours
    finally:
        rendering._converters.__dict__.clear()
