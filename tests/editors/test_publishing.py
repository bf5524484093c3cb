"""Drafts, scheduled publishing, previews, redirects after moves and link checks."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from guidance.models import GuidancePage, PageRedirect, ScheduledChange
from guidance.visibility import next_publication_key
from tests.sitemaps import sitemap_text

from .conftest import change_form_data, post_change

pytestmark = pytest.mark.django_db


def in_minutes(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


# Scheduled publishing: the query decides, no cron job.


def test_a_scheduled_page_is_hidden_until_its_time_and_public_after_without_a_save(
    client, small_tree, monkeypatch
):
    page, section = small_tree["hacking"], small_tree["dependent"]
    # A minute ahead: well inside the time a page is cached for (PAGE_CACHE_SECONDS, 600).
    page.publish_at = timezone.now() + datetime.timedelta(minutes=1)
    page.save()
    assert client.get(page.get_absolute_url()).status_code == 404
    assert "Hacking" not in client.get(section.get_absolute_url()).content.decode()
    assert page.get_absolute_url() not in sitemap_text(client)

    # Time passes: the site's clock and the cache's (which expires what was stored before the
    # page's time) move past it, and keep running.
    ahead = page.publish_at - timezone.now() + datetime.timedelta(seconds=1)
    real_now, real_time = timezone.now, time.time
    monkeypatch.setattr(timezone, "now", lambda: real_now() + ahead)
    monkeypatch.setattr(time, "time", lambda: real_time() + ahead.total_seconds())

    # Nothing was saved: the query decides, and nothing cached before the time outlives it.
    assert client.get(page.get_absolute_url()).status_code == 200
    assert "Hacking" in client.get(section.get_absolute_url()).content.decode()
    assert page.get_absolute_url() in sitemap_text(client)


def test_a_page_under_a_scheduled_section_waits_for_the_section(client, small_tree):
    section = small_tree["dependent"]
    GuidancePage.objects.filter(pk=section.pk).update(publish_at=in_minutes(60))
    assert client.get(small_tree["hacking"].get_absolute_url()).status_code == 404


def test_search_finds_a_scheduled_page_once_its_time_has_come(editor_client, client, small_tree):
    cache.clear()
    page = small_tree["hacking"]
    publish_at = timezone.localtime(timezone.now() + datetime.timedelta(minutes=5))
    post_change(
        editor_client,
        page,
        body_markdown="Ransomware negotiators explained.",
        publish_at_0=publish_at.strftime("%Y-%m-%d"),
        publish_at_1=publish_at.strftime("%H:%M:%S"),
    )
    page.refresh_from_db()
    assert page.is_published  # a live page stays live: the change waits for its time
    client.logout()
    assert page.get_absolute_url() not in search_results(client, "negotiators")

    # Time passes (moved by hand: a slow machine must not make the test wrong).
    moment = timezone.now() - datetime.timedelta(seconds=1)
    ScheduledChange.objects.filter(page=page).update(go_live_at=moment)
    cache.set(next_publication_key(), moment, timeout=None)

    assert page.get_absolute_url() in search_results(client, "negotiators")


def search_results(client, query):
    return client.get("/search/", {"q": query}).content.decode()


def test_the_admin_list_says_when_a_page_is_scheduled(editor_client, small_tree):
    GuidancePage.objects.filter(pk=small_tree["hacking"].pk).update(publish_at=in_minutes(90))
    html = editor_client.get(reverse("admin:guidance_guidancepage_changelist")).content.decode()
    assert "Scheduled" in html and "Goes live at" in html


# Previews: as the public will see it, before anyone else can.


def test_an_editor_previews_a_draft_as_the_public_will_see_it(editor_client, client, make_page):
    body = "## What they are\n\nText."
    draft = make_page("Deepfakes", status=GuidancePage.Status.DRAFT, body=body)
    url = reverse("admin:guidance_guidancepage_preview", args=[draft.pk])

    response = editor_client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The public cannot see this page yet." in html
    assert '<h2 id="what-they-are">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    client.logout()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(url).status_code == 302  # to the admin's login


def test_a_preview_of_unsaved_changes_renders_them_and_saves_nothing(editor_client, small_tree):
    page = small_tree["hacking"]
    url = reverse("admin:guidance_guidancepage_preview", args=[page.pk])
    data = change_form_data(editor_client, page, body_markdown="## Unsaved\n\n<script>x</script>")

    response = editor_client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h2 id="unsaved">Unsaved<a class="section-link"' in html
    assert "<script>x</script>" not in html  # the same sanitising pipeline
    assert "your unsaved changes" in html
    page.refresh_from_db()
    assert "Unsaved" not in page.body_markdown


def test_a_new_page_can_be_previewed_before_its_first_save(editor_client, small_tree):
    url = reverse("admin:guidance_guidancepage_preview_new")
    response = editor_client.post(
        url,
        {"title": "Brand new", "body_markdown": "Fresh text.", "parent": small_tree["root"].pk},
    )
    assert response.status_code == 200
    assert "Fresh text." in response.content.decode()
    assert not GuidancePage.objects.filter(title="Brand new").exists()


def test_the_live_preview_fragment_uses_the_public_pipeline(editor_client, client):
    url = reverse("admin:guidance_guidancepage_preview_fragment")
    response = editor_client.post(url, {"body_markdown": "**Bold** <img src=x onerror=alert(1)>"})
    assert response.status_code == 200
    assert "<strong>Bold</strong>" in response.content.decode()
    assert "<img" not in response.content.decode()
    assert editor_client.get(url).status_code == 405
    client.logout()
    assert client.post(url, {"body_markdown": "x"}).status_code == 302


# Moves and renames: old links keep working.


def test_renaming_a_section_redirects_its_old_urls_and_its_childrens(
    editor_client, client, small_tree
):
    section, hacking = small_tree["dependent"], small_tree["hacking"]
    old_section_url, old_hacking_url = section.get_absolute_url(), hacking.get_absolute_url()

    assert post_change(editor_client, section, slug="computer-crimes").status_code == 302

    client.logout()
    response = client.get(old_hacking_url)
    assert response.status_code == 301
    assert response["Location"] == "/guidance/computer-crimes/hacking/"
    assert client.get(old_section_url)["Location"] == "/guidance/computer-crimes/"
    assert client.get(response["Location"]).status_code == 200


def test_a_drag_in_the_tree_moves_the_subtree_and_redirects_the_old_urls(
    editor_client, client, small_tree
):
    hacking = small_tree["hacking"]
    response = editor_client.post(
        reverse("admin:guidance_guidancepage_changelist"),
        {
            "cmd": "move_node",
            "cut_item": hacking.pk,
            "pasted_on": small_tree["introduction"].pk,
            "position": "last-child",
        },
    )
    assert response.status_code == 200
    hacking.refresh_from_db()
    assert hacking.path == "guidance/introduction/hacking"
    client.logout()
    assert client.get("/guidance/cyber-dependent-crimes/hacking/")["Location"] == (
        "/guidance/introduction/hacking/"
    )


def test_a_live_page_wins_over_a_redirect_and_moving_back_drops_the_loop(
    editor_client, client, small_tree
):
    hacking = small_tree["hacking"]
    post_change(editor_client, hacking, slug="computer-hacking")
    hacking.refresh_from_db()
    post_change(editor_client, hacking, slug="hacking")  # back again

    assert not PageRedirect.objects.filter(old_path="guidance/cyber-dependent-crimes/hacking")
    client.logout()
    assert client.get("/guidance/cyber-dependent-crimes/hacking/").status_code == 200
    assert client.get("/guidance/cyber-dependent-crimes/computer-hacking/").status_code == 301


def test_a_redirect_to_a_page_that_is_not_public_is_a_404(editor_client, client, small_tree):
    hacking = small_tree["hacking"]
    post_change(editor_client, hacking, slug="computer-hacking", status="draft")
    client.logout()
    assert client.get("/guidance/cyber-dependent-crimes/hacking/").status_code == 404


@pytest.mark.parametrize(
    "hidden_section",
    [{"status": "draft"}, {"publish_at": in_minutes(60)}],
    ids=["draft section", "scheduled section"],
)
def test_an_old_address_of_a_page_moved_under_a_hidden_section_is_a_404(
    client, make_page, small_tree, hidden_section
):
    secret = make_page("Secret plans", parent=small_tree["root"], sibling_order=9, **hidden_section)
    hacking = small_tree["hacking"]
    hacking.parent = secret
    hacking.save()
    assert PageRedirect.objects.filter(old_path="guidance/cyber-dependent-crimes/hacking")

    response = client.get("/guidance/cyber-dependent-crimes/hacking/")
    assert response.status_code == 404
    assert "secret-plans" not in response.text
    assert client.get("/guidance/secret-plans/hacking/").status_code == 404


def test_an_old_address_redirects_once_the_hidden_section_is_published(
    client, make_page, small_tree
):
    secret = make_page("Secret plans", parent=small_tree["root"], status="draft")
    hacking = small_tree["hacking"]
    hacking.parent = secret
    hacking.save()
    assert client.get("/guidance/cyber-dependent-crimes/hacking/").status_code == 404
    secret.status = GuidancePage.Status.PUBLISHED
    secret.save()
    response = client.get("/guidance/cyber-dependent-crimes/hacking/")
    assert response.status_code == 301
    assert response["Location"] == "/guidance/secret-plans/hacking/"


# Internal links are checked on save.


def test_a_link_to_a_page_that_does_not_exist_is_refused_naming_the_link(editor_client, small_tree):
    page = small_tree["introduction"]
    body = (
        "See [hacking](/guidance/cyber-dependent-crimes/hacking/), "
        "[nothing](/guidance/no-such-page/#part) and [outside](https://www.gov.uk/)."
    )
    response = post_change(editor_client, page, body_markdown=body)

    html = response.content.decode()
    assert response.status_code == 200
    assert "The link “nothing” (/guidance/no-such-page/#part) leads nowhere" in html
    assert "hacking/) leads" not in html
    assert "gov.uk/) leads" not in html


def test_links_to_other_parts_of_the_site_and_to_old_addresses_are_fine(editor_client, small_tree):
    page = small_tree["introduction"]
    PageRedirect.objects.create(old_path="guidance/old-hacking", page=small_tree["hacking"])
    body = "[News](/news/), [search](/search/?q=fraud) and [old](/guidance/old-hacking/)."
    assert post_change(editor_client, page, body_markdown=body).status_code == 302
