"""The editors' workspace: the admin says whose it is, lists the guidance first, and its home
page shows what needs an editor."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from feedback.models import Feedback
from guidance.models import GuidancePage, RefusedEdit
from provenance.models import RefusedImport

from .conftest import post_change

pytestmark = pytest.mark.django_db


def home(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_admin_says_whose_it_is_and_lists_the_guidance_first(editor_client):
    html = home(editor_client)
    assert "Cybercrime guidance portal — editors" in html
    assert "Django administration" not in html
    assert html.index("Guidance pages") < html.index("Digital MOT")
    assert html.index("Guidance pages") < html.index("Feedback")


def test_the_home_page_shows_the_latest_changes_with_a_link_to_each_diff(editor_client, small_tree):
    page = small_tree["hacking"]
    post_change(editor_client, page, body_markdown="One.", change_note="First pass.")
    page.refresh_from_db()
    post_change(editor_client, page, body_markdown="Two.", change_note="Second pass.")
    html = home(editor_client)
    assert "Second pass." in html and "First pass." in html
    assert reverse("admin:guidance_guidancepage_compare", args=[page.pk]) + "?from=" in html


def test_the_home_page_shows_scheduled_changes_and_pages_due_for_review(editor_client, small_tree):
    page = small_tree["hacking"]
    moment = timezone.localtime(timezone.now() + datetime.timedelta(hours=2))
    post_change(
        editor_client,
        page,
        body_markdown="Later.",
        publish_at_0=moment.strftime("%Y-%m-%d"),
        publish_at_1=moment.strftime("%H:%M:%S"),
    )
    GuidancePage.objects.filter(pk=small_tree["introduction"].pk).update(
        review_by=timezone.localdate() - datetime.timedelta(days=3)
    )
    html = home(editor_client)
    assert "changes replace the live text at" in html
    assert "overdue since" in html and "Introduction" in html


def test_the_home_page_shows_the_pages_with_most_no_answers_this_month(editor_client):
    for _ in range(3):
        Feedback.objects.create(page_path="/guidance/hacking/", useful=False)
    Feedback.objects.create(page_path="/guidance/other/", useful=True)
    html = home(editor_client)
    assert "/guidance/hacking/: 3" in html
    assert "/guidance/other/" not in html


def test_a_page_tag_row_has_a_readable_label(editor_client, small_tree):
    from tags.models import Tag

    tag = Tag.objects.create(name="Cyber / online crime", slug="cyber")
    tag.pages.add(small_tree["hacking"])
    url = reverse("admin:guidance_guidancepage_change", args=[small_tree["hacking"].pk])
    html = editor_client.get(url).content.decode()
    assert "Tag_pages object" not in html
    assert "“Cyber / online crime” on “Hacking”" in html


def test_a_preview_never_offers_the_is_this_page_useful_form(editor_client, small_tree):
    url = reverse("admin:guidance_guidancepage_preview", args=[small_tree["hacking"].pk])
    html = editor_client.get(url).content.decode()
    assert "preview-banner" in html
    assert 'action="/feedback/"' not in html


def test_the_public_page_still_asks_whether_it_is_useful(client, small_tree):
    html = client.get(small_tree["hacking"].get_absolute_url()).content.decode()
    assert 'action="/feedback/"' in html


def test_a_new_page_goes_to_the_end_of_its_section(editor_client, small_tree):
    from .conftest import _FormReader

    add = reverse("admin:guidance_guidancepage_add")
    reader = _FormReader()
    reader.feed(editor_client.get(add).content.decode())
    data = {k: v for k, v in reader.data.items() if k != "csrfmiddlewaretoken"}
    data.update(title="Zero-day exploits", slug="zero-day", parent=small_tree["root"].pk)
    data.update(status="published")
    response = editor_client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    children = list(small_tree["root"].get_children().values_list("title", flat=True))
    assert children[-1] == "Zero-day exploits"


def test_the_summary_box_is_sized_for_its_300_characters(editor_client, small_tree):
    url = reverse("admin:guidance_guidancepage_change", args=[small_tree["hacking"].pk])
    html = editor_client.get(url).content.decode()
    assert '<textarea name="summary" cols="40" rows="3" maxlength="300"' in html


def test_the_link_chooser_finds_pages_offences_glossary_terms_and_news_with_their_markdown(
    editor_client, small_tree
):
    from offences.models import Act, GlossaryTerm, Offence
    from publications.models import NewsItem

    act = Act.objects.create(name="Computer Misuse Act", year=1990, chapter=18)
    Offence.objects.create(
        slug="cma-s3", act=act, section="3", title="Impairing a computer (hacking tools)",
        conduct="x", category="cyber-dependent", mode_of_trial="either-way",
        maximum_on_summary_conviction="a fine", maximum_on_indictment="10 years",
        longest_sentence_months=120,
    )  # fmt: skip
    term = GlossaryTerm.objects.create(term="Hacking", definition="Access without permission.")
    NewsItem.objects.create(title="Hacking gang jailed", slug="gang", published_on="2026-01-01")
    url = reverse("admin:guidance_guidancepage_links")

    results = editor_client.get(url, {"q": "hacking"}).json()["results"]

    markdown = [r["markdown"] for r in results]
    assert "[Hacking](/guidance/cyber-dependent-crimes/hacking/)" in markdown
    assert "[Impairing a computer (hacking tools)](/offences/cma-s3/)" in markdown
    assert f"[Hacking](/glossary/#{term.slug})" in markdown
    assert "[Hacking gang jailed](/news/gang/)" in markdown
    assert editor_client.get(url, {"q": "h"}).json()["results"] == []


def test_the_link_chooser_is_for_editors_only(client):
    response = client.get(reverse("admin:guidance_guidancepage_links"), {"q": "hacking"})
    assert response.status_code == 302


def test_the_home_page_shows_import_conflicts_and_refused_edits(editor_client, tmp_path):
    from tests.content import run_import

    page_file = tmp_path / "guidance/index.md"
    page_file.parent.mkdir(parents=True)
    page_file.write_text("---\ntitle: Guidance\n---\nFrom the file.\n", encoding="utf-8")
    run_import(tmp_path)
    page = GuidancePage.objects.get(path="guidance")
    post_change(editor_client, page, body_markdown="From the admin.", change_note="Mine.")
    page_file.write_text("---\ntitle: Guidance\n---\nThe file changed too.\n", encoding="utf-8")
    assert "conflict" in run_import(tmp_path)
    RefusedEdit.objects.create(
        page=page, editor=None, opened_version=1, saved_version=2, title="Guidance"
    )

    html = home(editor_client)

    panel = html[html.index("Import conflicts and refused edits") :]
    assert "guidance/index.md" in panel and "kept the admin's version by editor" in panel
    assert "Edits refused because someone saved first" in panel
    refused = RefusedImport.objects.get()
    assert reverse("admin:provenance_refusedimport_change", args=[refused.pk]) in panel


def test_the_home_page_says_when_nothing_was_refused(editor_client):
    assert "No import conflict and no refused edit." in home(editor_client)
