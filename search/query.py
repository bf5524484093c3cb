"""What the reader typed, cleaned into terms that no search engine can misread.

Raw text never reaches FTS5's MATCH or PostgreSQL's tsquery: it is cut into words
(letters and digits of any script) and "quoted phrases"; everything else (operators,
punctuation, emoji, control characters) is dropped. Each backend then writes its own
query from these terms, quoting every word.
"""

import re
from dataclasses import dataclass, field

from .text import SECTION_RE, STOP_WORDS, WORD_RE, clean_text

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
QUOTES_RE = re.compile(r"[\"“”„«»]")


@dataclass(frozen=True)
class Term:
    """Words to find together (one word, or a phrase), or any of their alternatives."""

    words: tuple[str, ...]
    alternatives: tuple[tuple[str, ...], ...] = ()

    @property
    def phrasings(self):
        return (self.words, *self.alternatives)


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # what the reader typed, cleaned and perhaps shortened: shown back to them
    terms: tuple[Term, ...] = ()
    shortened: bool = False
    only_common_words: bool = False  # typed words, but all of them too common to search for
    highlight_words: frozenset = field(default_factory=frozenset)

    def __bool__(self):
        return bool(self.terms)


def _words(text):
    return [word.lower() for word in WORD_RE.findall(text)]


def _section_phrases(text):
    """Replace section references by a marker and return them as phrases."""
    phrases = []

    def mark(match):
        phrases.append(("section", match.group(1).lower()))
        return " "

    return SECTION_RE.sub(mark, text), phrases


def parse_query(raw, abbreviations=None):
    abbreviations = abbreviations or {}
    text = clean_text(str(raw or "").replace("\n", " "))
    shortened = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH].strip()

    phrasings = []
    typed_any_word = False
    # Even pieces are outside quotes, odd pieces inside; an unclosed quote runs to the end.
    for position, piece in enumerate(QUOTES_RE.split(text)):
        inside_quotes = position % 2 == 1
        piece, sections = _section_phrases(piece)
        phrasings.extend(sections)
        typed_any_word = typed_any_word or bool(sections)
        words = _words(piece)
        typed_any_word = typed_any_word or bool(words)
        if inside_quotes and len(words) > 1:
            phrasings.append(tuple(words))
        else:
            phrasings.extend(
                (word,) for word in words if word not in STOP_WORDS or word in abbreviations
            )

    terms = []
    seen = set()
    for words in phrasings:
        if words in seen:
            continue
        seen.add(words)
        alternatives = ()
        if len(words) == 1 and words[0] in abbreviations:
            alternatives = tuple(
                tuple(_words(meaning)) for meaning in abbreviations[words[0]] if _words(meaning)
            )
        terms.append(Term(words, alternatives))
    terms = tuple(terms[:MAX_TERMS])
    highlight_words = frozenset(
        word for term in terms for phrasing in term.phrasings for word in phrasing
    )
    return ParsedQuery(
        text=text,
        terms=terms,
        shortened=shortened,
        only_common_words=typed_any_word and not terms,
        highlight_words=highlight_words,
    )
