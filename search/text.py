"""Turning stored content into searchable text, shared by indexing and querying."""

import html
import re
import unicodedata

# A word is a run of letters and digits in any script ("3ZA", "café", "127").
WORD_RE = re.compile(r"[^\W_]+")

# "s.127", "s 127", "s127", "ss.1", "sec. 3ZA", "section 3ZA", "sections 1": a section number.
SECTION_RE = re.compile(
    r"(?<!['’])\b(?:sections?|sect?\.|ss?\.|ss?(?=\d)|ss?(?=\s\d))\s*(\d{1,4}[a-z]{0,3})\b",
    re.IGNORECASE,
)

BLOCK_TAGS = frozenset(
    {
        "p", "li", "dt", "dd", "tr", "td", "th", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "br", "hr", "div", "table", "caption",
    }
)  # fmt: skip

# Control characters (and the NUL byte PostgreSQL refuses) never belong in text.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Not "\r": splitlines() ends a line there, before spaces are squeezed.
_SPACE_RE = re.compile(r"[ \t\f\v]+")


# A tag of well-formed HTML (what the sanitiser writes): its name, and its attributes,
# whose quoted values may hold a ">". Text between tags holds no "<": it is escaped.
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_FOOTNOTE_BACKREF_RE = re.compile(r"""class=["'][^"']*\bfootnote-backref\b""")


def _html_text_parts(body_html):
    """The text between tags, with a line break at each block, one regular-expression pass.

    Several times faster than html.parser on long pages, which matters when thousands of
    pages are indexed at once; footnote back-links ("↩") are navigation, not text.
    """
    parts = []
    skip_depth = 0
    position = 0
    for match in _TAG_RE.finditer(body_html):
        if not skip_depth:
            parts.append(body_html[position : match.start()])
        position = match.end()
        closing, tag, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if tag in BLOCK_TAGS:
            parts.append("\n")
        if tag == "a":
            if closing:
                skip_depth = max(0, skip_depth - 1)
            elif _FOOTNOTE_BACKREF_RE.search(attributes):
                skip_depth += 1
    if not skip_depth:
        parts.append(body_html[position:])
    return parts


def _block_or_nothing(tag):
    return "\n" if tag.group(2).lower() in BLOCK_TAGS else ""


def _html_text(body_html):
    """The text parts of `_html_text_parts`, joined, in one substitution where no footnote
    back-link is to be skipped (twice as fast: thousands of pages are indexed at once)."""
    if "footnote-backref" in body_html:
        return "".join(_html_text_parts(body_html))
    return _TAG_RE.sub(_block_or_nothing, body_html)


def _single_spaces(text):
    # A single space between words is most of a text's spaces: replacing each by itself
    # cost more than the rest of the cleaning together.
    if "  " in text or "\t" in text or "\f" in text or "\v" in text:
        return _SPACE_RE.sub(" ", text)
    return text


def clean_text(text):
    """Normalised Unicode, no control characters, single spaces, paragraphs kept."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _single_spaces(_CONTROL_RE.sub(" ", text))  # one pass over the whole text
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def html_to_text(body_html):
    """The readable text of sanitised HTML, one block per line."""
    return clean_text(html.unescape(_html_text(body_html or "")))


def section_keywords(*texts):
    """Every section reference in the texts, written as "section 127" so that a search for
    "s.127", "s127" or "section 127" finds a page whichever way the page wrote it."""
    found = []
    for text in texts:
        for match in SECTION_RE.finditer(text or ""):
            phrase = f"section {match.group(1).lower()}"
            if phrase not in found:
                found.append(phrase)
    return "\n".join(found)


# PostgreSQL's English stop words: dropped from queries on both databases, so that a
# question typed in plain words ("how do I report a scam") means the same everywhere.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his
    himself she her hers herself it its itself they them their theirs themselves what which
    who whom this that these those am is are was were be been being have has had having do
    does did doing a an the and but if or because as until while of at by for with about
    against between into through during before after above below to from up down in out on
    off over under again further then once here there when where why how all any both each
    few more most other some such no nor not only own same so than too very s t can will
    just don should now
    """.split()  # noqa: SIM905 - a word list reads better as prose
)
