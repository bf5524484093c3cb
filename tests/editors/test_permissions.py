"""Who may do what: editors edit content and nothing else; the admin is for staff only;
repeated bad passwords lock the account out from that address."""

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_editors_group_holds_exactly_the_content_permissions(editors_group):
    apps = set(editors_group.permissions.values_list("content_type__app_label", flat=True))
    codenames = set(editors_group.permissions.values_list("codename", flat=True))

    assert apps == {
        "guidance",
        "tags",
        "publications",
        "offences",
        "mot",
        "feedback",
        "provenance",
        "recovery",
        "search",
        "statements",
    }
    assert {"add_guidancepage", "change_guidancepage", "delete_guidancepage"} <= codenames
    assert {"change_newsitem", "change_tag", "view_refusededit"} <= codenames
    assert {"change_offence", "change_glossaryterm", "view_feedback"} <= codenames
    assert "view_refusedimport" in codenames
    assert {"change_synonym", "change_bestbet", "view_searchcount"} <= codenames
    assert not editors_group.permissions.filter(content_type__app_label__in=["auth", "admin"])
    assert not Permission.objects.filter(group=editors_group, codename__contains="user")


def test_running_the_command_again_changes_nothing(editors_group):
    from django.core.management import call_command

    before = set(editors_group.permissions.values_list("pk", flat=True))
    call_command("create_editor_group", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(editors_group.permissions.values_list("pk", flat=True)) == before


def test_an_editor_can_edit_pages_but_not_users_or_groups(editor_client, small_tree):
    page = small_tree["hacking"]
    assert editor_client.get(reverse("admin:guidance_guidancepage_changelist")).status_code == 200
    change = reverse("admin:guidance_guidancepage_change", args=[page.pk])
    assert editor_client.get(change).status_code == 200
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("admin:index", []),
        ("admin:guidance_guidancepage_changelist", []),
        ("admin:guidance_guidancepage_review", []),
        ("admin:guidance_guidancepage_revisions", ["hacking"]),
        ("admin:guidance_guidancepage_preview", ["hacking"]),
    ],
)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, small_tree, url_name, args):
    url = reverse(url_name, args=[small_tree[name].pk for name in args])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_signed_in_user_who_is_not_staff_cannot_reach_the_admin(client, small_tree):
    user = User.objects.create_user("reader", password="a long enough password")
    client.force_login(user)
    response = client.get(reverse("admin:guidance_guidancepage_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_staff_member_without_the_group_cannot_edit_pages(client, small_tree):
    user = User.objects.create_user("newstarter", password="x" * 20, is_staff=True)
    client.force_login(user)
    change = reverse("admin:guidance_guidancepage_change", args=[small_tree["hacking"].pk])
    assert client.get(change).status_code == 403
    preview = reverse("admin:guidance_guidancepage_preview", args=[small_tree["hacking"].pk])
    assert client.get(preview).status_code == 403
