"""Snippets with the matched words in <mark>, built from escaped text.

Every piece of stored text is escaped before it is joined with our own <mark> tags, so
nothing in a document can inject HTML into a results page.
"""

from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import WORD_RE

SNIPPET_WORDS = 36


@lru_cache(maxsize=4)
def _stemmer(language):
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=20_000)
def _stem(language, word):
    return _stemmer(language).stemWord(word.lower())


def query_stems(words, language):
    return frozenset(_stem(language, word) for word in words)


def _matches(text, stems, language):
    """(start, end) of each word of the text whose stem is one of the query's."""
    return [
        (match.start(), match.end())
        for match in WORD_RE.finditer(text)
        if _stem(language, match.group()) in stems
    ]


def _marked(text, spans):
    parts = []
    position = 0
    for start, end in spans:
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


def highlight(text, stems, language):
    """The whole text, escaped, with matched words marked."""
    return mark_safe(_marked(text, _matches(text, stems, language)))  # noqa: S308 - escaped


def snippet(text, stems, language, length=SNIPPET_WORDS):
    """About `length` words of the text around the most matched words, or its opening."""
    words = list(WORD_RE.finditer(text))
    if not words:
        return mark_safe("")  # noqa: S308 - empty
    matched = [_stem(language, word.group()) in stems for word in words]
    best_start, best_score = 0, -1
    if any(matched):
        # The window holding the most different matched words, then the most matches.
        for start in (index for index, is_match in enumerate(matched) if is_match):
            window = range(max(0, start - 4), min(len(words), start - 4 + length))
            distinct = {_stem(language, words[i].group()) for i in window if matched[i]}
            score = len(distinct) * 1000 + sum(matched[i] for i in window)
            if score > best_score:
                best_start, best_score = max(0, start - 4), score
    end_word = min(len(words), best_start + length)
    start_char = words[best_start].start() if best_start else 0
    end_char = words[end_word - 1].end() if end_word < len(words) else len(text)
    excerpt = text[start_char:end_char].replace("\n", " ")
    spans = _matches(excerpt, stems, language)
    prefix = "… " if start_char else ""
    suffix = " …" if end_char < len(text) else ""
    return mark_safe(prefix + _marked(excerpt, spans) + suffix)  # noqa: S308 - escaped
