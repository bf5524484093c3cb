"""Nothing beyond recovery: deleting never takes a subtree, and whatever is deleted comes
back from admin → Recently deleted with its place, tags, pins and redirects."""

import pytest
from django.urls import reverse

from guidance.models import GuidancePage, PageRedirect
from publications.models import NewsItem, PinnedNews
from recovery.models import DeletedItem
from tags.models import Tag

from .conftest import post_change

pytestmark = pytest.mark.django_db


def delete_through_admin(client, page):
    url = reverse("admin:guidance_guidancepage_delete", args=[page.pk])
    return client.post(url, {"post": "yes"}, follow=True)


def restore_through_admin(client, deleted):
    url = reverse("admin:recovery_deleteditem_restore", args=[deleted.pk])
    assert client.get(url).status_code == 200  # the confirmation page
    return client.post(url, follow=True)


@pytest.fixture
def decorated_leaf(small_tree):
    """Hacking, with a tag, a pinned news item and an old address that redirects to it."""
    hacking = small_tree["hacking"]
    tag = Tag.objects.create(name="Cyber / online crime")
    tag.pages.add(hacking)
    news = NewsItem.objects.create(
        title="Officer sentenced", slug="officer-sentenced", published_on="2024-01-02",
        status="published",
    )  # fmt: skip
    PinnedNews.objects.create(page=hacking, news_item=news)
    PageRedirect.objects.create(old_path="guidance/computer-hacking", page=hacking)
    return hacking


def test_deleting_a_page_with_children_is_refused_with_a_clear_message(editor_client, small_tree):
    section = small_tree["dependent"]

    response = delete_through_admin(editor_client, section)

    assert "was not deleted: 1 page is under it. Move or delete them first" in (
        response.content.decode()
    )
    assert GuidancePage.objects.filter(pk=section.pk).exists()
    assert not DeletedItem.objects.exists()


def test_a_deleted_leaf_comes_back_with_its_tags_pins_and_redirects(
    editor_client, editor, decorated_leaf, client
):
    address = decorated_leaf.get_absolute_url()
    delete_through_admin(editor_client, decorated_leaf)
    assert not GuidancePage.objects.filter(pk=decorated_leaf.pk).exists()
    deleted = DeletedItem.objects.get(public_path="guidance/cyber-dependent-crimes/hacking")
    assert deleted.deleted_by == editor
    listing = editor_client.get(reverse("admin:recovery_deleteditem_changelist")).content.decode()
    assert "Hacking" in listing

    response = restore_through_admin(editor_client, deleted)

    assert "is back, as it was" in response.content.decode()
    page = GuidancePage.objects.get(pk=decorated_leaf.pk)
    assert page.path == "guidance/cyber-dependent-crimes/hacking"
    assert [tag.name for tag in page.tags.all()] == ["Cyber / online crime"]
    assert page.pinned_news.get().news_item.slug == "officer-sentenced"
    assert page.redirects.get().old_path == "guidance/computer-hacking"
    assert not DeletedItem.objects.exists()
    client.logout()
    assert client.get(address).status_code == 200
    assert client.get("/guidance/computer-hacking/").status_code == 301


def test_a_deleted_pages_address_answers_410_with_a_link_to_search(
    editor_client, decorated_leaf, client
):
    address = decorated_leaf.get_absolute_url()
    delete_through_admin(editor_client, decorated_leaf)
    client.logout()

    response = client.get(address)

    assert response.status_code == 410
    html = response.content.decode()
    assert "This page has been removed" in html
    assert 'href="/search/"' in html
    assert client.get("/guidance/never-existed/").status_code == 404


def test_a_section_deleted_after_moving_its_children_comes_back_in_its_place(
    editor_client, small_tree
):
    section, hacking = small_tree["dependent"], small_tree["hacking"]
    post_change(editor_client, hacking, parent=small_tree["introduction"].pk)
    delete_through_admin(editor_client, section)
    assert not GuidancePage.objects.filter(pk=section.pk).exists()

    restore_through_admin(editor_client, DeletedItem.objects.get())

    section = GuidancePage.objects.get(pk=section.pk)
    assert section.parent == small_tree["root"]
    assert section.path == "guidance/cyber-dependent-crimes"
    assert GuidancePage.objects.get(pk=hacking.pk).path == "guidance/introduction/hacking"


def test_a_page_whose_parent_has_gone_comes_back_at_the_top_of_its_section(
    editor_client, small_tree
):
    hacking = small_tree["hacking"]
    delete_through_admin(editor_client, hacking)
    delete_through_admin(editor_client, small_tree["dependent"])

    restore_through_admin(editor_client, DeletedItem.objects.get(title="Hacking"))

    page = GuidancePage.objects.get(pk=hacking.pk)
    assert page.parent == small_tree["root"]
    assert page.path == "guidance/hacking"
    assert page.sibling_order == 0


def test_a_restore_onto_an_address_now_taken_is_refused_and_nothing_changes(
    editor_client, small_tree, make_page
):
    hacking = small_tree["hacking"]
    delete_through_admin(editor_client, hacking)
    make_page("Hacking", parent=small_tree["dependent"])

    response = restore_through_admin(editor_client, DeletedItem.objects.get())

    assert "Not restored: another page is now at" in response.content.decode()
    assert DeletedItem.objects.count() == 1


def test_a_deleted_news_item_comes_back_with_its_tags(editor_client):
    tag = Tag.objects.create(name="Fraud")
    item = NewsItem.objects.create(
        title="Scam warning", slug="scam-warning", published_on="2024-03-01", status="published"
    )
    item.tags.add(tag)
    editor_client.post(
        reverse("admin:publications_newsitem_delete", args=[item.pk]), {"post": "yes"}
    )
    assert not NewsItem.objects.exists()

    restore_through_admin(editor_client, DeletedItem.objects.get())

    item = NewsItem.objects.get(pk=item.pk)
    assert list(item.tags.all()) == [tag]
