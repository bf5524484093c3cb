"""Whole pages for anonymous readers come from the cache, and never outlive a change."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.utils.autoreload import StatReloader, autoreload_started, file_changed

from guidance.models import GuidancePage
from pagecache.generations import CONTENT, bump_generation, current_generation
from pagecache.policy import may_store
from publications.models import NewsItem, PinnedNews
from tags.models import Tag

pytestmark = pytest.mark.django_db

HACKING = "/guidance/cyber-dependent-crimes/hacking/"


class Rendering:
    """Counts the templates rendered while it is open."""

    def __enter__(self):
        self.templates = []
        template_rendered.connect(self.record)
        return self

    def record(self, sender, template, **kwargs):
        self.templates.append(template.name)

    def __exit__(self, *exc):
        template_rendered.disconnect(self.record)


def served(client, url, **headers):
    """The response, the SQL queries it cost and the templates it rendered."""
    with CaptureQueriesContext(connection) as queries, Rendering() as rendering:
        response = client.get(url, headers=headers)
    return response, len(queries), rendering.templates


def test_a_repeat_visit_is_served_from_the_cache_without_a_query_or_a_template(client, small_tree):
    first, first_queries, first_templates = served(client, HACKING)
    again, queries, templates = served(client, HACKING)
    assert first.status_code == 200
    assert first_queries > 0 and "guidance/page.html" in first_templates
    assert (queries, templates) == (0, [])
    assert again.status_code == 200
    assert again.content == first.content


def test_cached_pages_keep_the_security_headers(client, small_tree):
    client.get(HACKING)
    cached = client.get(HACKING)
    assert "default-src 'none'" in cached.headers["Content-Security-Policy"]
    assert cached.headers["X-Frame-Options"] == "DENY"
    assert cached.headers["X-Content-Type-Options"] == "nosniff"
    assert cached.headers["Content-Type"] == "text/html; charset=utf-8"


def test_a_page_sends_an_etag_and_a_repeat_request_gets_304_without_rendering(client, small_tree):
    first = client.get(HACKING)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"  # browsers ask again every time
    response, queries, templates = served(client, HACKING, if_none_match=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["ETag"] == etag
    assert (queries, templates) == (0, [])


PAGE_SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


@pytest.mark.parametrize("page_in_the_cache", [True, False], ids=["cached", "just-rendered"])
def test_a_304_carries_the_security_headers_the_page_carries(client, small_tree, page_in_the_cache):
    page = client.get(HACKING)
    if not page_in_the_cache:
        bump_generation(CONTENT)  # the same page, rendered again for this conditional GET
    not_modified = client.get(HACKING, headers={"if-none-match": page.headers["ETag"]})
    assert not_modified.status_code == 304
    for name in PAGE_SECURITY_HEADERS:
        assert not_modified.headers.get(name) == page.headers[name], name


def test_a_stale_etag_gets_the_new_page_after_an_edit(client, small_tree):
    etag = client.get(HACKING).headers["ETag"]
    hacking = small_tree["hacking"]
    hacking.body_markdown = "Rewritten."
    hacking.save()
    response = client.get(HACKING, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Rewritten." in response.text
    assert response.headers["ETag"] != etag


def test_an_edit_is_visible_on_the_next_request(client, small_tree):
    assert "Opening." in client.get(HACKING).text
    hacking = small_tree["hacking"]
    hacking.body_markdown = "A new opening."
    hacking.save()
    assert "A new opening." in client.get(HACKING).text


def test_a_new_title_shows_in_the_navigation_of_its_siblings_and_parent(client, small_tree):
    pages = ["/guidance/introduction/", "/guidance/cyber-dependent-crimes/", "/"]
    for url in [*pages, HACKING]:
        client.get(url)
    hacking = small_tree["hacking"]
    hacking.title = "Computer hacking"
    hacking.save()
    assert "Computer hacking" in client.get("/guidance/cyber-dependent-crimes/").text
    assert "Computer hacking" in client.get(HACKING).text


def test_unpublishing_a_section_hides_its_cached_pages_at_once(client, small_tree):
    assert client.get(HACKING).status_code == 200
    assert "Cyber-dependent crimes" in client.get("/guidance/introduction/").text
    dependent = small_tree["dependent"]
    dependent.status = GuidancePage.Status.DRAFT
    dependent.save()
    assert client.get(HACKING).status_code == 404
    assert "Cyber-dependent crimes" not in client.get("/guidance/introduction/").text


def test_a_moved_page_leaves_its_old_address_at_once(client, small_tree):
    assert client.get(HACKING).status_code == 200
    small_tree["hacking"].move_to(small_tree["introduction"], "last-child")
    assert client.get(HACKING)["Location"] == "/guidance/introduction/hacking/"  # a redirect
    assert client.get("/guidance/introduction/hacking/").status_code == 200
    assert "/guidance/introduction/hacking/" in client.get("/guidance/introduction/").text


def test_a_deleted_page_is_gone_at_once(client, small_tree):
    assert client.get(HACKING).status_code == 200
    GuidancePage.objects.get(pk=small_tree["hacking"].pk).delete()
    assert client.get(HACKING).status_code == 410  # Gone, with a link to search


def test_news_tags_and_pins_reach_the_related_panels_at_once(client, small_tree):
    hacking = small_tree["hacking"]
    assert "Related news" not in client.get(HACKING).text
    item = NewsItem.objects.create(
        title="Hacker jailed", slug="hacker-jailed", status="published",
        published_on=datetime.date(2026, 1, 5),
    )  # fmt: skip
    tag = Tag.objects.create(name="Cyber / online crime")
    tag.news_items.add(item)
    assert "Hacker jailed" not in client.get(HACKING).text  # no shared tag yet
    tag.pages.add(hacking)
    assert "Hacker jailed" in client.get(HACKING).text
    tag.pages.remove(hacking)
    assert "Hacker jailed" not in client.get(HACKING).text
    PinnedNews.objects.create(page=hacking, news_item=item)
    assert "Hacker jailed" in client.get(HACKING).text
    item.title = "Hacker sentenced"
    item.save()
    assert "Hacker sentenced" in client.get(HACKING).text
    assert "Hacker sentenced" in client.get("/news/").text
    item.delete()
    assert "Hacker sentenced" not in client.get(HACKING).text


def test_each_text_size_and_contrast_has_its_own_cached_page(client, small_tree):
    standard = client.get(HACKING).text
    client.cookies["text_size"] = "largest"
    client.cookies["contrast"] = "dark"
    chosen = client.get(HACKING)
    assert 'class="text-largest contrast-dark"' in chosen.text
    assert "text-standard" in standard
    assert "Cookie" in chosen.headers["Vary"]
    del client.cookies["text_size"], client.cookies["contrast"]
    assert client.get(HACKING).text == standard


def test_a_signed_in_editor_never_gets_nor_fills_the_cache(client, small_tree):
    anonymous = client.get(HACKING)
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-12345678")
    client.force_login(editor)
    response, queries, templates = served(client, HACKING)
    assert response.status_code == 200
    assert queries > 0 and "guidance/page.html" in templates
    assert "ETag" not in response.headers
    client.logout()
    cache.clear()
    client.force_login(editor)
    client.get(HACKING)
    client.logout()
    fresh, _, templates = served(client, HACKING)
    assert fresh.status_code == 200
    assert "guidance/page.html" in templates  # the editor's visit stored nothing
    assert fresh.content == anonymous.content


@pytest.mark.parametrize(
    "url, why",
    [
        ("/guidance/no-such-page/", "a 404"),
        ("/display/?text_size=large", "a redirect that sets a cookie"),
        ("/healthz", "never_cache"),
        ("/admin/login/", "a CSRF token and never_cache"),
        (HACKING + "?utm_source=x", "a query string"),
    ],
)
def test_what_is_never_stored(client, small_tree, url, why):
    client.get(url)
    _, _, templates = served(client, url)
    response = client.get(url)
    assert "ETag" not in response.headers, why
    if url.startswith(("/guidance/no-such-page", "/admin")):
        assert templates, f"{why}: rendered every time"
    # A page with a query string is answered from its shell: tests/test_page_shells.py.


def test_a_post_is_never_answered_from_the_cache(client, small_tree):
    client.get(HACKING)
    response = client.post(HACKING)
    assert response.status_code != 200 or "ETag" not in response.headers


def a_cookie(response):
    response.set_cookie("csrftoken", "x")


def a_csp_nonce(response):
    response.headers["Content-Security-Policy"] = "script-src 'self' 'nonce-abc123'"


def a_caching_policy(response):
    response.headers["Cache-Control"] = "private"


@pytest.mark.parametrize("add", [a_cookie, a_csp_nonce, a_caching_policy])
def test_a_response_for_one_visitor_is_not_stored(client, small_tree, add):
    request = client.get(HACKING).wsgi_request
    response = HttpResponse("hello")
    assert may_store(request, response)
    add(response)
    assert not may_store(request, response)


def test_a_head_request_is_answered_from_the_cached_get(client, small_tree):
    client.get(HACKING)
    response, queries, _ = served(client, HACKING)
    assert response.status_code == 200
    head = client.head(HACKING)
    assert head.status_code == 200 and head.headers["ETag"] == response.headers["ETag"]
    assert queries == 0


def test_the_cache_can_be_turned_off(client, small_tree, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(HACKING)
    response, queries, templates = served(client, HACKING)
    assert response.status_code == 200
    assert queries > 0 and "guidance/page.html" in templates
    assert "ETag" not in response.headers


def test_the_generation_survives_a_lost_counter_without_reusing_a_number(small_tree):
    before = current_generation(CONTENT)
    cache.clear()  # as if Redis had restarted
    assert current_generation(CONTENT) > before


def test_pages_are_still_served_when_the_cache_is_down(client, small_tree, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get(HACKING)
    assert response.status_code == 200
    assert "<h1>Hacking</h1>" in response.text


def test_a_template_or_code_edit_under_make_run_shows_on_the_next_reload(client, small_tree):
    reloader = StatReloader()  # what runserver watches files with
    client.get(HACKING)
    file_changed.send(sender=reloader, file_path=settings.BASE_DIR / "templates" / "base.html")
    _, _, templates = served(client, HACKING)
    assert "guidance/page.html" in templates
    client.get(HACKING)
    autoreload_started.send(sender=reloader)  # runserver restarted after a Python change
    _, _, templates = served(client, HACKING)
    assert "guidance/page.html" in templates


def test_a_migrate_forgets_every_page_once_not_once_an_app(client, small_tree, monkeypatch):
    """Each release runs migrate, and a test's flush sends the same signal, once an app."""
    from django.core.management import call_command

    from pagecache import signals

    forgotten = []
    forget = signals.forget_all_pages
    monkeypatch.setattr(signals, "forget_all_pages", lambda: forgotten.append(1) or forget())
    client.get(HACKING)
    call_command("migrate", verbosity=0, interactive=False)
    assert len(forgotten) == 1
    _, _, templates = served(client, HACKING)
    assert "guidance/page.html" in templates


def test_two_bumps_never_bring_back_a_generation_an_entry_holds(small_tree):
    seen = {current_generation(CONTENT)}
    for _ in range(50):
        bump_generation(CONTENT)
        generation = current_generation(CONTENT)
        assert generation not in seen
        seen.add(generation)
