"""Import and export refuse what would lose or expose content: an `index` slug, a page
outside the content sections, symbolic links, tag names without an address."""

import os
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from guidance.models import GuidancePage
from tests.content import run_import

pytestmark = pytest.mark.django_db


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page_file(title, tags=None):
    tag_lines = "".join(f"- '{tag}'\n" for tag in tags or [])
    tags_key = f"tags:\n{tag_lines}" if tags else ""
    return f"---\ntitle: {title}\norder: 1\nstatus: published\n{tags_key}---\nText.\n"


def news_file(title):
    return f"---\ntitle: {title}\ndate: 2024-01-01\nsummary: A summary.\n---\nBody.\n"


@pytest.fixture
def content_dir(tmp_path):
    root = tmp_path / "content"
    write(root / "guidance/index.md", page_file("Guidance"))
    write(root / "guidance/hacking.md", page_file("Hacking"))
    return root


def refused(directory, *args):
    with pytest.raises(CommandError) as error:
        run_import(directory, *args)
    return str(error.value)


def test_a_folder_named_index_is_refused(content_dir):
    write(content_dir / "guidance/index/index.md", page_file("Index"))
    message = refused(content_dir)
    assert "guidance/index/index.md: 'index' cannot be a slug" in message
    assert not GuidancePage.objects.exists()


def test_an_editor_cannot_give_a_page_the_slug_index(small_tree):
    page = GuidancePage(title="Index", slug="index", parent=small_tree["root"])
    with pytest.raises(ValidationError, match="names a folder's own page"):
        page.full_clean()


def test_export_refuses_a_page_with_the_slug_index_before_writing(small_tree, tmp_path):
    GuidancePage.objects.filter(pk=small_tree["hacking"].pk).update(slug="index")
    with pytest.raises(CommandError, match="would overwrite its parent's index.md"):
        call_command("export_content", str(tmp_path / "out"), stdout=StringIO())
    assert not list((tmp_path / "out").rglob("*.md"))


def test_a_top_level_page_outside_the_content_sections_is_refused(small_tree):
    page = GuidancePage(title="Stray", slug="stray")
    with pytest.raises(ValidationError, match="must be one of the content sections"):
        page.full_clean()


def test_export_leaves_out_a_root_outside_the_sections_and_prune_never_touches_it(
    content_dir, make_page, tmp_path
):
    run_import(content_dir)
    stray = make_page("Stray", slug="stray")
    call_command("export_content", str(tmp_path / "out"), stdout=StringIO())
    assert not (tmp_path / "out/stray").exists()
    run_import(content_dir, "--prune")
    assert GuidancePage.objects.filter(pk=stray.pk).exists()


def test_prune_keeps_a_page_made_in_the_admin_and_sections_it_did_not_import(
    content_dir, make_page
):
    write(content_dir / "advice/index.md", page_file("Advice"))
    run_import(content_dir)
    guidance = GuidancePage.objects.get(path="guidance")
    made_in_admin = make_page("Made in the admin", parent=guidance)
    (content_dir / "guidance/hacking.md").unlink()
    (content_dir / "advice/index.md").unlink()

    report = run_import(content_dir, "--prune")

    assert "1 removed" in report
    assert GuidancePage.objects.filter(pk=made_in_admin.pk).exists()
    assert GuidancePage.objects.filter(path="advice").exists()
    assert not GuidancePage.objects.filter(path="guidance/hacking").exists()


def test_a_symbolic_link_to_a_file_is_refused(content_dir, tmp_path):
    outside = tmp_path / "secret.md"
    write(outside, page_file("Secret"))
    os.symlink(outside, content_dir / "guidance/secret.md")
    message = refused(content_dir)
    assert "guidance/secret.md" in message and "is a symbolic link" in message


def test_a_symbolic_link_to_a_folder_is_refused(content_dir, tmp_path):
    write(tmp_path / "elsewhere/index.md", page_file("Elsewhere"))
    os.symlink(tmp_path / "elsewhere", content_dir / "guidance/elsewhere")
    assert "is a symbolic link" in refused(content_dir)


def test_a_symbolic_link_beside_real_pages_deep_in_a_section_is_refused(content_dir, tmp_path):
    """Folders found real are remembered while a section is read (one look at each file
    after the first in a folder): a link among real files in one is still refused."""
    write(content_dir / "guidance/deep/index.md", page_file("Deep"))
    write(content_dir / "guidance/deep/a-real-page.md", page_file("Real"))
    write(tmp_path / "secret.md", page_file("Secret"))
    os.symlink(tmp_path / "secret.md", content_dir / "guidance/deep/z-secret.md")
    message = refused(content_dir)
    assert "guidance/deep/z-secret.md" in message and "is a symbolic link" in message


def test_a_symbolic_link_among_news_items_is_refused(content_dir, tmp_path):
    write(content_dir / "news/a-real-item.md", news_file("Real"))
    write(tmp_path / "secret.md", news_file("Secret"))
    os.symlink(tmp_path / "secret.md", content_dir / "news/z-secret.md")
    message = refused(content_dir)
    assert "news/z-secret.md" in message and "is a symbolic link" in message


def test_a_symbolic_link_in_a_data_file_place_is_refused(content_dir, tmp_path):
    write(tmp_path / "glossary.yaml", "terms: []\n")
    os.symlink(tmp_path / "glossary.yaml", content_dir / "glossary.yaml")
    assert "glossary.yaml is a symbolic link" in refused(content_dir)


def test_export_refuses_to_write_through_a_symbolic_link(small_tree, tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    os.symlink(tmp_path, target / "guidance")
    with pytest.raises(CommandError, match="is a symbolic link"):
        call_command("export_content", str(target), stdout=StringIO())


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["#"], "the tag '#' gives no address"),
        (["Кибер"], "the tag 'Кибер' gives no address"),
        (["Fraud", "fraud"], "the tag 'fraud' has the same address (/tags/fraud/) as the tag"),
    ],
)
def test_a_tag_name_without_a_unique_address_stops_the_import_at_its_file_and_line(
    content_dir, tags, expected
):
    write(content_dir / "guidance/hacking.md", page_file("Hacking", tags=tags))
    message = refused(content_dir)
    assert "guidance/hacking.md:5:" in message
    assert expected in message
    assert not GuidancePage.objects.exists()
