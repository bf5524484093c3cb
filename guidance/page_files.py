"""Import and export of the guidance tree as Markdown files under content/<section>/.

A section folder (content/guidance/, content/advice/) is one tree: its index.md is the
root page, a file is a page, and a folder's index.md is the page whose children the
folder holds. The slug is the file or folder name.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from provenance.ledger import CREATE, UPDATE, ImportLedger
from search.indexing import reindex_objects
from shared.bulk_insert import insert_new
from shared.workers import parallel_results, workers_open
from tags.models import Tag
from tags.tagging import page_tag_names, set_page_tags

from .content_files import (
    PAGES,
    SLUG_RE,
    ContentError,
    meta_line,
    read_date,
    read_document,
    refuse_links,
    write_document,
)
from .models import (
    INDEX_SLUG,
    RESERVED_ROOT_SLUGS,
    GuidancePage,
    PageTranslation,
    default_review_date,
)
from .rendering import render_each
from .translations import (
    export_translation,
    import_translations,
    original_file,
    read_translation,
    translation_language,
)
from .tree_lock import lock_tree

PAGE_KEYS = ("title", "summary", "order", "status", "updated", "reviewed", "review_by", "tags")
INDEX_FILE = "index.md"
KIND = "guidance pages"
IMPORT_STAGE = PAGES


@dataclass
class PageFile:
    path: str  # the page's URL path, e.g. guidance/cyber-dependent-crimes/hacking
    parent_path: str | None
    slug: str
    title: str
    summary: str
    order: int
    status: str
    updated: datetime.date | None
    reviewed: datetime.date | None
    review_by: datetime.date | None  # only when the file sets it: else the default rule
    tags: list
    body: str
    source: Path


def read_tag_names(document):
    names = document.meta.get("tags") or []
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise ContentError(
            document.path, "'tags' must be a list of tag names", meta_line(document, "tags")
        )
    return [name.strip() for name in names]


class _NamedIn:
    """Enough of a document for meta_line: the file a tag is named in."""

    def __init__(self, path):
        self.path = path


def check_tag_names(named_in):
    """Every tag name must give a non-empty address unique among tags; else the import
    stops naming the file and the line of its 'tags' ("#" or a name in another script
    slugifies to nothing, which broke /news/ and the sitemap)."""
    names_by_slug = dict(Tag.objects.values_list("slug", "name"))
    for path, name in named_in:
        slug = slugify(name)
        if not slug:
            raise ContentError(
                path,
                f"the tag '{name}' gives no address: use letters a-z or digits in it",
                meta_line(_NamedIn(path), "tags"),
            )
        other = names_by_slug.setdefault(slug, name)
        if other != name:
            raise ContentError(
                path,
                f"the tag '{name}' has the same address (/tags/{slug}/) as the tag '{other}': "
                "use one name",
                meta_line(_NamedIn(path), "tags"),
            )


def page_sections():
    return list(settings.CONTENT_PAGE_SECTIONS)


def read_page_files(content_dir):
    """Every page file of every section, parents before children, validated."""
    content_dir = Path(content_dir)
    pages = {}
    real_folders = set()
    page_files = []
    for section in page_sections():
        section_dir = content_dir / section
        if not section_dir.is_dir():
            continue
        if section in RESERVED_ROOT_SLUGS or not SLUG_RE.match(section):
            raise ContentError(section_dir, f"'{section}' cannot be a section name")
        refuse_links(content_dir, section_dir)
        for file in sorted(section_dir.rglob("*")):
            if file.name.startswith("."):
                continue
            refuse_links(content_dir, file, real_folders)
            if file.is_dir() or translation_language(file):
                continue
            page_files.append(file)
    for file, page in zip(page_files, _read_each(content_dir, page_files), strict=True):
        if page.path in pages:
            other = pages[page.path].source
            raise ContentError(file, f"duplicate slug '{page.slug}': {other} has the same path")
        pages[page.path] = page
    for page in pages.values():
        if page.parent_path is not None and page.parent_path not in pages:
            raise ContentError(
                page.source,
                f"the file is outside the tree: its folder has no {INDEX_FILE} "
                f"(expected {page.parent_path}/{INDEX_FILE})",
            )
    return sorted(pages.values(), key=lambda p: (p.path.count("/"), p.order, p.path))


PARALLEL_FROM = 200  # fewer files are read here: handing them over would cost more
WORKER_CHUNK = 50


def _read_each(content_dir, files):
    """The PageFile of each file, in order; inside an import's worker pool, read and checked
    by the workers (parsing thousands of files' front matter was a tenth of the import's
    own CPU, with the other core idle). A bad file raises the same ContentError, for the
    first bad file in order, as reading them here would."""
    if len(files) < PARALLEL_FROM or not workers_open():
        return (_read_page_file(content_dir, file) for file in files)
    chunks = [
        (content_dir, files[start : start + WORKER_CHUNK])
        for start in range(0, len(files), WORKER_CHUNK)
    ]
    return chain.from_iterable(parallel_results(_read_chunk, chunks, chunk_size=1))


def _read_chunk(content_dir_and_files):
    """In a worker process: the PageFiles of a chunk of files."""
    content_dir, files = content_dir_and_files
    return [_read_page_file(content_dir, file) for file in files]


def read_translation_files(content_dir):
    """[(file, English page's path, fields)] for every name.cy.md of every section."""
    content_dir = Path(content_dir)
    found = []
    real_folders = set()
    for section in page_sections():
        section_dir = content_dir / section
        if not section_dir.is_dir():
            continue
        for file in sorted(section_dir.rglob("*.md")):
            if file.name.startswith(".") or not translation_language(file):
                continue
            refuse_links(content_dir, file, real_folders)
            fields = read_translation(file, PAGE_KEYS)
            english = original_file(file).relative_to(content_dir)
            parts = list(english.parts)
            parts = parts[:-1] if parts[-1] == INDEX_FILE else [*parts[:-1], english.stem]
            found.append((file, "/".join(parts), fields))
    return found


def _read_page_file(content_dir, file):
    relative = file.relative_to(content_dir)
    if file.suffix != ".md":
        raise ContentError(file, "only Markdown files (.md) belong in the content tree")
    parts = list(relative.parts)
    if parts[-1] == INDEX_FILE:
        parts = parts[:-1]
    else:
        parts[-1] = file.stem
    for part in parts:
        if part == INDEX_SLUG:
            raise ContentError(
                file,
                f"'{INDEX_SLUG}' cannot be a slug: it names a folder's own page ({INDEX_FILE})",
            )
        if not SLUG_RE.match(part):
            raise ContentError(
                file, f"'{part}' is not a valid slug (lower-case letters, digits and hyphens)"
            )
    document = read_document(file, PAGE_KEYS)
    meta = document.meta
    order = meta.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        raise ContentError(
            file, "'order' must be a whole number, 0 or more", _line(document, "order")
        )
    status = meta.get("status", GuidancePage.Status.PUBLISHED)
    if status not in GuidancePage.Status.values:
        raise ContentError(
            file, "'status' must be 'draft' or 'published'", _line(document, "status")
        )
    title = str(meta["title"]).strip()
    summary = str(meta.get("summary") or "").strip()
    if len(title) > 200:
        raise ContentError(file, "'title' is longer than 200 characters", _line(document, "title"))
    if len(summary) > 300:
        raise ContentError(
            file, "'summary' is longer than 300 characters", _line(document, "summary")
        )
    path = "/".join(parts)
    return PageFile(
        path=path,
        parent_path="/".join(parts[:-1]) or None,
        slug=parts[-1],
        title=title,
        summary=summary,
        order=order,
        status=status,
        updated=read_date(document, "updated"),
        reviewed=read_date(document, "reviewed"),
        review_by=read_date(document, "review_by"),
        tags=read_tag_names(document),
        body=document.body,
        source=file,
    )


def _line(document, key):
    return meta_line(document, key)


COMPARED_FIELDS = (
    "title", "slug", "summary", "sibling_order", "status", "updated_on", "reviewed_on",
    "review_by", "body_markdown", "parent_id", "created_at",
)  # fmt: skip
TREE_FIELDS_NOT_CHECKED = ["path", "parent", "lft", "rght", "tree_id", "level"]


def import_from(content_dir, prune=False, ledger=None):
    """Create or update pages from files; return counts. The caller holds the transaction.

    What happens to each page is the ledger's decision (provenance.ledger): a page edited
    in the admin is never overwritten by a file that changed too, only reported.

    Built for imports of thousands of pages: every body to store is rendered in one batch
    (on every core), new pages are inserted in bulk with their tree numbers worked out
    once, and indexed for search in one go. Changed pages are saved one by one, as an
    editor's save would be (a move or a rename needs django-mptt and the redirects).
    """
    ledger = ledger or ImportLedger(content_dir)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "removed": 0}
    files = read_page_files(content_dir)
    translation_files = read_translation_files(content_dir)
    check_tag_names((f.source, name) for f in files for name in f.tags)
    lock_tree()
    rows = GuidancePage.objects.values("pk", "path", *COMPARED_FIELDS)
    snapshot = {row["pk"]: row for row in rows}
    pk_by_path = {row["path"]: pk for pk, row in snapshot.items()}
    tags_by_page = page_tag_names()
    new_files, changed_files = [], []
    # Each file's fields once: the ledger hashes them when it decides, not again when told
    # the page was saved (a page's JSON and hash, thousands of times, in the parent alone).
    file_fields = {page_file.path: _file_fields(page_file) for page_file in files}
    for page_file in files:
        source = ledger.source(page_file.source)
        # The page this file made, wherever an editor has moved it since.
        pk = ledger.imported_object_id(GuidancePage, source)
        if pk not in snapshot:
            pk = pk_by_path.get(page_file.path)
        if pk is not None:
            pk_by_path.setdefault(page_file.path, pk)
            now_at = snapshot[pk]["path"]
            if now_at != page_file.path and ledger.stale_file(
                GuidancePage, source, pk, now_at, file_fields[page_file.path]
            ):
                continue
        row = _row_fields(snapshot[pk], tags_by_page.get(pk, [])) if pk else None
        action = ledger.decide(GuidancePage, pk, source, file_fields[page_file.path], row, counts)
        if action == CREATE:
            new_files.append(page_file)
        elif action == UPDATE:
            changed_files.append((page_file, pk))
    to_render = new_files + [page_file for page_file, _ in changed_files]
    # In this order: the new pages are stored while the workers render the rest.
    renderings = render_each([f.body for f in to_render])
    if new_files:
        _insert_new_pages(new_files, islice(renderings, len(new_files)), pk_by_path)
        counts["created"] = len(new_files)
    rendered = dict(zip([f.path for f, _ in changed_files], renderings, strict=True))
    for page_file, pk in changed_files:
        # Fetched afresh: earlier saves have shifted the tree fields of stale instances.
        page = GuidancePage.objects.get(pk=pk)
        added_on = timezone.localdate(page.created_at)
        for field, value in _wanted(page_file, pk_by_path, added_on).items():
            setattr(page, field, value)
        _checked(page_file, page.full_clean)
        page.use_rendered_body(rendered[page_file.path])
        page.save()
        counts["updated"] += 1
    counts["tags changed"] = set_page_tags({pk_by_path[f.path]: f.tags for f in to_render})
    if to_render:
        # Read again, new and changed alike: the ledger records each page as it was stored.
        stored = GuidancePage.objects.in_bulk([pk_by_path[f.path] for f in to_render])
        for page_file in to_render:
            ledger.imported(
                GuidancePage,
                stored[pk_by_path[page_file.path]],
                ledger.source(page_file.source),
                file_fields[page_file.path],
            )
    import_translations(
        PageTranslation,
        "page",
        [
            (file, pk_by_path[path], fields)
            for file, path, fields in translation_files
            if path in pk_by_path  # not an English page kept deleted in the admin
        ],
        ledger,
        counts,
        prune=prune,
        scope={pk_by_path[f.path] for f in files if f.path in pk_by_path},
    )
    if prune:
        _prune(files, ledger, counts)
    return counts


def _file_fields(page_file):
    """What a file says about its page, in the shape of _row_fields.

    A review date only when the file sets one, and a row's only when it is not the
    default: a file without the key round-trips byte for byte, and the fingerprints are
    the ones recorded before review dates were imported (no conflict on upgrade).
    """
    explicit = {} if page_file.review_by is None else {"review_by": page_file.review_by}
    return {
        **explicit,
        "path": page_file.path,
        "title": page_file.title,
        "summary": page_file.summary,
        "order": page_file.order,
        "status": page_file.status,
        "body": page_file.body,
        "updated": page_file.updated,
        "reviewed": page_file.reviewed,
        "tags": sorted(set(page_file.tags)),
    }


def _row_fields(row, tag_names):
    """What the database holds of a page, in the shape of _file_fields."""
    review_by = _explicit_review_by(row)
    explicit = {} if review_by is None else {"review_by": review_by}
    return {
        **explicit,
        "path": row["path"],
        "title": row["title"],
        "summary": row["summary"],
        "order": row["sibling_order"],
        "status": row["status"],
        "body": row["body_markdown"],
        "updated": row["updated_on"],
        "reviewed": row["reviewed_on"],
        "tags": sorted(tag_names),
    }


def _explicit_review_by(row):
    """The row's review date if it is not the one the default rule gives: what a file says."""
    default = default_review_date(
        row["updated_on"], row["reviewed_on"], timezone.localdate(row["created_at"])
    )
    return None if row["review_by"] == default else row["review_by"]


def _prune(files, ledger, counts):
    """Remove imported pages of the imported sections whose files are gone.

    Only pages an import made, only in the sections this import read, and never one an
    editor changed since: those are reported and kept. A removed page goes to Recently
    deleted like any other deletion.
    """
    sections = {f.path.split("/")[0] for f in files}
    wanted = {f.path for f in files}
    tags_by_page = page_tag_names()
    stale = GuidancePage.objects.exclude(path__in=wanted).order_by("-level")
    for page in stale:
        if page.path.split("/")[0] not in sections:
            continue
        row = _row_fields(
            {f: getattr(page, f) for f in ("path", *COMPARED_FIELDS)},
            tags_by_page.get(page.pk, []),
        )
        if not ledger.may_remove(GuidancePage, page.pk, row):
            continue
        if GuidancePage.objects.filter(parent_id=page.pk).exists():
            ledger.conflicts.append(
                f"{page.path}: its file is gone but pages remain under it; kept it"
            )
            continue
        page.delete()
        counts["removed"] += 1


def _checked(page_file, check):
    """Run a model check (full_clean, clean_fields); a failure names the file."""
    try:
        check(exclude=TREE_FIELDS_NOT_CHECKED)
    except ValidationError as error:
        raise ContentError(page_file.source, "; ".join(error.messages)) from None


def _wanted(page_file, pk_by_path, added_on=None):
    """The fields a file sets. added_on: the day the page came onto the site (for the
    default review date), today for a new page."""
    review_by = page_file.review_by or default_review_date(
        page_file.updated, page_file.reviewed, added_on or timezone.localdate()
    )
    return {
        "title": page_file.title,
        "slug": page_file.slug,
        "summary": page_file.summary,
        "sibling_order": page_file.order,
        "status": page_file.status,
        "updated_on": page_file.updated,
        "reviewed_on": page_file.reviewed,
        "review_by": review_by,
        "body_markdown": page_file.body,
        # None for a parent not yet in the database: a new page, created before any is saved.
        "parent_id": pk_by_path.get(page_file.parent_path),
    }


def _insert_new_pages(new_files, renderings, pk_by_path):
    """Insert new pages in bulk where django-mptt would have put them one by one.

    django-mptt inserts a page before the first sibling (in tree order) that sorts after it
    by (sibling order, title), which is what happens here for each file in import order;
    then every page's numbers are worked out once. Existing pages whose numbers that
    shifts are updated in bulk; the caller holds the tree lock. Model signals do not run
    for these rows: the search index is written here, and import_content empties the page
    cache at the end.

    `renderings`, the bodies' renderings in the order of `new_files`, may still be coming
    from the workers: pages are inserted as theirs arrive, a batch at a time, parents
    before children (the files come level by level), so the keys are the ones inserting
    level by level gives.
    """
    existing = GuidancePage.objects.order_by("tree_id", "lft").values_list(
        "pk", "parent_id", "sibling_order", "title", *TREE_NUMBER_FIELDS
    )
    children = defaultdict(list)  # parent's key -> [(key, sort key)] in tree order
    current = {}
    for pk, parent_id, order, title, *tree_numbers in existing:
        children[parent_id].append((pk, (order, title)))
        current[pk] = tuple(tree_numbers)
    for page_file in new_files:
        # A page in the database is keyed by its id, a new one by its path (roots by None).
        siblings = children[pk_by_path.get(page_file.parent_path, page_file.parent_path)]
        sort_key = (page_file.order, page_file.title)
        position = next(
            (i for i, (_, other) in enumerate(siblings) if other > sort_key), len(siblings)
        )
        siblings.insert(position, (page_file.path, sort_key))
    numbers = _tree_numbers(children)

    shifted = [
        GuidancePage(pk=pk, **dict(zip(TREE_NUMBER_FIELDS, numbers[pk], strict=True)))
        for pk, old_numbers in current.items()
        if numbers[pk] != old_numbers
    ]
    GuidancePage.objects.bulk_update(shifted, TREE_NUMBER_FIELDS, batch_size=500)

    pages, batch = [], []
    for page_file, rendered in zip(new_files, renderings, strict=True):
        page = GuidancePage(
            **_wanted(page_file, {}),
            path=page_file.path,
            edit_version=1,  # as after a first save()
        )
        # Fields only: the model's clean() asks the database whether the slug is taken among
        # siblings, and files under one folder cannot share a name.
        _checked(page_file, page.clean_fields)
        page.use_rendered_body(rendered)
        page.render_body()
        for field, value in zip(TREE_NUMBER_FIELDS, numbers[page_file.path], strict=True):
            setattr(page, field, value)
        if batch and (len(batch) == INSERT_BATCH or batch[-1].level != page.level):
            _insert_pages(batch, pk_by_path)
            batch = []
        batch.append(page)
        pages.append(page)
    _insert_pages(batch, pk_by_path)
    from .search_index import guidance_search

    # Now rather than at the end of the import: the documents' vectors are then computed
    # (search.backends vectors_later) while the import writes tags, news and revisions. A
    # page whose ancestors the import changes later is indexed again then (their saves ask).
    reindex_objects(guidance_search, pages)


INSERT_BATCH = 100  # pages written at once while the workers render the next ones


def _insert_pages(pages, pk_by_path):
    """Insert new pages of one level, whose parents are in the database, and note their
    keys."""
    for page in pages:
        page.parent_id = pk_by_path.get(page.path.rpartition("/")[0] or None)
    for page in insert_new(pages):
        pk_by_path[page.path] = page.pk


TREE_NUMBER_FIELDS = ("tree_id", "lft", "rght", "level")


def _tree_numbers(children):
    """{key: (tree_id, lft, rght, level)} for every page, from ordered lists of children."""
    numbers = {}

    def number(key, tree_id, counter, level):
        lft = counter
        counter += 1
        for child, _ in children.get(key, []):
            counter = number(child, tree_id, counter, level + 1)
        numbers[key] = (tree_id, lft, counter, level)
        return counter + 1

    for tree_id, (root, _) in enumerate(children.get(None, []), start=1):
        number(root, tree_id, 1, 0)
    return numbers


def export_to(target_dir):
    """Write every page back out as files; return the number written."""
    target_dir = Path(target_dir)
    pages = list(GuidancePage.objects.order_by("tree_id", "lft"))
    parent_ids = {page.parent_id for page in pages}
    tags_by_page = page_tag_names()
    sections = set(page_sections())
    # Never imported, so never exported (the admin refuses new ones): prune agrees.
    pages = [page for page in pages if page.path.split("/")[0] in sections]
    for page in pages:
        if page.slug == INDEX_SLUG:
            raise ContentError(
                target_dir / page.path,
                f"the page “{page.title}” has the slug '{INDEX_SLUG}', which would overwrite "
                f"its parent's {INDEX_FILE}: rename it in the admin, then export again",
            )
    translations = defaultdict(list)
    for translation in PageTranslation.objects.order_by("language"):
        translations[translation.page_id].append(translation)
    written = 0
    for page in pages:
        written += 1
        if page.pk in parent_ids or page.parent_id is None:
            file = target_dir / page.path / INDEX_FILE
        else:
            file = target_dir / f"{page.path}.md"
        for translation in translations[page.pk]:
            export_translation(translation, file)
        write_document(
            file,
            [
                ("title", page.title),
                ("summary", page.summary or None),
                ("order", page.sibling_order),
                ("status", page.status),
                ("updated", page.updated_on),
                ("reviewed", page.reviewed_on),
                ("review_by", _explicit_review_by(vars(page))),
                ("tags", tags_by_page.get(page.pk, [])),
            ],
            page.body_markdown,
        )
    return written
