"""Every admin save is a revision; editors compare and restore, and nothing is lost."""

import pytest
from django.urls import reverse
from reversion.models import Version

from guidance.models import GuidancePage

from .conftest import post_change

pytestmark = pytest.mark.django_db


def versions_of(page):
    versions = Version.objects.get_for_object(page).select_related("revision__user")
    return list(versions.order_by("pk"))


def test_every_admin_save_keeps_a_revision_with_its_editor_and_change_note(
    editor_client, editor, small_tree
):
    page = small_tree["hacking"]
    response = post_change(
        editor_client, page, body_markdown="First text.", change_note="Fixed the penalty."
    )
    assert response.status_code == 302
    page.refresh_from_db()
    post_change(editor_client, page, body_markdown="Second text.")

    first, second = versions_of(page)
    assert first.revision.user == editor
    assert first.revision.get_comment() == "Fixed the penalty."
    assert first.field_dict["body_markdown"] == "First text."
    assert second.revision.get_comment() == "Saved (no change note)."
    assert second.field_dict["body_markdown"] == "Second text."


def test_the_history_page_lists_revisions_newest_first(editor_client, small_tree):
    page = small_tree["hacking"]
    post_change(editor_client, page, body_markdown="One.", change_note="Note one")
    page.refresh_from_db()
    post_change(editor_client, page, body_markdown="Two.", change_note="Note two")

    response = editor_client.get(reverse("admin:guidance_guidancepage_revisions", args=[page.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Note two") < html.index("Note one")


def test_an_editor_can_compare_two_revisions_line_by_line(editor_client, small_tree):
    page = small_tree["hacking"]
    post_change(editor_client, page, body_markdown="Keep this.\nOld line.")
    page.refresh_from_db()
    post_change(editor_client, page, body_markdown="Keep this.\nNew line.")
    older, newer = versions_of(page)

    url = reverse("admin:guidance_guidancepage_compare", args=[page.pk])
    response = editor_client.get(url, {"from": older.pk, "to": newer.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<del role="cell">Old line.</del>' in html
    assert '<ins role="cell">New line.</ins>' in html
    assert '<span role="cell">Keep this.</span>' in html


@pytest.mark.parametrize("query", [{}, {"from": "x"}, {"from": "99999"}, {"from": "-1"}])
def test_comparing_without_a_real_revision_is_a_404(editor_client, small_tree, query):
    url = reverse("admin:guidance_guidancepage_compare", args=[small_tree["hacking"].pk])
    assert editor_client.get(url, query).status_code == 404


def test_restoring_an_earlier_version_is_a_new_revision_and_loses_nothing(
    editor_client, small_tree
):
    page = small_tree["hacking"]
    post_change(editor_client, page, title="Hacking", body_markdown="The good text.")
    page.refresh_from_db()
    post_change(editor_client, page, body_markdown="A mistaken edit.")
    good, mistaken = versions_of(page)

    restore_url = reverse("admin:guidance_guidancepage_restore", args=[page.pk, good.pk])
    confirm = editor_client.get(restore_url)
    assert confirm.status_code == 200
    assert "A mistaken edit." in confirm.content.decode()  # what would go, shown first
    response = editor_client.post(restore_url)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body_markdown == "The good text."
    assert "The good text." in page.body_html
    history = versions_of(page)
    assert len(history) == 3
    assert history[-1].revision.get_comment().startswith("Restored the version saved at")
    assert history[1].field_dict["body_markdown"] == "A mistaken edit."  # still there


def test_a_restore_never_moves_hides_or_renames_the_page(editor_client, small_tree):
    page = small_tree["hacking"]
    post_change(editor_client, page, body_markdown="Old body.")
    old = versions_of(page)[0]
    page.refresh_from_db()
    post_change(
        editor_client,
        page,
        slug="computer-hacking",
        parent=small_tree["introduction"].pk,
        status="draft",
        body_markdown="New body.",
    )

    editor_client.post(reverse("admin:guidance_guidancepage_restore", args=[page.pk, old.pk]))

    page.refresh_from_db()
    assert page.body_markdown == "Old body."
    assert page.path == "guidance/introduction/computer-hacking"
    assert page.status == GuidancePage.Status.DRAFT


def test_a_published_change_note_shows_in_all_updates_and_a_private_one_does_not(
    editor_client, client, small_tree
):
    page = small_tree["hacking"]
    post_change(
        editor_client,
        page,
        change_note="Added the 2022 sentencing change.",
        publish_change_note="on",
    )
    page.refresh_from_db()
    post_change(editor_client, page, change_note="Typo in the second paragraph.")

    client.logout()
    html = client.get(page.get_absolute_url()).content.decode()
    assert "Show all updates" in html
    assert "Added the 2022 sentencing change." in html
    assert "Typo in the second paragraph." not in html


def test_a_public_note_needs_its_text(editor_client, small_tree):
    page = small_tree["hacking"]
    response = post_change(editor_client, page, change_note="", publish_change_note="on")
    assert response.status_code == 200
    assert "Write the note the public will see." in response.content.decode()
