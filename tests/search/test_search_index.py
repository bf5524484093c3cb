"""The index follows the content: what is public is found, nothing else is."""

import pytest
from django.core.management import call_command

from guidance.models import GuidancePage
from search.indexing import rebuild_index
from search.models import SearchDocument
from search.searching import run_search

pytestmark = pytest.mark.django_db


def strip_marks(html):
    return html.replace("<mark>", "").replace("</mark>", "")


def found_titles(text, kind=""):
    outcome = run_search(text, kind, per_page=50)
    if outcome.page is None:
        return []
    return [strip_marks(result.title_html) for result in outcome.page.object_list]


def test_published_page_is_found_by_a_word_of_its_body(make_page):
    make_page("Phishing", body="Criminals send messages that pretend to come from your bank.")
    assert found_titles("bank") == ["Phishing"]


def test_draft_page_is_never_found(make_page):
    make_page("Secret plans", status=GuidancePage.Status.DRAFT, body="Unannounced ransomware.")
    assert found_titles("ransomware") == []
    assert found_titles("secret plans") == []


def test_published_page_under_a_draft_is_not_found(make_page):
    draft = make_page("Work in progress", status=GuidancePage.Status.DRAFT)
    make_page("Hidden child", parent=draft, body="Keyloggers record keystrokes.")
    assert found_titles("keyloggers") == []


def test_publishing_a_parent_makes_its_published_children_findable(make_page):
    parent = make_page("Ransomware", status=GuidancePage.Status.DRAFT)
    make_page("Paying a ransom", parent=parent, body="Whether to pay extortion demands.")
    parent.status = GuidancePage.Status.PUBLISHED
    parent.save()
    assert found_titles("extortion") == ["Paying a ransom"]


def test_unpublishing_a_page_removes_it_and_its_children_from_results(make_page):
    parent = make_page("Fraud", body="Fraud by false representation.")
    make_page("Romance fraud", parent=parent, body="Dating sites and false representation.")
    assert sorted(found_titles("representation")) == ["Fraud", "Romance fraud"]
    parent.status = GuidancePage.Status.DRAFT
    parent.save()
    assert found_titles("representation") == []


def test_editing_a_page_updates_what_finds_it(make_page):
    page = make_page("Malware", body="Viruses and worms.")
    page.body_markdown = "Trojans and spyware."
    page.save()
    assert found_titles("worms") == []
    assert found_titles("spyware") == ["Malware"]


def test_deleting_a_page_removes_it_and_its_descendants(make_page):
    parent = make_page("Online harassment", body="Stalking online.")
    make_page("Cyberstalking", parent=parent, body="Stalking through social media.")
    parent.delete()
    assert found_titles("stalking") == []
    assert not SearchDocument.objects.exists()


def test_renaming_a_parent_updates_the_breadcrumbs_and_urls_of_its_descendants(make_page):
    root = make_page("Guidance", slug="guidance")
    section = make_page("Old name", slug="old-name", parent=root)
    make_page("Denial of service", parent=section, body="Flooding a server.")
    section.title = "Cyber-dependent crimes"
    section.slug = "cyber-dependent-crimes"
    section.save()
    document = SearchDocument.objects.get(title="Denial of service")
    assert [crumb["title"] for crumb in document.breadcrumbs] == [
        "Guidance",
        "Cyber-dependent crimes",
    ]
    assert document.url == "/guidance/cyber-dependent-crimes/denial-of-service/"
    assert document.breadcrumbs[1]["url"] == "/guidance/cyber-dependent-crimes/"


def test_moving_a_page_updates_its_breadcrumbs(make_page):
    first = make_page("First section", slug="first")
    second = make_page("Second section", slug="second")
    page = make_page("Wandering page", parent=first, body="Nomadic text.")
    page.move_to(second, "last-child")
    document = SearchDocument.objects.get(title="Wandering page")
    assert [crumb["title"] for crumb in document.breadcrumbs] == ["Second section"]
    assert document.url == "/second/wandering-page/"


def test_rebuild_command_restores_a_lost_index(make_page, small_tree):
    make_page("Draft page", status=GuidancePage.Status.DRAFT, body="Hacking drafts.")
    SearchDocument.objects.all().delete()
    assert found_titles("hacking") == []
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert found_titles("hacking") == ["Hacking"]
    assert SearchDocument.objects.count() == 4  # the four published pages, not the draft


def test_rebuild_gives_the_same_documents_as_saving(small_tree):
    saved = {
        (d.title, d.url, d.body, d.headings, tuple(c["title"] for c in d.breadcrumbs))
        for d in SearchDocument.objects.all()
    }
    assert rebuild_index()["guidance"] == 4
    rebuilt = {
        (d.title, d.url, d.body, d.headings, tuple(c["title"] for c in d.breadcrumbs))
        for d in SearchDocument.objects.all()
    }
    assert saved == rebuilt


def test_a_page_with_the_longest_possible_path_is_indexed(make_page):
    parent = None
    for level in range(4):
        parent = make_page(f"Level {level}", parent=parent, slug=f"{level}" * 100)
    make_page("Deep page", parent=parent, slug="d" * 96, body="Bottom of the tree.")
    (document,) = SearchDocument.objects.filter(title="Deep page")
    assert len(document.url) == 502
    assert found_titles("bottom") == ["Deep page"]
