"""Approval before legal guidance goes live: editors submit, approvers approve or reject
with a comment, the public sees the last approved version meanwhile; the public advice is
published by any editor (settings.APPROVAL_SECTIONS)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from guidance.models import ChangeRequest, GuidancePage

from .conftest import post_change

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def prosecution_guidance_needs_approval(settings):
    settings.APPROVAL_SECTIONS = ["guidance"]


def approval_url(page):
    return reverse("admin:guidance_guidancepage_approval", args=[page.pk])


def test_the_command_creates_editors_who_cannot_publish_and_approvers_who_can(editors_group):
    approvers = Group.objects.get(name="Approvers")
    assert not editors_group.permissions.filter(codename="publish_guidancepage").exists()
    assert approvers.permissions.filter(codename="publish_guidancepage").exists()
    editing = set(editors_group.permissions.values_list("codename", flat=True))
    assert editing | {"publish_guidancepage"} == set(
        approvers.permissions.values_list("codename", flat=True)
    )


def test_an_editors_change_waits_for_approval_and_the_public_keeps_the_approved_text(
    editor_client, client, small_tree
):
    page = small_tree["hacking"]
    response = post_change(editor_client, page, body_markdown="Proposed wording.")
    assert response.status_code == 302
    followed = editor_client.get(response["Location"]).content.decode()
    assert "Submitted for approval" in followed

    assert "Opening." in client.get(page.get_absolute_url()).content.decode()
    assert "Proposed wording." not in client.get(page.get_absolute_url()).content.decode()
    assert ChangeRequest.objects.get(page=page).body_markdown == "Proposed wording."
    # The editor's form shows the change waiting, not the live text.
    form = editor_client.get(reverse("admin:guidance_guidancepage_change", args=[page.pk]))
    assert "Proposed wording." in form.content.decode()


def test_approvers_see_pending_changes_on_their_home_page_and_approve_them(
    editor_client, approver_client, client, small_tree
):
    page = small_tree["hacking"]
    post_change(editor_client, page, body_markdown="Proposed wording.", change_note="Clearer.")

    home = approver_client.get(reverse("admin:index")).content.decode()
    assert "Changes awaiting your approval" in home
    assert approval_url(page) in home
    review = approver_client.get(approval_url(page)).content.decode()
    assert "Proposed wording." in review and "Approve and publish" in review

    response = approver_client.post(
        approval_url(page), {"decision": "approve", "comment": "Checked."}
    )

    assert response.status_code == 302
    assert "Proposed wording." in client.get(page.get_absolute_url()).content.decode()
    change = ChangeRequest.objects.get(page=page)
    assert change.state == ChangeRequest.State.APPROVED
    latest = Version.objects.get_for_object(page).order_by("-pk").first()
    assert latest.revision.get_comment() == "Approved editor's change (Clearer.): Checked."


def test_a_rejection_needs_a_comment_and_the_editor_sees_it(
    editor_client, approver_client, small_tree
):
    page = small_tree["hacking"]
    post_change(editor_client, page, body_markdown="Wrong in law.")
    approver_client.post(approval_url(page), {"decision": "reject", "comment": ""})
    assert ChangeRequest.objects.get(page=page).state == ChangeRequest.State.PENDING

    approver_client.post(
        approval_url(page), {"decision": "reject", "comment": "Section 3A, not 3."}
    )

    assert ChangeRequest.objects.get(page=page).state == ChangeRequest.State.REJECTED
    home = editor_client.get(reverse("admin:index")).content.decode()
    assert "Section 3A, not 3." in home
    page.refresh_from_db()
    assert page.body_markdown.startswith("Opening.")


def test_an_editor_cannot_approve(editor_client, small_tree):
    page = small_tree["hacking"]
    post_change(editor_client, page, body_markdown="Mine.")
    response = editor_client.post(approval_url(page), {"decision": "approve"})
    assert response.status_code == 403


def test_a_new_draft_asked_to_be_published_stays_a_draft_until_approved(
    editor_client, approver_client, client, make_page, small_tree
):
    page = make_page("Sextortion", parent=small_tree["root"], status=GuidancePage.Status.DRAFT)
    post_change(editor_client, page, status="published")
    page.refresh_from_db()
    assert page.status == GuidancePage.Status.DRAFT
    assert client.get(page.get_absolute_url()).status_code == 404

    approver_client.post(approval_url(page), {"decision": "approve"})

    page.refresh_from_db()
    assert page.status == GuidancePage.Status.PUBLISHED
    assert client.get(page.get_absolute_url()).status_code == 200


def test_a_restore_by_an_editor_goes_through_approval(editor_client, client, small_tree):
    page = small_tree["hacking"]
    from reversion import create_revision

    with create_revision():
        page.save()
    old = Version.objects.get_for_object(page).first()
    GuidancePage.objects.filter(pk=page.pk).update(body_markdown="Newer text.")
    page.refresh_from_db()
    page.save()

    editor_client.post(reverse("admin:guidance_guidancepage_restore", args=[page.pk, old.pk]))

    page.refresh_from_db()
    assert page.body_markdown == "Newer text."
    assert ChangeRequest.objects.get(page=page).body_markdown.startswith("Opening.")


def test_an_approver_publishes_directly(approver_client, client, small_tree):
    page = small_tree["hacking"]
    post_change(approver_client, page, body_markdown="Straight to the public.")
    assert "Straight to the public." in client.get(page.get_absolute_url()).content.decode()


def test_public_advice_is_published_by_any_editor(editor_client, client, make_page):
    advice = make_page("Advice", slug="advice")
    page = make_page("Passwords", parent=advice)
    post_change(editor_client, page, body_markdown="Use a password manager.")
    assert "Use a password manager." in client.get(page.get_absolute_url()).content.decode()
    assert not ChangeRequest.objects.exists()


def test_the_page_list_says_a_change_awaits_approval(editor_client, small_tree):
    post_change(editor_client, small_tree["hacking"], body_markdown="Proposed.")
    html = editor_client.get(reverse("admin:guidance_guidancepage_changelist")).content.decode()
    assert "A change awaits approval." in html
