"""News items and prosecution guidance as Markdown files under content/news/ and
content/prosecution-guidance/, one file each, the slug being the file name."""

from pathlib import Path

from django.core.exceptions import ValidationError

from guidance.content_files import (
    SLUG_RE,
    ContentError,
    meta_line,
    read_date,
    read_document,
    refuse_links,
    write_document,
)
from guidance.page_files import check_tag_names, read_tag_names
from guidance.rendering import render_many
from provenance.ledger import LEAVE, ImportLedger
from search.indexing import reindex_soon
from search.registry import searchables_for_model
from shared.bulk_insert import insert_new
from tags.models import Tag

from .models import NewsItem, ProsecutionGuidance, Status

KIND = "news and prosecution guidance"
NEWS_DIR = "news"
GUIDANCE_DIR = "prosecution-guidance"
NEWS_KEYS = ("title", "date", "summary", "tags", "status")
GUIDANCE_KEYS = ("title", "updated", "summary", "url", "tags", "status")
BULK_BATCH = 500


def tags_named(names, cache):
    tags = []
    for name in names:
        if name not in cache:
            cache[name], _ = Tag.objects.get_or_create(name=name)
        tags.append(cache[name])
    return tags


def _status(document):
    status = document.meta.get("status", Status.PUBLISHED)
    if status not in Status.values:
        raise ContentError(
            document.path, "'status' must be 'draft' or 'published'", meta_line(document, "status")
        )
    return status


def _documents(folder, keys):
    if not folder.is_dir():
        return []
    documents = []
    real_folders = set()
    refuse_links(folder.parent, folder, real_folders)
    for file in sorted(folder.iterdir()):
        if file.name.startswith("."):
            continue
        refuse_links(folder.parent, file, real_folders)
        if file.suffix != ".md" or not file.is_file():
            raise ContentError(file, "only Markdown files (.md) belong here")
        if not SLUG_RE.match(file.stem):
            raise ContentError(file, f"'{file.stem}' is not a valid slug")
        documents.append(read_document(file, keys))
    return documents


def _row_fields(item, fields):
    """What the database holds of an item, in the shape of what its file says."""
    return {
        "slug": item.slug,
        **{name: getattr(item, name) for name in fields},
        "tags": sorted(tag.name for tag in item.tags.all()),
    }


def _sync(model, documents, fields_for, counts, tag_cache, prune, ledger):
    existing = {item.slug: item for item in model.objects.prefetch_related("tags")}
    by_pk = {item.pk: item for item in existing.values()}
    decided = []
    for document in documents:
        source = ledger.source(document.path)
        wanted = fields_for(document)
        tag_names = read_tag_names(document)
        file_fields = {"slug": document.path.stem, **wanted, "tags": sorted(set(tag_names))}
        item = by_pk.get(ledger.imported_object_id(model, source)) or existing.get(
            document.path.stem
        )
        row = _row_fields(item, wanted) if item else None
        action = ledger.decide(model, item and item.pk, source, file_fields, row, counts)
        if action != LEAVE:
            decided.append((document, source, wanted, tag_names, file_fields, item))
    bodies = [wanted["body_markdown"] for _, _, wanted, _, _, _ in decided]
    rendered = dict(zip(bodies, render_many(bodies), strict=True))
    new_items = []
    for document, source, wanted, tag_names, file_fields, item in decided:
        tags = tags_named(tag_names, tag_cache)
        if item is None:
            new_items.append((document, source, wanted, tags, file_fields))
            continue
        for field, value in wanted.items():
            setattr(item, field, value)
        counts["updated"] += 1
        try:
            item.full_clean()
        except ValidationError as error:
            raise ContentError(document.path, "; ".join(error.messages)) from None
        item.use_rendered_body(rendered[item.body_markdown])
        item.save()
        item.tags.set(tags)
        ledger.imported(model, item, source, file_fields)
    _insert_new_items(model, new_items, rendered, ledger)
    counts["created"] += len(new_items)
    if prune:
        wanted_slugs = {document.path.stem for document in documents}
        for slug, item in existing.items():
            if slug not in wanted_slugs and ledger.may_remove(
                model, item.pk, _row_fields(item, fields_for_row(model))
            ):
                item.delete()
                counts["removed"] += 1


def _insert_new_items(model, new_items, rendered, ledger):
    """Insert new items in bulk, with their tags and search documents: an import of
    thousands of news items would otherwise pay five queries an item.

    No two files in a folder share a name, and an item is new only when no row has its
    slug, so the checks that ask the database (unique slugs) are left out. Model signals do
    not run for these rows: what the search index's would do is done here, and
    import_content empties the page cache at the end.
    """
    items = []
    for document, _, wanted, _, _ in new_items:
        item = model(slug=document.path.stem, **wanted)
        try:
            item.clean_fields()
            item.clean()
        except ValidationError as error:
            raise ContentError(document.path, "; ".join(error.messages)) from None
        item.body_html = item.html_to_store(rendered[item.body_markdown])
        items.append(item)
    searchables = searchables_for_model(model)
    for item in items:
        for searchable in searchables:
            searchable.before_save(item)
    insert_new(items)
    through = model.tags.through
    links = [
        through(**{f"{model._meta.model_name}_id": item.pk, "tag_id": tag.pk})
        for item, (_, _, _, tags, _) in zip(items, new_items, strict=True)
        for tag in {tag.pk: tag for tag in tags}.values()
    ]
    through.objects.bulk_create(links, batch_size=BULK_BATCH)
    for item, (_, source, _, _, file_fields) in zip(items, new_items, strict=True):
        for searchable in searchables:
            reindex_soon(searchable, searchable.objects_to_reindex(item))
        ledger.imported(model, item, source, file_fields)


def fields_for_row(model):
    if model is NewsItem:
        return ("title", "published_on", "summary", "body_markdown", "status")
    return ("title", "updated_on", "summary", "external_url", "body_markdown", "status")


def import_from(content_dir, prune=False, ledger=None):
    content_dir = Path(content_dir)
    ledger = ledger or ImportLedger(content_dir)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    tag_cache = {tag.name: tag for tag in Tag.objects.all()}
    news = _documents(content_dir / NEWS_DIR, NEWS_KEYS)
    guidance = _documents(content_dir / GUIDANCE_DIR, GUIDANCE_KEYS)
    check_tag_names(
        (document.path, name) for document in news + guidance for name in read_tag_names(document)
    )

    def news_fields(document):
        return {
            "title": str(document.meta["title"]).strip(),
            "published_on": read_date(document, "date", required=True),
            "summary": str(document.meta.get("summary") or "").strip(),
            "body_markdown": document.body,
            "status": _status(document),
        }

    def guidance_fields(document):
        return {
            "title": str(document.meta["title"]).strip(),
            "updated_on": read_date(document, "updated", required=False),
            "summary": str(document.meta.get("summary") or "").strip(),
            "external_url": str(document.meta.get("url") or "").strip(),
            "body_markdown": document.body,
            "status": _status(document),
        }

    _sync(NewsItem, news, news_fields, counts, tag_cache, prune, ledger)
    _sync(ProsecutionGuidance, guidance, guidance_fields, counts, tag_cache, prune, ledger)
    return counts


def export_to(target_dir):
    target_dir = Path(target_dir)
    written = 0
    for item in NewsItem.objects.prefetch_related("tags").order_by("slug"):
        write_document(
            target_dir / NEWS_DIR / f"{item.slug}.md",
            [
                ("title", item.title),
                ("date", item.published_on),
                ("summary", item.summary or None),
                ("tags", sorted(tag.name for tag in item.tags.all())),
                ("status", item.status),
            ],
            item.body_markdown,
        )
        written += 1
    for item in ProsecutionGuidance.objects.prefetch_related("tags").order_by("slug"):
        write_document(
            target_dir / GUIDANCE_DIR / f"{item.slug}.md",
            [
                ("title", item.title),
                ("updated", item.updated_on),
                ("summary", item.summary or None),
                ("url", item.external_url or None),
                ("tags", sorted(tag.name for tag in item.tags.all())),
                ("status", item.status),
            ],
            item.body_markdown,
        )
        written += 1
    return written
