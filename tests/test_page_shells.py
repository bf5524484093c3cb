"""A page missing from the page cache (another display setting, a query string) is answered
from its shell (pagecache/shells.py): the page as an earlier reader's request rendered it,
kept with holes for what depends on the request, filled for each reader."""

import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from display.preferences import CONTRASTS, TEXT_SIZES
from pagecache.policy import shell_key
from tests.test_page_cache import HACKING, served

pytestmark = pytest.mark.django_db

# Guidance pages, the home page, the lists of news and of prosecution guidance, the finder.
PAGES = [
    *(HACKING, "/cy" + HACKING, "/", "/cy/"),
    *("/news/", "/cy/news/", "/prosecution-guidance/", "/offences/"),
]
# No cookie, each value, and a forged one, for both settings.
TEXT_SIZE_COOKIES = [None, *TEXT_SIZES, '"><script>alert(1)</script>']
CONTRAST_COOKIES = [None, *CONTRASTS, "javascript:alert(1)"]
HOSTILE_QUERY = "?utm_source=%22%3E%3Cscript%3Ealert(1)%3C/script%3E&next=//evil.example"


def page_templates(templates):
    """The templates rendered for the page itself: the display-settings links are a part
    rendered once per process for each setting (display/templatetags/page_head.py)."""
    return set(templates) - {"includes/display_settings.html"}


def reader(client, text_size=None, contrast=None):
    client.cookies.clear()
    for name, value in (("text_size", text_size), ("contrast", contrast)):
        if value is not None:
            client.cookies[name] = value
    return client


def rendered_in_full(client, url, settings):
    """The page as the view renders it with no cache at all."""
    settings.PAGE_CACHE_SECONDS = 0
    try:
        return client.get(url)
    finally:
        settings.PAGE_CACHE_SECONDS = 600


def forget_shell(url):
    cache.delete(shell_key(RequestFactory().get(url)))


@pytest.mark.parametrize("url", PAGES)
def test_a_page_from_its_shell_is_the_page_rendered_in_full_in_every_display_setting(
    client, small_tree, news, settings, url
):
    client.get(url + "?utm_source=newsletter")  # the first reader's render keeps the shell
    for text_size, contrast in itertools.product(TEXT_SIZE_COOKIES, CONTRAST_COOKIES):
        for query in ("", "?utm_source=newsletter", HOSTILE_QUERY):
            reader(client, text_size, contrast)
            from_shell, queries, templates = served(client, url + query)
            assert (queries, page_templates(templates)) == (0, set()), "from the shell"
            full = rendered_in_full(client, url + query, settings)
            assert from_shell.status_code == full.status_code == 200
            assert from_shell.content == full.content, (text_size, contrast, query)
            if query:  # without one, the page cache adds its own: an ETag, Vary: Cookie
                assert sorted(from_shell.items()) == sorted(full.items())


def test_the_holes_are_filled_for_each_reader(client, small_tree):
    client.get(HACKING + "?utm_source=first")
    largest = reader(client, "largest", "dark").get(HACKING + "?utm_source=second").text
    assert '<html lang="en-GB" class="text-largest contrast-dark">' in largest
    back_here = "next=/guidance/cyber-dependent-crimes/hacking/%3Futm_source%3Dsecond"
    assert f'href="/display/?text_size=large&amp;{back_here}"' in largest
    assert 'data-text-size="largest" aria-label="Largest text" aria-current="true"' in largest
    forged = reader(client, "huge", "<b>").get(HACKING + "?utm_source=third").text
    assert 'class="text-standard contrast-standard contrast-auto"' in forged
    assert "page-shell-hole" not in largest + forged


def test_hostile_input_never_reaches_the_page_unescaped(client, small_tree):
    client.get(HACKING)
    page = reader(client, '"><script>x()</script>', "<script>").get(HACKING + HOSTILE_QUERY)
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<script>x()" not in page.text
    back_here = "next=/guidance/cyber-dependent-crimes/hacking/%3Futm_source%3D%2522%253E%253C"
    assert back_here + "script" in page.text
    assert 'class="text-standard contrast-standard contrast-auto"' in page.text
    assert (
        client.get(HACKING + "?utm_source=x", headers={"host": "evil.example"}).status_code == 400
    )


def test_a_shell_hit_costs_no_query_and_one_cache_read(client, small_tree, monkeypatch):
    client.get(HACKING + "?utm_source=first")
    forget_shell(HACKING)
    _, through_stored_parts, _ = served(client, HACKING + "?utm_source=second")
    assert through_stored_parts == 1  # the page, with its stored parts, as before shells
    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or get_many(keys))
    response, queries, templates = served(client, HACKING + "?utm_source=third")
    assert "Opening." in response.text
    assert (queries, page_templates(templates)) == (0, set())
    assert len(reads) == 1  # the content generation and the shell, together


def test_an_edit_shows_on_the_next_read_from_a_shell(client, small_tree):
    for url in (HACKING, "/cy" + HACKING, "/"):
        client.get(url + "?utm_source=first")
    hacking = small_tree["hacking"]
    hacking.title = "Computer hacking"
    hacking.body_markdown = "A new opening."
    hacking.save()
    page = client.get(HACKING + "?utm_source=after").text
    assert ">Computer hacking</h1>" in page and "A new opening." in page
    assert "A new opening." in client.get("/cy" + HACKING + "?utm_source=after").text
    small_tree["root"].title = "Prosecution guidance"
    small_tree["root"].save()
    assert "Prosecution guidance" in client.get("/?utm_source=after").text


def test_welsh_and_english_shells_are_kept_apart(client, small_tree):
    client.get(HACKING + "?utm_source=first")
    welsh = client.get("/cy" + HACKING + "?utm_source=first").text
    english = client.get(HACKING + "?utm_source=second").text
    assert '<html lang="cy"' in welsh and 'href="/cy/guidance/' in welsh
    assert '<html lang="en-GB"' in english
    assert 'href="/cy/guidance/' not in english.split("<main")[1]


def test_a_page_as_of_a_date_is_never_answered_from_the_shell(client, small_tree):
    client.get(HACKING + "?utm_source=first")
    response, _, templates = served(client, HACKING + "?as_of=2026-01-01")
    assert "base.html" in templates  # rendered from its history (here: none that old)
    assert response.content != client.get(HACKING + "?utm_source=second").content


def test_a_signed_in_editor_never_gets_nor_fills_a_shell(client, small_tree):
    editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw-12345678")
    client.force_login(editor)
    response, queries, templates = served(client, HACKING + "?utm_source=editor")
    assert response.status_code == 200 and "guidance/page.html" in templates
    client.logout()
    client.cookies.clear()
    _, _, templates = served(client, HACKING + "?utm_source=reader")
    assert "guidance/page.html" in templates  # the editor's visit kept no shell
    client.force_login(editor)
    response, _, templates = served(client, HACKING + "?utm_source=editor")
    assert "guidance/page.html" in templates  # and a reader's shell never answers an editor
    preview_url = reverse("admin:guidance_guidancepage_preview", args=[small_tree["hacking"].pk])
    preview = client.get(preview_url)
    assert "Preview." in preview.text and "page-shell-hole" not in preview.text


def test_pages_that_are_not_kept_get_their_holes_filled(client, small_tree):
    for url in ("/guidance/no-such-page/?utm_source=x", "/news/?page=2", "/search/?q=hacking"):
        response = reader(client, "large").get(url)
        assert "page-shell-hole" not in response.text
        assert 'class="text-large contrast-standard contrast-auto"' in response.text, url


def test_nothing_is_kept_with_the_cache_off(client, small_tree, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(HACKING + "?utm_source=first")
    _, queries, templates = served(client, HACKING + "?utm_source=second")
    assert queries == 1 and "guidance/page.html" in templates


def test_a_per_request_part_inside_a_stored_part_is_refused(rf):
    from django.core.exceptions import ImproperlyConfigured
    from django.template import engines

    page = engines["django"].from_string(
        '{% load stored_parts page_shell %}{% stored_part "main" %}'
        '{% per_request "display_classes" %}{% end_stored_part %}'
    )
    with pytest.raises(ImproperlyConfigured):
        page.render({}, request=rf.get("/"))


@pytest.mark.parametrize(
    "url",
    [
        *("/news/?page=2", "/news/?tag=domestic-abuse", "/news/?tag=no-such-tag"),
        *("/news/?page=abc&utm_source=x", "/offences/?sort=maximum", "/offences/?on=2020-01-01"),
        "/offences/?act=no-such-act&utm_source=x",
    ],
)
def test_a_page_chosen_by_its_query_is_never_answered_from_the_shell(client, news, settings, url):
    client.get(url.split("?")[0] + "?utm_source=first")
    response, _, templates = served(client, url)
    assert "base.html" in templates
    assert response.content == rendered_in_full(client, url, settings).content


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=hacking",
        "/glossary/?utm_source=x",
        "/no-such-file.php",
        "/cy/no-such-file.php",
        "/static/no-such-file.css",
    ],
)
def test_a_page_that_keeps_no_shell_never_looks_one_up(client, small_tree, monkeypatch, url):
    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.extend(keys) or get_many(keys))
    client.get(url)
    client.get(url)
    assert not [key for key in reads if key.startswith("shell:")], reads
    client.get("/news/?utm_source=x")  # a view that keeps its shell looks it up
    assert [key for key in reads if key.startswith("shell:")]
