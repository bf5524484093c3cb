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


def test_saving_again_after_a_refusal_replaces_deliberately_and_the_history_keeps_both(
    two_editors, small_tree
):
    alice, bob = two_editors
    page = small_tree["hacking"]
    url = reverse("admin:guidance_guidancepage_change", args=[page.pk])
    alice_form = change_form_data(alice, page, body_markdown="Alice's version.")
    post_change(bob, page, body_markdown="Bob's version.")
    refused = alice.post(url, alice_form)
    page.refresh_from_db()

    alice_form["opened_version"] = page.edit_version  # the form now carries the saved one
    assert f'value="{page.edit_version}"' in refused.content.decode()
    assert alice.post(url, alice_form).status_code == 302

    page.refresh_from_db()
    assert page.body_markdown == "Alice's version."
    from reversion.models import Version

    bodies = [v.field_dict["body_markdown"] for v in Version.objects.get_for_object(page)]
    assert "Bob's version." in bodies and "Alice's version." in bodies


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
