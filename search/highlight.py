"""Snippets with the matched words in <mark>, built from escaped text.

Every piece of stored text is escaped before it is joined with our own <mark> tags, so
nothing in a document can inject HTML into a results page.
"""

import re
from functools import lru_cache
from itertools import accumulate

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import WORD_RE

SNIPPET_WORDS = 36
# WORD_RE, capturing, to split a text into its words and what lies between them; and the
# same for ASCII text, where a letter or digit is exactly [A-Za-z0-9].
WORD_SPLIT_RE = re.compile(f"({WORD_RE.pattern})")
ASCII_WORD_SPLIT_RE = re.compile("([A-Za-z0-9]+)")


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
    words, then the most matches; it starts a few words before its first match. Only the
    matched words are visited (a few of a body's thousands)."""
    matched = [(position, stem) for position, stem in enumerate(stems_by_word) if stem]
    best_start, best_score = 0, -1
    in_window = {}  # stem -> how many times it is in the window
    matches_in_window = 0
    entering = 0  # the first match not yet in the window
    for position, stem in matched:
        start = max(0, position - 4)
        end = min(len(stems_by_word), start + length)
        while entering < len(matched) and matched[entering][0] < end:  # grow on the right
            entering_stem = matched[entering][1]
            in_window[entering_stem] = in_window.get(entering_stem, 0) + 1
            matches_in_window += 1
            entering += 1
        score = len(in_window) * 100_000 + matches_in_window
        if score > best_score:
            best_start, best_score = start, score
        # Drop this match before moving on to the next one: it leaves the window.
        in_window[stem] -= 1
        matches_in_window -= 1
        if not in_window[stem]:
            del in_window[stem]
    return best_start


def _words_and_offsets(text):
    """The text's words, and where each piece of it ends: word i runs from offsets[2i] to
    offsets[2i + 1]. One pass of one regular expression (the one that finds words, or for
    ASCII text the equivalent ASCII class, a third faster) and no Python per word."""
    pieces = (ASCII_WORD_SPLIT_RE if text.isascii() else WORD_SPLIT_RE).split(text)
    return pieces[1::2], list(accumulate(map(len, pieces)))


def snippet(text, stems, language, length=SNIPPET_WORDS):
    """About `length` words of the text around the most matched words, or its opening.

    A result's body is a few thousand words and a results page cuts ten snippets: each
    distinct word is stemmed once, and no Python runs for each word (stemming and locating
    every word in turn cost a millisecond a body, the largest part of a search's CPU).
    """
    words, offsets = _words_and_offsets(text)
    if not words:
        return mark_safe("")  # noqa: S308 - empty
    stem_of_word = {}
    for word in set(words):
        stem = _stem(language, word)
        stem_of_word[word] = stem if stem in stems else None
    stems_by_word = list(map(stem_of_word.__getitem__, words))
    best_start = _best_window(stems_by_word, length)
    end_word = min(len(words), best_start + length)
    start_char = offsets[2 * best_start] if best_start else 0
    end_char = offsets[2 * end_word - 1] if end_word < len(words) else len(text)
    excerpt = text[start_char:end_char].replace("\n", " ")
    spans = [
        (offsets[2 * i] - start_char, offsets[2 * i + 1] - start_char)
        for i in range(best_start, end_word)
        if stems_by_word[i]
    ]
    prefix = "… " if start_char else ""
    suffix = " …" if end_char < len(text) else ""
    return mark_safe(prefix + _marked(excerpt, spans) + suffix)  # noqa: S308 - escaped
