"""import_content and export_content: idempotent, all-or-nothing, byte-for-byte round trip."""

import datetime
import importlib
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from guidance.models import GuidancePage

from .content import run_import

pytestmark = pytest.mark.django_db


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page_file(title, order=1, status="published", body="Some text.\n", summary=None):
    summary_line = f"summary: {summary}\n" if summary else ""
    return f"---\ntitle: {title}\n{summary_line}order: {order}\nstatus: {status}\n---\n{body}"


@pytest.fixture
def content_dir(tmp_path):
    root = tmp_path / "content"
    write(root / "guidance/index.md", page_file("Guidance", summary="All of it.", body="Hi.\n"))
    write(root / "guidance/introduction.md", page_file("Introduction", order=1))
    write(root / "guidance/cyber-dependent-crimes/index.md", page_file("Cyber-dependent", order=2))
    write(
        root / "guidance/cyber-dependent-crimes/hacking.md",
        page_file("Hacking", body="## Offences\n\nSection 1.\n"),
    )
    write(root / "advice/index.md", page_file("Help for the public", order=2))
    return root


def test_import_creates_the_tree_by_path(content_dir):
    report = run_import(content_dir)
    assert "5 created" in report
    hacking = GuidancePage.objects.get(path="guidance/cyber-dependent-crimes/hacking")
    assert hacking.parent.path == "guidance/cyber-dependent-crimes"
    assert '<h2 id="offences">Offences<a class="section-link"' in hacking.body_html
    assert hacking.headings == [{"level": 2, "text": "Offences", "anchor": "offences"}]


def test_a_second_import_changes_nothing(content_dir):
    run_import(content_dir)
    before = {p.pk: p.updated_at for p in GuidancePage.objects.all()}
    report = run_import(content_dir)
    assert "0 created, 0 updated, 5 unchanged" in report
    assert {p.pk: p.updated_at for p in GuidancePage.objects.all()} == before


def test_an_edited_file_updates_its_page(content_dir):
    run_import(content_dir)
    write(content_dir / "guidance/introduction.md", page_file("Introduction", body="New text.\n"))
    assert "1 updated" in run_import(content_dir)
    assert "New text." in GuidancePage.objects.get(path="guidance/introduction").body_html


def test_sibling_order_comes_from_the_files(content_dir, client):
    write(content_dir / "guidance/introduction.md", page_file("Introduction", order=3))
    run_import(content_dir)
    root = GuidancePage.objects.get(path="guidance")
    assert [child.slug for child in root.get_children()] == [
        "cyber-dependent-crimes",
        "introduction",
    ]


def test_prune_removes_pages_whose_files_are_gone(content_dir):
    run_import(content_dir)
    shutil.rmtree(content_dir / "guidance/cyber-dependent-crimes")
    assert "0 removed" in run_import(content_dir)
    assert GuidancePage.objects.filter(path__startswith="guidance/cyber-dependent").count() == 2
    assert "2 removed" in run_import(content_dir, "--prune")
    assert not GuidancePage.objects.filter(path__startswith="guidance/cyber-dependent").exists()


def test_export_after_import_reproduces_every_file_byte_for_byte(content_dir, tmp_path):
    run_import(content_dir)
    exported = tmp_path / "exported"
    call_command("export_content", str(exported), stdout=StringIO())
    originals = sorted(p.relative_to(content_dir) for p in content_dir.rglob("*.md"))
    copies = sorted(p.relative_to(exported) for p in exported.rglob("*.md"))
    assert originals == copies
    for relative in originals:
        assert (exported / relative).read_bytes() == (content_dir / relative).read_bytes()


def test_the_shipped_content_round_trips(shipped_content, tmp_path):
    exported = tmp_path / "exported"
    call_command("export_content", str(exported), stdout=StringIO())
    for section in settings.CONTENT_PAGE_SECTIONS:
        for original in (Path(settings.CONTENT_DIR) / section).rglob("*.md"):
            copy = exported / original.relative_to(settings.CONTENT_DIR)
            assert copy.read_bytes() == original.read_bytes(), original


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        ("guidance/bad.md", "---\ntitle: [unclosed\n---\nx\n", "guidance/bad.md:2"),
        ("guidance/bad.md", "---\nsummary: no title\n---\nx\n", "'title' is missing"),
        ("guidance/bad.md", "no front matter\n", "guidance/bad.md:1"),
        ("guidance/bad.md", "---\ntitle: x\n", "never closed"),
        ("guidance/bad.md", "---\ntitle: x\ncolour: red\n---\n", "guidance/bad.md:3: unknown key"),
        ("guidance/bad.md", "---\ntitle: x\norder: first\n---\n", "'order' must be"),
        ("guidance/bad.md", "---\ntitle: x\nstatus: live\n---\n", "'status' must be"),
        ("guidance/bad.md", "---\ntitle: x\nupdated: last week\n---\n", "'updated' must be a date"),
        ("guidance/bad.md", "---\ntitle: x\nreviewed: 2024-13-01\n---\n", "bad front matter"),
        ("guidance/bad.md", "---\ntitle: x\nupdated: 2024-02-30\n---\n", "bad front matter"),
        ("guidance/Bad Name.md", page_file("x"), "not a valid slug"),
        ("guidance/orphans/lost.md", page_file("Lost"), "outside the tree"),
        ("guidance/introduction/index.md", page_file("Again"), "duplicate slug"),
        ("guidance/notes.txt", "hello", "only Markdown files"),
    ],
)
def test_a_bad_file_is_named_and_nothing_is_imported(content_dir, relative, text, expected):
    write(content_dir / relative, text)
    with pytest.raises(CommandError) as error:
        run_import(content_dir)
    assert expected in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert GuidancePage.objects.count() == 0


def test_an_error_after_some_pages_rolls_back_the_whole_run(content_dir):
    run_import(content_dir)
    write(content_dir / "guidance/introduction.md", page_file("Changed title"))
    write(content_dir / "guidance/zzz/broken.md", page_file("Broken"))
    with pytest.raises(CommandError):
        run_import(content_dir)
    assert GuidancePage.objects.get(path="guidance/introduction").title == "Introduction"


def test_a_reserved_root_name_is_refused(tmp_path, settings):
    settings.CONTENT_PAGE_SECTIONS = ["admin"]
    write(tmp_path / "admin/index.md", page_file("Admin"))
    with pytest.raises(CommandError, match="cannot be a section name"):
        run_import(tmp_path)


def test_a_pages_own_dates_are_imported_and_exported(content_dir, tmp_path):
    write(
        content_dir / "guidance/introduction.md",
        "---\ntitle: Introduction\norder: 1\nstatus: published\nupdated: 2018-05-23\n"
        "reviewed: 2026-11-30\n---\nSome text.\n",
    )
    run_import(content_dir)
    page = GuidancePage.objects.get(path="guidance/introduction")
    assert page.updated_on.isoformat() == "2018-05-23"
    assert page.reviewed_on.isoformat() == "2026-11-30"
    assert page.last_updated.date().isoformat() == "2018-05-23"
    assert GuidancePage.objects.get(path="guidance").last_updated is None
    call_command("export_content", str(tmp_path / "out"), stdout=StringIO())
    exported = (tmp_path / "out/guidance/introduction.md").read_text(encoding="utf-8")
    assert "updated: 2018-05-23\nreviewed: 2026-11-30\n" in exported


def test_a_page_is_due_for_review_a_year_after_its_content_date(content_dir):
    write(
        content_dir / "guidance/introduction.md",
        "---\ntitle: Introduction\norder: 1\nupdated: 2025-03-01\nreviewed: 2026-02-10\n---\n",
    )
    write(
        content_dir / "advice/index.md",
        "---\ntitle: Help for the public\nupdated: 2024-02-29\n---\n",
    )
    run_import(content_dir)
    review_by = dict(GuidancePage.objects.values_list("path", "review_by"))
    assert review_by["guidance/introduction"].isoformat() == "2027-02-10"  # the later date
    assert review_by["advice"].isoformat() == "2025-02-28"
    # No date in the file: a year after the page came onto the site.
    today = timezone.localdate()
    assert review_by["guidance"] == today.replace(year=today.year + 1)


def test_a_review_date_in_the_front_matter_wins_and_is_exported(content_dir, tmp_path):
    text = (
        "---\ntitle: Introduction\norder: 1\nstatus: published\nupdated: 2025-03-01\n"
        "review_by: 2025-09-01\n---\n"
    )
    write(content_dir / "guidance/introduction.md", text)
    run_import(content_dir)
    page = GuidancePage.objects.get(path="guidance/introduction")
    assert page.review_by.isoformat() == "2025-09-01"
    call_command("export_content", str(tmp_path / "out"), stdout=StringIO())
    assert (tmp_path / "out/guidance/introduction.md").read_text(encoding="utf-8") == text
    # The computed dates of the other pages stay out of their files.
    assert "review_by" not in (tmp_path / "out/guidance/index.md").read_text(encoding="utf-8")


def test_a_review_date_set_in_the_admin_is_exported_and_reads_back_without_a_conflict(
    content_dir, settings
):
    settings.CONTENT_DIR = content_dir
    run_import(content_dir)
    page = GuidancePage.objects.get(path="guidance/introduction")
    page.review_by = datetime.date(2027, 6, 1)
    page.save()
    call_command("export_content", stdout=StringIO())
    exported = (content_dir / "guidance/introduction.md").read_text(encoding="utf-8")
    assert "review_by: 2027-06-01\n" in exported
    report = run_import(content_dir)
    assert "0 created, 0 updated, 5 unchanged" in report
    assert "conflict" not in report
    assert GuidancePage.objects.get(pk=page.pk).review_by == datetime.date(2027, 6, 1)


def test_pages_imported_before_review_dates_get_them_and_the_ledger_sees_no_change(content_dir):
    """A database imported by an older version: its records were fingerprinted without a
    review date, and the migration fills in the date the import would have given."""
    run_import(content_dir)
    GuidancePage.objects.update(review_by=None)
    migration = importlib.import_module("guidance.migrations.0006_review_dates")
    migration.give_pages_review_dates(django_apps, None)
    assert not GuidancePage.objects.filter(review_by__isnull=True).exists()
    write(content_dir / "guidance/introduction.md", page_file("Introduction", body="New text.\n"))
    report = run_import(content_dir)
    assert "1 updated" in report and "conflict" not in report
