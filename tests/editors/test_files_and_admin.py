"""Files and the admin share one truth: an import never overwrites an editor's change.

Editors change content through the admin's own forms (posted as a signed-in editor would);
the import then runs as `make run` and every release run it.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Version

from guidance.models import GuidancePage
from offences.models import GlossaryTerm
from provenance.models import ImportRecord, RefusedImport
from publications.models import NewsItem
from tests.content import run_import

from .conftest import change_form_data, post_change

pytestmark = pytest.mark.django_db


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page_file(title, body="The file's text.\n", status="published", order=1):
    return f"---\ntitle: {title}\norder: {order}\nstatus: {status}\n---\n{body}"


NEWS = "---\ntitle: Officer sentenced\ndate: 2017-09-29\nstatus: published\n---\nFile news.\n"


@pytest.fixture
def content_dir(tmp_path, settings):
    root = tmp_path / "content"
    write(root / "guidance/index.md", page_file("Guidance", body="Home.\n"))
    write(root / "guidance/hacking.md", page_file("Hacking"))
    write(root / "news/officer-sentenced.md", NEWS)
    write(root / "glossary.yaml", "terms:\n- term: Denial of service\n  abbreviation: DoS\n")
    settings.CONTENT_DIR = root
    return root


@pytest.fixture
def imported(content_dir):
    run_import()
    return GuidancePage.objects.get(path="guidance/hacking")


def public_html(client, page):
    client.logout()
    response = client.get(page.get_absolute_url())
    return response.status_code, response.content.decode()


def test_an_admin_edit_stays_on_the_public_page_after_the_next_import(
    editor_client, imported, client
):
    assert (
        post_change(editor_client, imported, body_markdown="The editor's fix.").status_code == 302
    )

    report = run_import()

    assert "1 kept admin edits" in report
    status, html = public_html(client, imported)
    assert status == 200
    assert "The editor&#x27;s fix." in html or "The editor's fix." in html
    assert "The file's text." not in html


def test_a_page_unpublished_in_the_admin_stays_unpublished_after_an_import(
    editor_client, imported, client
):
    post_change(editor_client, imported, status="draft")

    run_import()

    imported.refresh_from_db()
    assert imported.status == "draft"
    assert public_html(client, imported)[0] == 404


def test_a_file_change_with_no_admin_edit_updates_the_page_as_a_revision(imported, content_dir):
    write(content_dir / "guidance/hacking.md", page_file("Hacking", body="Reviewed text.\n"))

    assert "1 updated" in run_import()

    imported.refresh_from_db()
    assert imported.body_markdown == "Reviewed text."
    latest = Version.objects.get_for_object(imported).order_by("-pk").first()
    assert latest.revision.get_comment() == "Imported from content/guidance/hacking.md"


def test_a_conflicting_file_change_is_reported_and_kept_as_a_refused_edit(
    editor_client, editor, imported, content_dir
):
    post_change(editor_client, imported, body_markdown="The editor's fix.")
    write(content_dir / "guidance/hacking.md", page_file("Hacking", body="The file's rewrite.\n"))

    report = run_import()

    assert "content/guidance/hacking.md: changed in the admin on " in report
    assert (
        f"by {editor.username} and in the file since the last import; kept the admin version"
        in (report)
    )
    imported.refresh_from_db()
    assert imported.body_markdown == "The editor's fix."
    refused = RefusedImport.objects.get(object_id=imported.pk)
    assert refused.file_fields["body"] == "The file's rewrite."
    assert refused.admin_changed_by == editor
    # Editors see it beside the page, in its history.
    history = editor_client.get(
        reverse("admin:guidance_guidancepage_revisions", args=[imported.pk])
    ).content.decode()
    assert "File changes not imported because the page was edited here too" in history
    detail = editor_client.get(
        reverse("admin:provenance_refusedimport_change", args=[refused.pk])
    ).content.decode()
    assert "The file&#x27;s rewrite." in detail
    # A second import reports it again but keeps one copy.
    assert "kept the admin version" in run_import()
    assert RefusedImport.objects.filter(object_id=imported.pk).count() == 1


def test_prefer_files_overwrites_the_admin_edit_which_stays_in_the_history(
    editor_client, imported, content_dir
):
    post_change(editor_client, imported, body_markdown="The editor's fix.")
    write(content_dir / "guidance/hacking.md", page_file("Hacking", body="The file's rewrite.\n"))

    run_import(None, "--prefer-files")

    imported.refresh_from_db()
    assert imported.body_markdown == "The file's rewrite."
    bodies = [v.field_dict["body_markdown"] for v in Version.objects.get_for_object(imported)]
    assert "The editor's fix." in bodies


def test_check_reports_a_conflict_changes_nothing_and_fails(editor_client, imported, content_dir):
    post_change(editor_client, imported, body_markdown="The editor's fix.")
    write(content_dir / "guidance/hacking.md", page_file("Hacking", body="The file's rewrite.\n"))
    write(content_dir / "guidance/new-page.md", page_file("New page"))

    with pytest.raises(CommandError) as failure:
        run_import(None, "--check")

    assert failure.value.returncode == 1
    assert not GuidancePage.objects.filter(path="guidance/new-page").exists()
    assert not RefusedImport.objects.exists()


def test_check_without_conflicts_succeeds_and_changes_nothing(imported, content_dir):
    write(content_dir / "guidance/new-page.md", page_file("New page"))
    report = run_import(None, "--check")
    assert "would be 1 created" in report
    assert not GuidancePage.objects.filter(path="guidance/new-page").exists()


def test_an_import_can_be_undone_from_the_page_history(editor_client, imported, content_dir):
    write(content_dir / "guidance/hacking.md", page_file("Hacking", body="A bad import.\n"))
    run_import()
    versions = list(Version.objects.get_for_object(imported).order_by("pk"))
    before_import = versions[-2]

    editor_client.post(
        reverse("admin:guidance_guidancepage_restore", args=[imported.pk, before_import.pk])
    )

    imported.refresh_from_db()
    assert imported.body_markdown == "The file's text."


def test_a_database_from_before_the_records_keeps_rows_that_differ_from_their_files(
    imported, content_dir
):
    ImportRecord.objects.all().delete()
    GuidancePage.objects.filter(pk=imported.pk).update(body_markdown="Edited before upgrade.")
    write(content_dir / "guidance/hacking.md", page_file("Hacking", body="Changed file.\n"))

    run_import()

    imported.refresh_from_db()
    assert imported.body_markdown == "Edited before upgrade."
    root = GuidancePage.objects.get(path="guidance")
    assert ImportRecord.objects.filter(object_id=root.pk, row_hash__gt="").exists()


def test_export_after_admin_edits_brings_them_to_the_files_and_the_next_import_does_nothing(
    editor_client, imported, content_dir
):
    post_change(editor_client, imported, body_markdown="The editor's fix.")

    call_command("export_content", stdout=StringIO())

    assert "The editor's fix." in (content_dir / "guidance/hacking.md").read_text()
    report = run_import()
    assert "0 created, 0 updated, 2 unchanged" in report
    assert "kept" not in report


def test_a_page_moved_in_the_admin_is_not_created_again_by_the_import(
    editor_client, imported, content_dir, make_page
):
    section = make_page("Section", parent=GuidancePage.objects.get(path="guidance"))
    post_change(editor_client, imported, parent=section.pk)

    run_import()

    assert GuidancePage.objects.filter(title="Hacking").count() == 1
    call_command("export_content", stdout=StringIO())
    assert not (content_dir / "guidance/hacking.md").exists()
    assert (content_dir / "guidance/section/hacking.md").exists()
    assert "0 created, 0 updated" in run_import()


def test_a_news_item_edited_in_the_admin_survives_a_changed_file(
    editor_client, content_dir, imported
):
    item = NewsItem.objects.get(slug="officer-sentenced")
    url = reverse("admin:publications_newsitem_change", args=[item.pk])
    form = change_form_data(editor_client, item, url=url, body_markdown="Admin news.")
    response = editor_client.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    write(content_dir / "news/officer-sentenced.md", NEWS.replace("File news.", "New file."))

    report = run_import()

    item.refresh_from_db()
    assert item.body_markdown == "Admin news."
    assert "content/news/officer-sentenced.md: changed in the admin on" in report


def test_a_glossary_term_changed_in_the_file_only_is_updated_with_a_revision(imported, content_dir):
    write(
        content_dir / "glossary.yaml",
        "terms:\n- term: Denial of service\n  abbreviation: DoS\n  definition: Flooding.\n",
    )
    run_import()
    term = GlossaryTerm.objects.get(abbreviation="DoS")
    assert term.definition == "Flooding."
    comment = Version.objects.get_for_object(term).order_by("-pk")[0].revision.get_comment()
    assert comment == "Imported from content/glossary.yaml"
