""" "Did you mean …?": close spellings from the site's own vocabulary, no outside service.

The vocabulary is every word of the indexed titles and headings (page titles, headings,
offence names, glossary terms) and of the editors' synonyms, with how often each occurs.
It is cached (under the database's name), and forgotten whenever the index changes. A
typed word is corrected only when nothing in the index has it and a vocabulary word is one
or two edits away.
"""

import re
from collections import Counter

from django.core.cache import cache

from shared.cache import of_this_database

from .models import SearchDocument
from .text import STOP_WORDS, WORD_RE

VOCABULARY_CACHE_KEY = "search:spelling-vocabulary"
VOCABULARY_CACHE_SECONDS = 3600
MIN_WORD_LENGTH = 4
MAX_WORDS_CHECKED = 3  # unknown words looked up in the index, for one suggestion
LETTERS_RE = re.compile(r"[a-z]+")


def vocabulary():
    """{word: occurrences} of the index's titles and headings and the synonyms."""
    words = cache.get(of_this_database(VOCABULARY_CACHE_KEY))
    if words is None:
        from . import registry

        counter = Counter()
        for title, headings in SearchDocument.objects.values_list("title", "headings"):
            counter.update(word.lower() for word in WORD_RE.findall(f"{title} {headings}"))
        for phrase, meanings in registry.synonyms().items():
            counter.update(WORD_RE.findall(" ".join([phrase, *meanings]).lower()))
        words = {word: count for word, count in counter.items() if LETTERS_RE.fullmatch(word)}
        cache.set(of_this_database(VOCABULARY_CACHE_KEY), words, VOCABULARY_CACHE_SECONDS)
    return words


def forget_vocabulary():
    cache.delete(of_this_database(VOCABULARY_CACHE_KEY))


def edit_distance(first, second, limit):
    """Edits (insert, delete, replace, swap two neighbours) from one word to the other;
    anything above `limit` is reported as limit + 1."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous_previous, previous = None, list(range(len(second) + 1))
    for i, first_letter in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, second_letter in enumerate(second, start=1):
            cost = first_letter != second_letter
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                previous_previous is not None
                and i > 1
                and j > 1
                and first_letter == second[j - 2]
                and first[i - 2] == second_letter
            ):
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return previous[-1]


def closest_word(word, words):
    """The vocabulary word fewest edits away (the commonest among equals), or None."""
    limit = 1 if len(word) <= 5 else 2
    letters = set(word)
    best, best_key = None, None
    for candidate, occurrences in words.items():
        # Cheap tests first: each edit changes the length by at most one, and adds or
        # removes at most two distinct letters.
        if abs(len(candidate) - len(word)) > limit or len(letters ^ set(candidate)) > 2 * limit:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            key = (distance, -occurrences, candidate)
            if best_key is None or key < best_key:
                best, best_key = candidate, key
    return best


def suggest(text, words_in_index):
    """The text with misspelt words corrected, or None when nothing needs correcting.

    `words_in_index(words)` gives those of the words that some document holds (one
    query), so a real word that happens not to be in a title is left alone."""
    words = vocabulary()
    unknown = [
        word
        for word in dict.fromkeys(match.lower() for match in WORD_RE.findall(text))
        if len(word) >= MIN_WORD_LENGTH
        and LETTERS_RE.fullmatch(word)
        and word not in words
        and word not in STOP_WORDS
    ][:MAX_WORDS_CHECKED]
    if not unknown:
        return None
    corrections = {}
    for word in set(unknown) - set(words_in_index(unknown)):
        correction = closest_word(word, words)
        if correction:
            corrections[word] = correction
    if not corrections:
        return None
    return WORD_RE.sub(lambda match: corrections.get(match.group().lower(), match.group()), text)
