"""Which kinds of content the site search indexes, and how each turns into a document.

A content app describes itself in its own `search_index.py` (found automatically):

    from search.registry import IndexEntry, Searchable, register

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

    register(NewsSearch())

Saving and deleting a registered model keeps its documents in step (an item that
stops being public loses its document); `manage.py rebuild_search_index` rebuilds all.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models.signals import post_delete, post_save, pre_save


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


def register(searchable):
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,39}", searchable.kind or ""):
        raise ValueError("A Searchable's kind is a slug of at most 40 characters.")
    if searchable.model is None:
        raise ValueError("A Searchable needs a model.")
    if searchable.kind in _searchables and _searchables[searchable.kind] is not searchable:
        raise ValueError(f"The search kind {searchable.kind!r} is already registered.")
    _searchables[searchable.kind] = searchable
    uid = f"search-{searchable.kind}"
    pre_save.connect(_before_save, sender=searchable.model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=searchable.model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=searchable.model, dispatch_uid=uid)
    return searchable


def register_abbreviations(source):
    """`source()` returns {"ddos": ["distributed denial of service"], ...}: a search for the
    abbreviation then also finds its meaning (the glossary app provides one)."""
    if source not in _abbreviation_sources:
        _abbreviation_sources.append(source)
    return source


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


def _before_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    for searchable in searchables_for_model(sender):
        searchable.before_save(instance)


def _after_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .indexing import reindex_soon

    for searchable in searchables_for_model(sender):
        reindex_soon(searchable, searchable.objects_to_reindex(instance))


def _after_delete(sender, instance, **kwargs):
    from .indexing import remove_objects

    for searchable in searchables_for_model(sender):
        remove_objects(searchable, [instance.pk])
