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


def stem_word(word):
    """The English stem of a word, to match the editors' synonyms whatever form is typed."""
    return _stem("english", word)


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


def _best_window(stems_by_word, length):
    """The first word of the `length`-word window holding the most different matched
    words, then the most matches; it starts a few words before its first match."""
    matched_positions = [i for i, stem in enumerate(stems_by_word) if stem]
    if not matched_positions:
        return 0
    best_start, best_score = 0, -1
    in_window = {}  # stem -> how many times it is in the window
    window_end = 0
    matches_in_window = 0
    for first in matched_positions:
        start = max(0, first - 4)
        end = min(len(stems_by_word), start + length)
        while window_end < end:  # grow on the right
            stem = stems_by_word[window_end]
            if stem:
                in_window[stem] = in_window.get(stem, 0) + 1
                matches_in_window += 1
            window_end += 1
        score = len(in_window) * 100_000 + matches_in_window
        if score > best_score:
            best_start, best_score = start, score
        # Drop this match before moving on to the next one: it leaves the window.
        stem = stems_by_word[first]
        in_window[stem] -= 1
        matches_in_window -= 1
        if not in_window[stem]:
            del in_window[stem]
    return best_start


def snippet(text, stems, language, length=SNIPPET_WORDS):
    """About `length` words of the text around the most matched words, or its opening."""
    words = list(WORD_RE.finditer(text))
    if not words:
        return mark_safe("")  # noqa: S308 - empty
    stems_by_word = []
    for word in words:
        stem = _stem(language, word.group())
        stems_by_word.append(stem if stem in stems else None)
    best_start = _best_window(stems_by_word, length)
    end_word = min(len(words), best_start + length)
    start_char = words[best_start].start() if best_start else 0
    end_char = words[end_word - 1].end() if end_word < len(words) else len(text)
    excerpt = text[start_char:end_char].replace("\n", " ")
    spans = [
        (words[i].start() - start_char, words[i].end() - start_char)
        for i in range(best_start, end_word)
        if stems_by_word[i]
    ]
    prefix = "… " if start_char else ""
    suffix = " …" if end_char < len(text) else ""
    return mark_safe(prefix + _marked(excerpt, spans) + suffix)  # noqa: S308 - escaped
