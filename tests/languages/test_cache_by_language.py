"""The page cache, the fragments and the ETags are kept apart by language."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.models import PageTranslation
from pagecache.policy import shell_key
from tests.test_page_cache_at_the_door import Answer
from tests.test_page_shells import page_templates

from .helpers import language_markup

pytestmark = pytest.mark.django_db

HACKING = "/guidance/cyber-dependent-crimes/hacking/"
PHISHING = "advice/types-of-cybercrime/phishing"


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


@pytest.mark.parametrize("first", ["en", "cy"])
def test_a_cached_page_in_one_language_is_never_served_for_the_other(
    shipped_content, client, settings, first
):
    assert settings.PAGE_CACHE_SECONDS > 0
    order = [HACKING, f"/cy{HACKING}"] if first == "en" else [f"/cy{HACKING}", HACKING]
    for url in order:
        client.get(url)
    english, english_queries = queries_for(client, HACKING)
    welsh, welsh_queries = queries_for(client, f"/cy{HACKING}")
    assert (english_queries, welsh_queries) == (0, 0)  # both from the cache
    assert language_markup(english).lang == "en-GB"
    assert language_markup(welsh).lang == "cy"
    assert "Skip to main content" in english.content.decode()
    assert "Neidio i'r prif gynnwys" in welsh.content.decode()


def test_the_two_languages_have_different_etags(shipped_content, client):
    english = client.get(HACKING)
    welsh = client.get(f"/cy{HACKING}")
    assert english.headers["ETag"] != welsh.headers["ETag"]
    revalidated = client.get(f"/cy{HACKING}", headers={"If-None-Match": english.headers["ETag"]})
    assert revalidated.status_code == 200


def test_the_navigation_fragment_is_kept_per_language(shipped_content, client):
    """The navigation is cached per page: a Welsh title must not leak into the English one,
    nor an English one stay in the Welsh after a translation is saved."""
    page = shipped_content[PHISHING]
    english_before = client.get(f"/{PHISHING}/").content.decode()
    client.get(f"/cy/{PHISHING}/")
    PageTranslation.objects.update_or_create(
        page=page.parent, language="cy", defaults={"title": "Mathau o seiberdroseddu"}
    )
    welsh = client.get(f"/cy/{PHISHING}/").content.decode()
    english = client.get(f"/{PHISHING}/").content.decode()
    assert ">Mathau o seiberdroseddu</a>" in welsh
    assert "Mathau o seiberdroseddu" not in english
    assert page.parent.title in english_before


def test_saving_a_welsh_version_renews_the_welsh_page(shipped_content, client):
    page = shipped_content[PHISHING]
    translation, _ = PageTranslation.objects.update_or_create(
        page=page, language="cy", defaults={"title": "Gwe-rwydo"}
    )
    assert "<h1>Gwe-rwydo</h1>" in client.get(f"/cy/{PHISHING}/").content.decode()
    translation.title = "Gwe-rwydo: negeseuon ffug"
    translation.save()
    assert "<h1>Gwe-rwydo: negeseuon ffug</h1>" in client.get(f"/cy/{PHISHING}/").content.decode()


@pytest.mark.parametrize("cookie", [None, "en", "cy"])
@pytest.mark.parametrize(
    ("url", "lang"), [(HACKING, "en-GB"), (f"/cy{HACKING}", "cy"), ("/", "en-GB"), ("/cy/", "cy")]
)
def test_a_page_is_kept_and_served_from_its_shell_in_the_language_of_its_address(
    small_tree, rf, url, lang, cookie
):
    """One function decides the page's language (languages.paths.language_of_request): the
    page cache looks the shell up in it, the site's handler resolves the address in it and
    the page is rendered in it. Neither the language cookie nor the browser's preference
    changes it, for the reader who fills the shell or the one it answers."""
    code = lang.split("-")[0]
    other = "en" if code == "cy" else "cy"
    cookies = {"HTTP_COOKIE": f"django_language={cookie}"} if cookie else {}
    rendered = Answer(url, QUERY_STRING="utm_source=first", HTTP_ACCEPT_LANGUAGE=other, **cookies)
    from_shell = Answer(
        url, QUERY_STRING="utm_source=second", HTTP_COOKIE=f"django_language={other}"
    )
    assert rendered.status == from_shell.status == "200 OK"
    assert "base.html" in rendered.templates  # the view rendered it, keeping its shell
    assert (from_shell.queries, page_templates(from_shell.templates)) == (0, set())
    assert shell_key(rf.get(url)).startswith(f"shell:{code}:")
    for answer in (rendered, from_shell):
        assert f'<html lang="{lang}"'.encode() in answer.body
        assert answer.header("Content-Language") == code
