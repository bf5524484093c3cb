"""Writing documents: kept in step with content on save and delete, or rebuilt whole.

Documents are written in the same transaction as the content change, so the index can
never show a page whose save was rolled back.
"""

from itertools import batched, chain

from django.db import transaction

from pagecache.generations import CONTENT, bump_generation_now_and_at_commit
from shared.batching import Batch
from shared.bulk_insert import insert_new
from shared.workers import parallel_results, workers_open

from . import registry
from .backends import get_backend
from .models import SearchDocument
from .spelling import forget_vocabulary
from .text import clean_text, html_to_text, section_keywords

BATCH_SIZE = 500
REINDEX_SLICE = 2000
PARALLEL_FROM = 200  # fewer documents are built here: handing them over would cost more
WORKER_CHUNK = 50
TITLE_LENGTH = SearchDocument._meta.get_field("title").max_length
MAX_BODY_CHARACTERS = 200_000  # PostgreSQL caps a tsvector at 1 MB; no page comes near


def build_document(searchable, entry):
    title = clean_text(entry.title)[:TITLE_LENGTH]
    headings = "\n".join(clean_text(heading) for heading in entry.headings)
    body = clean_text(entry.body_text) if entry.body_text else html_to_text(entry.body_html)
    body = body[:MAX_BODY_CHARACTERS]
    summary = clean_text(entry.summary)
    keywords = "\n".join(
        part
        for part in (clean_text(entry.keywords), section_keywords(title, headings, summary, body))
        if part
    )
    return SearchDocument(
        kind=searchable.kind,
        object_id=str(entry.object_id),
        title=title,
        url=entry.url,
        summary=summary,
        breadcrumbs=[{"title": title, "url": url} for title, url in entry.breadcrumbs],
        date=entry.date,
        headings=headings,
        # The summary is searched with the body (it is the page's own first words).
        body="\n".join(part for part in (summary, body) if part),
        keywords=keywords,
    )


def build_documents(searchable, entries):
    """The documents of many entries, in order, each given as soon as it is built; on every
    core inside an import's worker pool (the plain text of a long page costs about a
    millisecond to work out), where the caller writes the first while the workers build
    the next."""
    entries = list(entries)
    if len(entries) < PARALLEL_FROM or not workers_open():
        yield from (build_document(searchable, entry) for entry in entries)
        return
    chunks = [
        (searchable.kind, entries[start : start + WORKER_CHUNK])
        for start in range(0, len(entries), WORKER_CHUNK)
    ]
    yield from chain.from_iterable(parallel_results(_build_chunk, chunks, chunk_size=1))


def _build_chunk(kind_and_entries):
    """In a worker process: the documents of a chunk of entries of one kind."""
    kind, entries = kind_and_entries
    searchable = registry.get_searchable(kind)
    return [build_document(searchable, entry) for entry in entries]


def _index_changed():
    """Results cached before this write are not shown after it (search/cached_results.py)."""
    bump_generation_now_and_at_commit(CONTENT)


def _write(documents):
    """Insert documents as they come (see build_documents), a batch at a time, and index
    each batch; return how many were written."""
    _index_changed()
    backend = get_backend()
    written = 0
    for some in batched(documents, BATCH_SIZE):
        batch = insert_new(some)
        backend.documents_written(batch)
        written += len(batch)
    return written


def _index_requested(requests):
    """requests: (kind, object id) pairs; each kind is indexed in one pass."""
    ids_by_kind = {}
    for kind, object_id in requests:
        ids_by_kind.setdefault(kind, []).append(object_id)
    for kind, object_ids in ids_by_kind.items():
        reindex_objects(registry.get_searchable(kind), sorted(object_ids))


_indexing = Batch(_index_requested)

# Inside the block, saves note what to index; it is indexed once, at the end. An import
# saves thousands of items: one pass over all of them costs a few queries, where indexing
# on each save costs a few queries each.
indexing_deferred = _indexing.open


def reindex_soon(searchable, objects):
    """Reindex now, or at the end of the current `indexing_deferred` block."""
    _indexing.request(*((searchable.kind, object_id) for object_id in _ids(objects)))


def _ids(objects):
    return [obj if isinstance(obj, int | str) else obj.pk for obj in objects]


def reindex_objects(searchable, objects):
    """Replace the documents of these objects (or ids) by what they are now: public ones
    are (re)written, the others (drafts, unpublished) lose their document."""
    object_ids = _ids(objects)
    with transaction.atomic():
        # In slices: SQLite refuses a query with more than 32 766 parameters, and the
        # documents of a whole import need not all be in memory at once.
        for start in range(0, len(object_ids), REINDEX_SLICE):
            some_ids = object_ids[start : start + REINDEX_SLICE]
            public = searchable.public_objects().filter(pk__in=some_ids)
            documents = build_documents(searchable, searchable.entries(public))
            remove_objects(searchable, some_ids)
            _write(documents)


def remove_objects(searchable, object_ids):
    forget_vocabulary()
    _index_changed()
    SearchDocument.objects.filter(
        kind=searchable.kind, object_id__in=[str(pk) for pk in object_ids]
    ).delete()


def rebuild_index():
    """Throw the index away and index every public item again; return counts by kind.

    As in an import, the backend may finish indexing large batches beside the rebuild
    (`vectors_later`: on PostgreSQL, their vectors on connections of their own while the
    next documents are built), all of it before `optimise` and the commit."""
    counts = {}
    backend = get_backend()
    with transaction.atomic():
        forget_vocabulary()
        _index_changed()
        SearchDocument.objects.all().delete()
        with backend.vectors_later():
            for searchable in registry.searchables():
                public = searchable.public_objects()
                counts[searchable.kind] = _write(
                    build_documents(searchable, searchable.entries(public))
                )
        backend.optimise()
    return counts
