"""Which kinds of content the site search indexes, and how each turns into a document.

A content app describes each kind in its own `search_index.py` and names it on its
AppConfig (`search_documents = ["publications.search_index.news_search"]`); the search app
registers every one in ready():

    from search.registry import IndexEntry, Searchable

    class NewsSearch(Searchable):
        kind = "news"                 # used in /search/?kind=news
        label = "News"                # shown beside each result and in the filter
        model = NewsItem

        def public_objects(self):     # everything the public may see, nothing else
            return NewsItem.objects.published()

        def entry(self, item):        # what the index stores for one public item
            return IndexEntry(object_id=item.pk, title=item.title,
                              url=item.get_absolute_url(), summary=item.summary,
                              body_html=item.body_html, date=item.published_on)

    news_search = NewsSearch()

Saving and deleting a registered model keeps its documents in step (search/signals.py) (an item that
stops being public loses its document); `manage.py rebuild_search_index` rebuilds all.
"""

import datetime
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndexEntry:
    object_id: object
    title: str
    url: str
    summary: str = ""
    body_html: str = ""  # sanitised HTML from the one rendering pipeline
    body_text: str = ""  # or plain text, for content without a rendered body
    headings: list[str] = field(default_factory=list)
    breadcrumbs: list[tuple[str, str]] = field(default_factory=list)  # (title, url), root first
    date: datetime.date | None = None
    keywords: str = ""  # extra words to be found by (synonyms, alternative names)


class Searchable:
    """How one kind of content is indexed. Subclass it, fill in the blanks, `register()` it."""

    kind = ""
    label = ""
    model = None
    # The language its documents are written in: a search in Welsh (/cy/search/) searches
    # the Welsh kinds only, a search in English the English ones.
    language = "en"
    order = 100  # position in the kind filter (lowest first)
    # How much a result of this kind weighs in the ranking (see search/intent.py): in
    # general, when the query names a section, and which addresses help the public.
    weight = 1.0
    section_weight = 1.0
    help_url_prefixes = ()

    def public_objects(self):
        raise NotImplementedError

    def entry(self, obj):
        raise NotImplementedError

    def entries(self, objects):
        """Entries for many public objects; override to build them without a query each."""
        for obj in objects:
            yield self.entry(obj)

    def before_save(self, instance):
        """Called before a registered model is saved (e.g. to remember old values)."""

    def catch_up(self):
        """Called before each search: index what became public with time alone (a page
        whose publish-at time has passed), since no save announces that."""

    def objects_to_reindex(self, instance):
        """Objects whose documents may change when `instance` is saved (itself by default;
        a guidance page whose title changes also changes its descendants' breadcrumbs)."""
        return [instance]


_searchables = {}
_abbreviation_sources = []
_browse_sources = []


def register(searchable):
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,39}", searchable.kind or ""):
        raise ValueError("A Searchable's kind is a slug of at most 40 characters.")
    if searchable.model is None:
        raise ValueError("A Searchable needs a model.")
    if searchable.kind in _searchables and _searchables[searchable.kind] is not searchable:
        raise ValueError(f"The search kind {searchable.kind!r} is already registered.")
    _searchables[searchable.kind] = searchable
    return searchable


def register_abbreviations(source):
    """`source()` returns {"ddos": ["distributed denial of service"], ...}: a search for the
    abbreviation then also finds its meaning (the glossary app provides one)."""
    if source not in _abbreviation_sources:
        _abbreviation_sources.append(source)
    return source


def register_browse(source):
    """`source()` returns items (with `title`, `summary` and `get_absolute_url()`) offered
    to browse when a search finds nothing (the guidance app offers its sections)."""
    if source not in _browse_sources:
        _browse_sources.append(source)
    return source


def sections_to_browse():
    return [item for source in _browse_sources for item in source()]


def abbreviations():
    merged = {}
    for source in _abbreviation_sources:
        for abbreviation, meanings in source().items():
            merged.setdefault(abbreviation.lower(), []).extend(meanings)
    return merged


def synonyms():
    """The glossary's abbreviations and the editors' synonyms: {phrase: [meanings]}."""
    from .synonyms import editor_synonyms

    merged = abbreviations()
    for phrase, meanings in editor_synonyms().items():
        merged.setdefault(phrase, []).extend(meanings)
    return merged


def searchables(language=None):
    """Every registered kind, or those whose documents are in this language."""
    found = [s for s in _searchables.values() if language is None or s.language == language]
    return sorted(found, key=lambda s: (s.order, str(s.label)))


def get_searchable(kind):
    return _searchables.get(kind)


def searchables_for_model(model):
    return [s for s in _searchables.values() if s.model is model]
