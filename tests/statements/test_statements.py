"""The statements every footer links to: accessibility, cookies, privacy and the licence."""

import datetime
import shutil
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from guidance.content_files import read_document, write_document
from statements.content_files import KEYS
from statements.models import Statement

pytestmark = pytest.mark.django_db

FOOTER_STATEMENTS = ["accessibility", "cookies", "privacy", "licence"]


@pytest.fixture
def statements_imported(shipped_content):
    return shipped_content


def footer_of(html):
    return html[html.index('<footer class="site-footer">') :]


@pytest.mark.parametrize("slug", FOOTER_STATEMENTS)
def test_every_statement_is_a_public_page_linked_from_every_footer(
    client, statements_imported, slug
):
    response = client.get(f"/help/{slug}/")
    assert response.status_code == 200
    assert f'href="/help/{slug}/"' in footer_of(response.text)
    for other_page in ["/", "/advice/", "/offences/", "/no-such-page/"]:
        assert f'href="/help/{slug}/"' in footer_of(client.get(other_page).text)


def test_every_footer_states_the_open_government_licence(client, statements_imported):
    footer = footer_of(client.get("/guidance/").text)
    assert "All content is available under the" in footer
    assert "open-government-licence/version/3/" in footer
    assert "Open Government Licence v3.0</a>, except where otherwise stated." in footer


def test_the_code_is_under_the_mit_licence():
    licence = (settings.BASE_DIR / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")


def test_the_old_accessibility_address_moves_permanently_to_the_statement(client):
    response = client.get("/accessibility/")
    assert response.status_code == 301
    assert response["Location"] == "/help/accessibility/"


def test_an_unknown_statement_is_not_found(client, statements_imported):
    assert client.get("/help/no-such-statement/").status_code == 404


def test_the_accessibility_statement_has_what_the_regulations_ask(
    client, statements_imported, settings
):
    settings.FEEDBACK_EMAIL = "report-a-problem@example.gov.uk"
    html = client.get("/help/accessibility/").text
    for part in [
        "How accessible this website is",
        "Reporting accessibility problems",
        "Enforcement procedure",
        "Equality and Human Rights Commission",
        "Equality Advisory and Support Service",
        "Compliance status",
        "Content that is not accessible",
        "How we tested this website",
        "This statement was prepared on 30 November 2026.",
        "It was last reviewed on",
        'href="mailto:report-a-problem@example.gov.uk"',
    ]:
        assert part in html, part


def test_an_editor_changes_a_statement_and_the_public_sees_it(client, statements_imported):
    client.get("/help/cookies/")  # now in the page cache
    statement = Statement.objects.get(slug="cookies")
    statement.body_markdown += "\n\n## A new section\n\nWe added a cookie."
    statement.save()
    html = client.get("/help/cookies/").text
    assert '<h2 id="a-new-section">A new section</h2>' in html
    assert 'href="#a-new-section"' in html  # in the contents list


def test_statement_markdown_is_sanitised(db, client):
    Statement.objects.create(slug="cookies", title="Cookies", body_markdown="<script>x()</script>")
    html = client.get("/help/cookies/").text
    assert "<script>x()" not in html


def test_export_writes_the_statement_files_back_byte_for_byte(statements_imported, tmp_path):
    call_command("export_content", str(tmp_path), stdout=StringIO())
    for original in (settings.CONTENT_DIR / "statements").glob("*.md"):
        assert (tmp_path / "statements" / original.name).read_bytes() == original.read_bytes()


def test_a_bad_date_in_a_statement_stops_the_import_with_its_line(tmp_path):
    folder = tmp_path / "statements"
    folder.mkdir()
    (folder / "cookies.md").write_text("---\ntitle: Cookies\nreviewed: soon\n---\nBody.\n")
    with pytest.raises(Exception, match=r"cookies\.md:3: 'reviewed' must be a date"):
        call_command("import_content", str(tmp_path), stdout=StringIO())
    assert not Statement.objects.exists()


def test_recording_the_checks_writes_todays_date_into_the_statement(statements_imported, tmp_path):
    shutil.copytree(settings.CONTENT_DIR / "statements", tmp_path / "statements")
    call_command("record_checks_passed", str(tmp_path), stdout=StringIO())
    document = read_document(tmp_path / "statements" / "accessibility.md", KEYS)
    assert document.meta["checks_passed"] == datetime.date.today()
    assert Statement.objects.get(slug="accessibility").checks_passed_on == datetime.date.today()


def test_recording_the_checks_dates_the_welsh_statement_too(statements_imported, tmp_path):
    shutil.copytree(settings.CONTENT_DIR / "statements", tmp_path / "statements")
    welsh_file = tmp_path / "statements" / "accessibility.cy.md"
    welsh = read_document(welsh_file, KEYS)
    old_meta = {**welsh.meta, "checks_passed": datetime.date(2020, 1, 1)}
    write_document(welsh_file, [(key, old_meta.get(key)) for key in KEYS], welsh.body)

    call_command("record_checks_passed", str(tmp_path), stdout=StringIO())

    recorded = read_document(welsh_file, KEYS)
    assert recorded.meta["checks_passed"] == datetime.date.today()
    assert recorded.meta["title"] == welsh.meta["title"]
    assert recorded.body == welsh.body


def test_an_edit_made_in_the_admin_survives_the_next_import(statements_imported):
    cookies = Statement.objects.get(slug="cookies")
    cookies.summary = "An editor's new summary."
    cookies.save()

    call_command("import_content", str(settings.CONTENT_DIR), stdout=StringIO())

    assert Statement.objects.get(slug="cookies").summary == "An editor's new summary."


def test_a_broken_link_in_a_statement_is_refused_in_the_admin(admin_client):
    statement = Statement.objects.create(slug="cookies", title="Cookies", body_markdown="Text.")
    url = f"/admin/statements/statement/{statement.pk}/change/"
    data = {"title": "Cookies", "slug": "cookies", "summary": "", "body_markdown": ""}
    data |= {"translations-TOTAL_FORMS": 0, "translations-INITIAL_FORMS": 0}  # no Welsh version

    refused = admin_client.post(url, {**data, "body_markdown": "[Our advice](/advice/gone/)"})

    assert refused.status_code == 200
    assert "“Our advice” (/advice/gone/) leads nowhere" in refused.content.decode()
    assert Statement.objects.get(pk=statement.pk).body_markdown == "Text."
    saved = admin_client.post(url, {**data, "body_markdown": "[The news](/news/) and more."})
    assert saved.status_code == 302
