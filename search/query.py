"""What the reader typed, cleaned into terms that no search engine can misread.

Raw text never reaches FTS5's MATCH or PostgreSQL's tsquery: it is cut into words
(letters and digits of any script) and "quoted phrases"; everything else (operators,
punctuation, emoji, control characters) is dropped. Each backend then writes its own
query from these terms, quoting every word.
"""

import re
from dataclasses import dataclass, field

from .highlight import stem_word
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
    sections: tuple = ()  # section numbers the query names ("3za", "127")

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


def _synonym_index(synonyms):
    """{stems of the phrase: meanings as word tuples}, so "scams" matches "scam"."""
    index = {}
    for phrase, meanings in synonyms.items():
        key = tuple(stem_word(word) for word in _words(phrase))
        alternatives = [tuple(_words(meaning)) for meaning in meanings if _words(meaning)]
        if key and alternatives:
            index.setdefault(key, []).extend(alternatives)
    return index


def _unquoted_phrasings(words, synonym_index, longest):
    """Each word on its own, except where words make a phrase with synonyms (longest first)."""
    stems = [stem_word(word) for word in words]
    position = 0
    while position < len(words):
        for length in range(min(longest, len(words) - position), 0, -1):
            key = tuple(stems[position : position + length])
            if key in synonym_index:
                yield tuple(words[position : position + length]), synonym_index[key]
                position += length
                break
        else:
            if words[position] not in STOP_WORDS:
                yield (words[position],), ()
            position += 1


def parse_query(raw, synonyms=None):
    """What the reader typed as terms; `synonyms` ({phrase: [meanings]}, e.g. glossary
    abbreviations and the editors' synonyms) adds each phrase's meanings as alternatives."""
    synonym_index = _synonym_index(synonyms or {})
    longest = max((len(key) for key in synonym_index), default=1)
    text = clean_text(str(raw or "").replace("\n", " "))
    shortened = len(text) > MAX_QUERY_LENGTH
    text = text[:MAX_QUERY_LENGTH].strip()

    phrasings = []  # (words, alternatives)
    typed_any_word = False
    # Even pieces are outside quotes, odd pieces inside; an unclosed quote runs to the end.
    for position, piece in enumerate(QUOTES_RE.split(text)):
        inside_quotes = position % 2 == 1
        piece, sections = _section_phrases(piece)
        phrasings.extend((section, ()) for section in sections)
        typed_any_word = typed_any_word or bool(sections)
        words = _words(piece)
        typed_any_word = typed_any_word or bool(words)
        if inside_quotes and len(words) > 1:
            phrasings.append((tuple(words), ()))
        else:
            phrasings.extend(_unquoted_phrasings(words, synonym_index, longest))

    terms = []
    seen = set()
    for words, alternatives in phrasings:
        if words in seen:
            continue
        seen.add(words)
        alternatives = tuple(dict.fromkeys(a for a in alternatives if a != words))
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
        sections=tuple(term.words[1] for term in terms if _is_section(term.words)),
    )


def _is_section(words):
    return len(words) == 2 and words[0] == "section"
