"""Moves and new addresses wait for approval like new wording: in a section that needs
approval an editor's move or slug change of a live page is a change request, and the public
finds the page where it was, at its old address, until an approver approves it."""

import pytest
from django.urls import reverse

from guidance.models import ChangeRequest, GuidancePage

from .conftest import post_change

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def prosecution_guidance_needs_approval(settings):
    settings.APPROVAL_SECTIONS = ["guidance"]


def approve(approver_client, page):
    url = reverse("admin:guidance_guidancepage_approval", args=[page.pk])
    return approver_client.post(url, {"decision": "approve", "comment": "Fine."})


def move(client, page, parent, position):
    url = reverse("admin:guidance_guidancepage_move", args=[page.pk])
    return client.post(url, {"parent": parent.pk, "position": position})


def test_an_editors_new_slug_waits_for_approval_and_the_old_address_works_until_then(
    editor_client, approver_client, client, small_tree
):
    page = small_tree["hacking"]
    response = post_change(editor_client, page, slug="computer-misuse")
    assert response.status_code == 302

    page.refresh_from_db()
    assert page.slug == "hacking"
    assert client.get("/guidance/cyber-dependent-crimes/hacking/").status_code == 200
    assert client.get("/guidance/cyber-dependent-crimes/computer-misuse/").status_code == 404
    assert ChangeRequest.objects.get(page=page).slug == "computer-misuse"
    # The editor's form shows the address waiting for approval.
    form = editor_client.get(reverse("admin:guidance_guidancepage_change", args=[page.pk]))
    assert 'value="computer-misuse"' in form.content.decode()

    approve(approver_client, page)

    page.refresh_from_db()
    assert page.path == "guidance/cyber-dependent-crimes/computer-misuse"
    assert client.get("/guidance/cyber-dependent-crimes/computer-misuse/").status_code == 200
    assert client.get("/guidance/cyber-dependent-crimes/hacking/").status_code == 301


def test_an_editors_move_waits_for_approval_with_the_text_change_already_waiting(
    editor_client, approver_client, client, small_tree
):
    page, introduction = small_tree["hacking"], small_tree["introduction"]
    post_change(editor_client, page, body_markdown="Proposed wording.")
    response = move(editor_client, page, small_tree["root"], f"after-{introduction.pk}")
    assert response.status_code == 302
    assert "submitted for approval" in editor_client.get(response["Location"]).content.decode()

    assert GuidancePage.objects.get(pk=page.pk).parent_id == small_tree["dependent"].pk
    assert client.get("/guidance/hacking/").status_code == 404
    change = ChangeRequest.objects.get(page=page, state=ChangeRequest.State.PENDING)
    assert change.body_markdown == "Proposed wording."  # the earlier submission is kept
    review = approver_client.get(
        reverse("admin:guidance_guidancepage_approval", args=[page.pk])
    ).content.decode()
    assert "moves the page into “Guidance”, after “Introduction”" in review

    approve(approver_client, page)

    page.refresh_from_db()
    assert page.path == "guidance/hacking"
    assert page.get_previous_sibling() == introduction
    live = client.get("/guidance/hacking/")
    assert live.status_code == 200 and "Proposed wording." in live.content.decode()
    assert client.get("/guidance/cyber-dependent-crimes/hacking/").status_code == 301


def test_a_move_out_of_a_section_that_needs_approval_needs_it_too(
    editor_client, small_tree, make_page
):
    advice = make_page("Help for the public", slug="advice", sibling_order=2)
    page = small_tree["hacking"]
    move(editor_client, page, advice, "first")
    assert GuidancePage.objects.get(pk=page.pk).path == "guidance/cyber-dependent-crimes/hacking"
    assert ChangeRequest.objects.get(page=page).move_into == advice


def test_a_dragged_move_by_an_editor_is_held_for_approval(editor_client, small_tree):
    page = small_tree["hacking"]
    response = editor_client.post(
        reverse("admin:guidance_guidancepage_changelist"),
        {
            "cmd": "move_node",
            "position": "right",
            "cut_item": page.pk,
            "pasted_on": small_tree["introduction"].pk,
        },
    )
    assert response.content.startswith(b"FAIL")
    assert GuidancePage.objects.get(pk=page.pk).parent_id == small_tree["dependent"].pk
    change = ChangeRequest.objects.get(page=page)
    assert (change.move_into, change.move_after) == (small_tree["root"], small_tree["introduction"])


def test_an_approval_whose_new_address_was_taken_meanwhile_is_refused_and_kept(
    editor_client, approver_client, small_tree, make_page
):
    page = small_tree["hacking"]
    post_change(editor_client, page, slug="computer-misuse")
    make_page("Computer misuse", parent=small_tree["dependent"], slug="computer-misuse")

    response = approve(approver_client, page)

    followed = approver_client.get(response["Location"]).content.decode()
    assert "Not approved: a page with the address “computer-misuse” is already there" in followed
    assert ChangeRequest.objects.get(page=page).state == ChangeRequest.State.PENDING
    assert GuidancePage.objects.get(pk=page.pk).slug == "hacking"


def test_an_approver_moves_and_renames_at_once(approver_client, small_tree):
    page = small_tree["hacking"]
    post_change(approver_client, page, slug="computer-misuse")
    move(approver_client, page, small_tree["root"], "first")
    page.refresh_from_db()
    assert page.path == "guidance/computer-misuse"
    assert not ChangeRequest.objects.exists()


def test_a_draft_moves_at_once_since_the_public_cannot_see_it(editor_client, small_tree):
    page = small_tree["hacking"]
    GuidancePage.objects.filter(pk=page.pk).update(status=GuidancePage.Status.DRAFT)
    move(editor_client, page, small_tree["root"], "first")
    assert GuidancePage.objects.get(pk=page.pk).path == "guidance/hacking"


def test_an_editors_tag_change_waits_for_approval_with_the_wording_waiting(
    editor_client, approver_client, small_tree
):
    from news.models import Tag

    page = small_tree["hacking"]
    fraud, misuse = (
        Tag.objects.create(name="Fraud", slug="fraud"),
        Tag.objects.create(name="Computer misuse", slug="computer-misuse"),
    )
    fraud.pages.add(page)
    link = Tag.pages.through.objects.get()
    post_change(editor_client, page, body_markdown="Proposed wording.")
    response = post_change(
        editor_client,
        page,
        **{"Tag_pages-0-DELETE": "on", "Tag_pages-1-tag": misuse.pk},
        **{"Tag_pages-TOTAL_FORMS": "2", "Tag_pages-1-guidancepage": page.pk},
    )
    assert response.status_code == 302
    followed = editor_client.get(response["Location"]).content.decode()
    assert "Your changes to tags wait for approval too" in followed

    assert list(page.tags.all()) == [fraud]  # the public keeps the approved tags
    change = ChangeRequest.objects.get(page=page, state=ChangeRequest.State.PENDING)
    assert change.body_markdown == "Proposed wording."  # kept with the tag change
    review = approver_client.get(
        reverse("admin:guidance_guidancepage_approval", args=[page.pk])
    ).content.decode()
    assert "Tags after approval" in review and "“Computer misuse” on “Hacking”" in review

    approve(approver_client, page)

    assert list(page.tags.all()) == [misuse]
    assert not Tag.pages.through.objects.filter(pk=link.pk).exists()
    assert GuidancePage.objects.get(pk=page.pk).body_markdown == "Proposed wording."


def test_a_tag_change_to_public_advice_applies_at_once(editor_client, make_page):
    from news.models import Tag

    advice = make_page("Help for the public", slug="advice")
    fraud = Tag.objects.create(name="Fraud", slug="fraud")
    post_change(
        editor_client,
        advice,
        **{"Tag_pages-0-tag": fraud.pk, "Tag_pages-0-guidancepage": advice.pk},
    )
    assert list(advice.tags.all()) == [fraud]
    assert not ChangeRequest.objects.exists()
