"""Two editors at once: a save over a version the editor never saw is refused, and kept."""

import pytest
from django.urls import reverse

from guidance.models import GuidancePage, RefusedEdit

from .conftest import change_form_data, post_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editors(make_editor, client, django_user_model):
    from django.test import Client

    alice, bob = make_editor("alice"), make_editor("bob")
    alice_client, bob_client = Client(), Client()
    alice_client.force_login(alice)
    bob_client.force_login(bob)
    return alice_client, bob_client


def test_a_save_over_someone_elses_newer_save_is_refused_and_both_versions_are_kept(
    two_editors, small_tree
):
    alice, bob = two_editors
    page = small_tree["hacking"]
    url = reverse("admin:guidance_guidancepage_change", args=[page.pk])
    alice_form = change_form_data(alice, page, body_markdown="Alice's careful rewrite.")
    assert post_change(bob, page, body_markdown="Bob's quick fix.").status_code == 302

    response = alice.post(url, alice_form)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Not saved: bob changed this page" in html
    assert "Alice&#x27;s careful rewrite." in html  # her text is still in her form
    page.refresh_from_db()
    assert page.body_markdown == "Bob's quick fix."
    refused = RefusedEdit.objects.get(page=page)
    assert refused.body_markdown == "Alice's careful rewrite."
    assert refused.editor.username == "alice"
    assert f'<a href="/admin/guidance/refusededit/{refused.pk}/change/">' in html


def test_a_refused_save_shows_both_versions_side_by_side(two_editors, small_tree):
    alice, bob = two_editors
    page = small_tree["hacking"]
    url = reverse("admin:guidance_guidancepage_change", args=[page.pk])
    alice_form = change_form_data(alice, page, body_markdown="Opening.\nAlice's line.")
    post_change(bob, page, body_markdown="Opening.\nBob's line.")

    html = alice.post(url, alice_form).content.decode()

    assert "Please correct the error" not in html  # not a form error: a collision
    assert '<th scope="col">Their saved version</th>' in html
    assert "<del>Bob&#x27;s line.</del>" in html
    assert "<ins>Alice&#x27;s line.</ins>" in html
    assert "Overwrite: replace their changes to body with mine" in html


def test_pressing_save_again_after_a_refusal_never_overwrites(two_editors, small_tree):
    alice, bob = two_editors
    page = small_tree["hacking"]
    url = reverse("admin:guidance_guidancepage_change", args=[page.pk])
    alice_form = change_form_data(alice, page, body_markdown="Alice's version.")
    post_change(bob, page, body_markdown="Bob's version.")
    first = alice.post(url, alice_form)
    assert first.status_code == 200

    second = alice.post(url, alice_form)  # the same form, Save pressed again

    assert second.status_code == 200
    page.refresh_from_db()
    assert page.body_markdown == "Bob's version."


def test_the_overwrite_button_replaces_deliberately_and_the_history_keeps_both(
    two_editors, small_tree
):
    alice, bob = two_editors
    page = small_tree["hacking"]
    url = reverse("admin:guidance_guidancepage_change", args=[page.pk])
    alice_form = change_form_data(alice, page, body_markdown="Alice's version.")
    post_change(bob, page, body_markdown="Bob's version.")
    refused = alice.post(url, alice_form).content.decode()
    page.refresh_from_db()
    assert f'name="_overwrite_version" value="{page.edit_version}"' in refused

    response = alice.post(url, {**alice_form, "_overwrite_version": page.edit_version})

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body_markdown == "Alice's version."
    from reversion.models import Version

    versions = list(Version.objects.get_for_object(page).order_by("pk"))
    bodies = [v.field_dict["body_markdown"] for v in versions]
    assert "Bob's version." in bodies and "Alice's version." in bodies
    assert "deliberately" in versions[-1].revision.get_comment()


def test_an_overwrite_offered_before_a_third_save_is_refused_again(two_editors, small_tree):
    alice, bob = two_editors
    page = small_tree["hacking"]
    url = reverse("admin:guidance_guidancepage_change", args=[page.pk])
    alice_form = change_form_data(alice, page, body_markdown="Alice's version.")
    post_change(bob, page, body_markdown="Bob's first.")
    alice.post(url, alice_form)
    page.refresh_from_db()
    offered = page.edit_version
    post_change(bob, page, body_markdown="Bob's second.")

    response = alice.post(url, {**alice_form, "_overwrite_version": offered})

    assert response.status_code == 200
    page.refresh_from_db()
    assert page.body_markdown == "Bob's second."


def test_one_editor_saving_twice_in_a_row_is_never_refused(editor_client, small_tree):
    page = small_tree["hacking"]
    assert post_change(editor_client, page, body_markdown="One.").status_code == 302
    page.refresh_from_db()
    assert post_change(editor_client, page, body_markdown="Two.").status_code == 302
    assert not RefusedEdit.objects.exists()
    assert GuidancePage.objects.get(pk=page.pk).body_markdown == "Two."


def test_a_form_without_its_opened_version_is_treated_as_stale(editor_client, small_tree):
    page = small_tree["hacking"]
    response = post_change(editor_client, page, opened_version="", body_markdown="Blind save.")
    assert response.status_code == 200
    assert RefusedEdit.objects.filter(body_markdown="Blind save.").exists()


def test_the_form_says_who_else_has_the_page_open(two_editors, small_tree):
    alice, bob = two_editors
    url = reverse("admin:guidance_guidancepage_change", args=[small_tree["hacking"].pk])
    assert "Also being edited" not in alice.get(url).content.decode()

    html = bob.get(url).content.decode()

    assert "Also being edited</strong> by alice (opened at" in html


def test_a_saved_editor_no_longer_counts_as_editing(two_editors, small_tree):
    alice, bob = two_editors
    page = small_tree["hacking"]
    url = reverse("admin:guidance_guidancepage_change", args=[page.pk])
    assert post_change(alice, page, body_markdown="Done.").status_code == 302
    assert "Also being edited" not in bob.get(url).content.decode()
