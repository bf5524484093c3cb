"""Importing thousands of pages: the same result as saving them one by one, much faster.

import_content renders every body in one batch (on every core when there are many),
inserts new pages in bulk with their django-mptt numbers worked out once, and indexes
them for search in one pass. These specifications hold it to what saving page by page
gives: the same tree, the same HTML, the same search documents.
"""

import json
import os

import pytest
from django.core.management.base import CommandError
from django.db import transaction
from reversion.models import Version

from guidance import rendering
from guidance.models import GuidancePage
from guidance.rendering import render_many, render_markdown
from guidance.tree_check import tree_problems
from offences.models import GlossaryTerm
from publications.models import NewsItem
from search.models import SearchDocument

from .content import PARALLEL_STEPS, run_import

pytestmark = pytest.mark.django_db

TREE_FIELDS = ("tree_id", "lft", "rght", "level")


def write_page(root, relative, title, order, body="Some text.\n"):
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\norder: {order}\nstatus: published\n---\n{body}")


def tree_by_path():
    return {
        page["path"]: tuple(page[field] for field in TREE_FIELDS)
        for page in GuidancePage.objects.values("path", *TREE_FIELDS)
    }


def saved_one_by_one(files):
    """The tree django-mptt builds when the same pages are saved one at a time, in order."""
    GuidancePage.objects.all().delete()
    pages = {}
    for path, title, order in files:
        parent_path, _, slug = path.rpartition("/")
        page = GuidancePage(
            title=title,
            slug=slug,
            sibling_order=order,
            status=GuidancePage.Status.PUBLISHED,
            parent=pages.get(parent_path),
        )
        page.save()
        pages[path] = page
    return tree_by_path()


# (path, title, order), parents first. Ties in order are settled by title, capitals first,
# as both databases compare them (PostgreSQL here uses the C collation).
FIRST_IMPORT = [
    ("guidance", "Guidance", 1),
    ("advice", "Advice", 2),
    ("guidance/hacking", "Hacking", 2),
    ("guidance/fraud", "Fraud", 2),
    ("guidance/annex", "annex", 2),
    ("guidance/intro", "Introduction", 1),
    ("guidance/fraud/romance", "Romance fraud", 1),
    ("advice/report", "Reporting", 5),
]
SECOND_IMPORT = [
    ("guidance/basics", "Basics", 1),  # ties with Introduction; B sorts first
    ("guidance/zebra", "Zebra", 2),  # after Hacking, before annex
    ("guidance/hacking/ddos", "DDoS attacks", 1),  # under a page that had no children
    ("guidance/hacking/ddos/booters", "Booter services", 1),
    ("advice/first", "First steps", 0),
]


def write_files(root, files):
    for path, title, order in files:
        is_parent = any(other.startswith(path + "/") for other, _, _ in FIRST_IMPORT + files)
        relative = f"{path}/index.md" if is_parent or "/" not in path else f"{path}.md"
        write_page(root, relative, title, order)


def test_a_fresh_import_builds_the_tree_mptt_builds_page_by_page(tmp_path):
    write_files(tmp_path, FIRST_IMPORT)
    run_import(tmp_path)
    imported = tree_by_path()
    assert tree_problems() == []
    assert imported == saved_one_by_one(FIRST_IMPORT)


def test_new_pages_join_an_existing_tree_where_mptt_would_put_them(tmp_path):
    write_files(tmp_path, FIRST_IMPORT)
    run_import(tmp_path)
    # "guidance/hacking" gains children: its file becomes a folder's index.md.
    (tmp_path / "guidance/hacking.md").unlink()
    write_files(tmp_path, SECOND_IMPORT)
    write_page(tmp_path, "guidance/hacking/index.md", "Hacking", 2)
    run_import(tmp_path)
    imported = tree_by_path()
    assert tree_problems() == []
    assert imported == saved_one_by_one(FIRST_IMPORT + SECOND_IMPORT)


def test_imported_pages_are_searchable_and_drafts_are_not(tmp_path):
    write_files(tmp_path, FIRST_IMPORT)
    write_page(tmp_path, "advice/draft.md", "Not yet", 9)
    draft = tmp_path / "advice/draft.md"
    draft.write_text(draft.read_text().replace("status: published", "status: draft"))
    run_import(tmp_path)
    indexed = set(SearchDocument.objects.filter(kind="guidance").values_list("title", flat=True))
    assert indexed == {title for _, title, _ in FIRST_IMPORT}


def test_a_fresh_import_renders_each_body_once(tmp_path, monkeypatch):
    write_files(tmp_path, FIRST_IMPORT)
    (tmp_path / "glossary.yaml").write_text(
        "terms:\n- term: Distributed denial of service\n  abbreviation: DDoS\n"
    )
    write_page(tmp_path, "advice/ddos.md", "Attacks", 3, body="A DDoS attack floods a site.\n")
    rendered = []
    real_render = rendering.render_markdown
    monkeypatch.setattr(
        rendering, "render_markdown", lambda s: rendered.append(s) or real_render(s)
    )
    run_import(tmp_path)
    assert len(rendered) == len(FIRST_IMPORT) + 1
    page = GuidancePage.objects.get(path="advice/ddos")
    assert '<abbr title="Distributed denial of service">DDoS</abbr>' in page.body_html


BODIES = [
    f"## Part {number}\n\nA DDoS attack, number {number}, and a [link](https://example.org/).\n"
    for number in range(12)
]


def test_bodies_rendered_on_every_core_match_bodies_rendered_one_by_one(monkeypatch):
    # Created in this test's transaction, which the worker processes cannot see: they
    # render with the glossary as this process read it, never from the database.
    GlossaryTerm.objects.create(term="Distributed denial of service", abbreviation="DDoS")
    monkeypatch.setattr(rendering, "PARALLEL_FROM", 4)
    monkeypatch.setattr(rendering, "WORKER_CHUNK", 2)
    with_marker = "[[glossary-table: abbreviations]]\n"
    sources = [*BODIES, with_marker]
    in_bulk = render_many(sources, processes=2)
    assert in_bulk == [render_markdown(source) for source in sources]
    assert all("<abbr" in result.html for result in in_bulk)
    assert "<table>" in in_bulk[-1].html  # the marker was expanded here, from the database


class Undo(Exception):
    """Raised to roll back one import inside the test's transaction."""


def without_keys(serialized_data):
    """A version's data without what differs between two imports of the same files: the
    keys (the rolled-back import used others) and the times of saving."""
    objects = json.loads(serialized_data)
    for found in objects:
        del found["pk"]
        fields = found["fields"]
        for name in ("created_at", "updated_at"):
            fields.pop(name, None)
        if "page" in fields:
            fields["page"] = "(a page)"
        if "tags" in fields:
            fields["tags"] = len(fields["tags"])
    return json.dumps(objects, sort_keys=True)


def imported_rows():
    """What an import stored that worker processes could have computed: the bodies, the
    revisions' serialized versions and the search documents."""
    pages = dict(GuidancePage.objects.values_list("path", "body_html"))
    news = dict(NewsItem.objects.values_list("slug", "body_html"))
    versions = sorted(
        (version.revision.comment, version.object_repr, without_keys(version.serialized_data))
        for version in Version.objects.select_related("revision")
    )
    documents = sorted(
        SearchDocument.objects.values_list("kind", "title", "url", "headings", "body", "keywords")
    )
    return pages, news, versions, documents


def test_an_import_large_enough_for_the_worker_processes_stores_what_one_process_stores(
    tmp_path, monkeypatch
):
    """Bodies, revisions and search documents computed on every core, handed back in
    chunks, are the ones computed here, page by page; tags and Welsh versions included."""
    write_files(tmp_path, FIRST_IMPORT)
    (tmp_path / "glossary.yaml").write_text(
        "terms:\n- term: Distributed denial of service\n  abbreviation: DDoS\n"
    )
    (tmp_path / "guidance/hacking.cy.md").write_text("---\ntitle: Hacio\n---\nTestun.\n")
    (tmp_path / "news").mkdir()
    for number in range(3):
        (tmp_path / f"news/item-{number}.md").write_text(
            f"---\ntitle: Item {number}\ndate: 2024-01-0{number + 1}\nstatus: published\n"
            f"tags:\n- Cyber\n---\nA DDoS attack, number {number}.\n"
        )

    try:
        with transaction.atomic():
            run_import(tmp_path)
            in_this_process = imported_rows()
            raise Undo
    except Undo:
        pass
    assert not GuidancePage.objects.exists()

    # From two items on, everything goes to two worker processes, two items a chunk.
    for module in PARALLEL_STEPS:
        monkeypatch.setattr(module, "PARALLEL_FROM", 2)
        monkeypatch.setattr(module, "WORKER_CHUNK", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    run_import(tmp_path)

    assert imported_rows() == in_this_process
    assert any("Hacio" in data for _, _, data in in_this_process[2])  # the Welsh version
    assert any('"tags": 1' in data for _, _, data in in_this_process[2])  # the news tags


def test_a_bad_file_read_by_the_worker_processes_is_reported_as_when_read_here(
    tmp_path, monkeypatch
):
    """The page files are read and checked by the workers in a large import: the first bad
    file in order is reported, its line included, as reading them one by one reports it."""
    write_files(tmp_path, FIRST_IMPORT)
    (tmp_path / "guidance/fraud/bad.md").write_text("---\ntitle: Bad\norder: first\n---\nText.\n")
    (tmp_path / "guidance/hacking.md").write_text("---\ntitle: Hacking\ncolour: red\n---\n")

    def reported():
        with pytest.raises(CommandError) as error:
            run_import(tmp_path)
        return str(error.value)

    here = reported()
    for module in PARALLEL_STEPS:
        monkeypatch.setattr(module, "PARALLEL_FROM", 2)
        monkeypatch.setattr(module, "WORKER_CHUNK", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert reported() == here
    assert "fraud/bad.md:3: 'order' must be a whole number" in here
    assert not GuidancePage.objects.exists()


def test_on_postgresql_an_import_compresses_long_values_with_lz4(tmp_path):
    """pglz cost PostgreSQL about a third of its CPU in a large import; LZ4, when the server
    has it, for the import's transaction only: what is stored reads back the same."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's TOAST compression")
    with connection.cursor() as cursor:
        cursor.execute("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        if "lz4" not in cursor.fetchone()[0]:
            pytest.skip("this PostgreSQL was built without LZ4")
    body = "".join(f"Paragraph {number} of a long page about hacking.\n\n" for number in range(300))
    write_page(tmp_path, "guidance/index.md", "Guidance", 1, body=body)
    run_import(tmp_path)
    page = GuidancePage.objects.get(path="guidance")
    assert page.body_markdown == body.rstrip()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(body_markdown), pg_column_compression(body_html) "
            "FROM guidance_guidancepage WHERE id = %s",
            [page.pk],
        )
        assert cursor.fetchone() == ("lz4", "lz4")
        cursor.execute("SHOW default_toast_compression")
        assert cursor.fetchone() == ("pglz",)  # for the import only


def test_on_postgresql_vectors_computed_beside_an_import_are_the_ones_computed_in_it(
    tmp_path, monkeypatch
):
    """In an import, the search vectors of large batches are computed on a second
    connection while the import goes on (the pages' as soon as they are in), and stored
    at its end: each document gets the vectors the import's own connection gives it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search.backends import postgresql

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's search vectors")
    write_files(tmp_path, FIRST_IMPORT)
    (tmp_path / "news").mkdir()
    for number in range(3):
        (tmp_path / f"news/item-{number}.md").write_text(
            f"---\ntitle: Item {number}\ndate: 2024-01-0{number + 1}\nstatus: published\n"
            f"---\nA ransomware attack, number {number}.\n"
        )

    def stored_vectors():
        return list(
            SearchDocument.objects.order_by("kind", "url").values_list(
                "kind", "url", "search_vector", "rank_vector"
            )
        )

    monkeypatch.setattr(postgresql, "VECTORS_ON_TWO_CONNECTIONS_FROM", 10**9)
    try:
        with transaction.atomic():
            run_import(tmp_path)
            in_the_import = stored_vectors()
            raise Undo
    except Undo:
        pass

    monkeypatch.setattr(postgresql, "VECTORS_ON_TWO_CONNECTIONS_FROM", 2)
    with CaptureQueriesContext(connection) as queries:
        run_import(tmp_path)
    assert not [query for query in queries if "to_tsvector" in query["sql"]]
    assert stored_vectors() == in_the_import
    assert len(in_the_import) == len(FIRST_IMPORT) + 3
    assert all(vector and rank for _, _, vector, rank in in_the_import)


def test_each_new_or_changed_page_is_hashed_once_and_recorded_with_that_hash(tmp_path, monkeypatch):
    """The ledger hashes a file's fields when it decides, and records that hash when the
    page is saved, rather than turning every page into JSON and hashing it twice."""
    from provenance import ledger
    from provenance.models import ImportRecord

    hashed = []
    real_fingerprint = ledger.fingerprint
    monkeypatch.setattr(
        ledger,
        "fingerprint",
        lambda fields: hashed.append(fields.get("path")) or real_fingerprint(fields),
    )
    write_files(tmp_path, FIRST_IMPORT)
    run_import(tmp_path)
    paths = [path for path, _, _ in FIRST_IMPORT]
    assert sorted(path for path in hashed if path) == sorted(paths)

    write_page(tmp_path, "guidance/hacking.md", "Hacking", 2, body="Changed.\n")
    hashed.clear()
    run_import(tmp_path)
    hacking = GuidancePage.objects.get(path="guidance/hacking")
    assert hacking.body_markdown.strip() == "Changed."
    # Its file's fields and its row hashed to compare them, and not again when it is saved.
    assert hashed.count("guidance/hacking") == 2
    record = ImportRecord.objects.get(source="guidance/hacking.md")
    assert record.file_hash == record.row_hash
    # The hashes recorded are the files': nothing has changed for the next import.
    assert "8 unchanged" in run_import(tmp_path)
