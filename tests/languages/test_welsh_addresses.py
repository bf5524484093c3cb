"""Welsh under /cy/, English at the root: the language comes from the address alone."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from guidance.models import PageTranslation
from shared.reversing import reverse_slug
from tests.quality.pages import ENGLISH_PAGES, WELSH_PAGES
from tests.sitemaps import sitemap_paths

from .helpers import language_markup

pytestmark = pytest.mark.django_db

ADVICE_PAGE = "advice/types-of-cybercrime/phishing"


@pytest.mark.parametrize(("name", "url"), WELSH_PAGES, ids=lambda v: v)
def test_the_welsh_address_of_every_public_page_type_is_a_welsh_page(
    shipped_content, client, name, url
):
    response = client.get(url)
    assert response.status_code == 200
    markup = language_markup(response)
    assert markup.lang == "cy"
    assert (markup.link_text, markup.link_lang) == ("English", "en")
    assert response.headers["Content-Language"] == "cy"


@pytest.mark.parametrize(("name", "url"), WELSH_PAGES, ids=lambda v: v)
def test_hreflang_pairs_agree_both_ways(shipped_content, client, name, url):
    welsh = language_markup(client.get(url))
    english_url = url.removeprefix("/cy")
    english = language_markup(client.get(english_url))
    assert english.lang == "en-GB"
    assert (english.link_text, english.link_lang) == ("Cymraeg", "cy")
    assert welsh.alternates == english.alternates
    if welsh.alternates:
        path = english_url.split("?")[0]
        assert welsh.alternates == {"en": path, "cy": f"/cy{path}", "x-default": path}
        assert english.link_path == f"/cy{english_url}".split("?")[0]
        assert welsh.link_path == path


def test_every_welsh_page_type_has_an_english_page_of_the_same_type():
    english = dict(ENGLISH_PAGES)
    for name, url in WELSH_PAGES:
        assert english[name.removesuffix(", in Welsh")] == url.removeprefix("/cy")


def test_a_reader_at_the_root_gets_english_whatever_their_browser_prefers(shipped_content, client):
    response = client.get("/", headers={"Accept-Language": "cy"}, cookies={"django_language": "cy"})
    assert language_markup(response).lang == "en-GB"
    assert "Cybercrime guidance portal" in response.content.decode()


def test_the_admin_stays_in_english(shipped_content, client):
    response = client.get("/admin/login/", headers={"Accept-Language": "cy"})
    assert response.status_code == 200
    assert "Log in" in response.content.decode()
    assert client.get("/cy/admin/login/").status_code == 404


def test_a_welsh_page_has_welsh_chrome(shipped_content, client):
    html = client.get("/cy/").content.decode()
    for welsh in ("Neidio i'r prif gynnwys", "Porth canllawiau seiberdroseddu", "Chwilio", "Cwcis"):
        assert welsh in html
    assert "Skip to main content" not in html


def test_an_english_page_without_a_welsh_version_links_to_the_welsh_home(shipped_content, client):
    PageTranslation.objects.filter(page__path=ADVICE_PAGE).delete()
    markup = language_markup(client.get(f"/{ADVICE_PAGE}/"))
    assert markup.link_path == "/cy/"
    assert markup.alternates == {}


def test_a_translated_page_shows_its_welsh_version(shipped_content, client):
    page = shipped_content[ADVICE_PAGE]
    PageTranslation.objects.update_or_create(
        page=page,
        language="cy",
        defaults={
            "title": "Gwe-rwydo",
            "summary": "Negeseuon ffug.",
            "body_markdown": "## Beth yw e\n\nTestun.",
        },
    )
    response = client.get(f"/cy/{ADVICE_PAGE}/")
    html = response.content.decode()
    assert "<h1>Gwe-rwydo</h1>" in html
    assert 'id="beth-yw-e"' in html
    english = language_markup(client.get(f"/{ADVICE_PAGE}/"))
    assert english.link_path == f"/cy/{ADVICE_PAGE}/"
    assert english.alternates["cy"] == f"/cy/{ADVICE_PAGE}/"


def test_an_untranslated_advice_page_is_shown_in_english_marked_as_english(shipped_content, client):
    PageTranslation.objects.filter(page__path=ADVICE_PAGE).delete()
    html = client.get(f"/cy/{ADVICE_PAGE}/").content.decode()
    assert "Nid yw'r dudalen hon ar gael yn Gymraeg eto" in html
    assert '<div class="prose" lang="en">' in html


def test_the_prosecution_guidance_stays_english_with_a_welsh_notice(shipped_content, client):
    response = client.get("/cy/guidance/cyber-dependent-crimes/hacking/")
    html = response.content.decode()
    assert language_markup(response).lang == "cy"
    assert "Mae'r canllawiau hyn yn cael eu cyhoeddi yn Saesneg yn unig." in html
    assert '<div class="prose" lang="en">' in html
    assert (
        f'<h1 lang="en">{shipped_content["guidance/cyber-dependent-crimes/hacking"].title}</h1>'
        in html
    )


def test_welsh_dates_have_welsh_month_names(shipped_content, client):
    html = client.get("/cy/help/accessibility/").content.decode()
    months = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
              "Medi", "Hydref", "Tachwedd", "Rhagfyr")  # fmt: skip
    assert any(f" {month} 20" in html for month in months)
    assert " November 20" not in html


def test_an_unknown_welsh_address_is_a_welsh_page_not_found(shipped_content, client):
    response = client.get("/cy/no-such-page/")
    assert response.status_code == 404
    assert "Heb ddod o hyd i'r dudalen" in response.content.decode()


def test_a_page_whose_english_parent_is_a_draft_is_not_public_in_welsh_either(
    shipped_content, client
):
    page = shipped_content[ADVICE_PAGE]
    PageTranslation.objects.update_or_create(
        page=page, language="cy", defaults={"title": "Gwe-rwydo", "body_markdown": "Testun."}
    )
    assert client.get(f"/cy/{ADVICE_PAGE}/").status_code == 200
    parent = page.parent
    parent.status = parent.Status.DRAFT
    parent.save()
    assert client.get(f"/cy/{ADVICE_PAGE}/").status_code == 404
    assert client.get(f"/{ADVICE_PAGE}/").status_code == 404


def test_a_welsh_version_of_an_unpublished_page_is_not_public(shipped_content, client):
    page = shipped_content[ADVICE_PAGE]
    PageTranslation.objects.update_or_create(
        page=page, language="cy", defaults={"title": "Gwe-rwydo", "body_markdown": "Testun."}
    )
    page.status = page.Status.DRAFT
    page.save()
    assert client.get(f"/cy/{ADVICE_PAGE}/").status_code == 404


def test_urls_are_reversed_in_the_active_language():
    with translation.override("cy"):
        welsh = (reverse_slug("guidance:page", "path", "advice/x"), reverse("search:results"))
    with translation.override("en"):
        english = (reverse_slug("guidance:page", "path", "advice/x"), reverse("search:results"))
    assert welsh == ("/cy/advice/x/", "/cy/search/")
    assert english == ("/advice/x/", "/search/")


def test_the_navigation_shows_welsh_titles_where_pages_have_them(shipped_content, client):
    page = shipped_content[ADVICE_PAGE]
    PageTranslation.objects.update_or_create(
        page=page.parent, language="cy", defaults={"title": "Mathau o seiberdroseddu"}
    )
    html = client.get(f"/cy/{ADVICE_PAGE}/").content.decode()
    assert ">Mathau o seiberdroseddu</a>" in html
    english = client.get(f"/{ADVICE_PAGE}/").content.decode()
    assert "Mathau o seiberdroseddu" not in english


def test_the_sitemap_lists_the_welsh_versions_of_public_pages_and_only_those(
    shipped_content, client
):
    phishing = shipped_content[ADVICE_PAGE]
    phishing.status = phishing.Status.DRAFT
    phishing.save()
    PageTranslation.objects.filter(page__path="advice/types-of-cybercrime/malware").delete()

    listed = set(sitemap_paths(client))

    assert {
        "cy/",
        "cy/advice/",
        "cy/advice/reporting-cybercrime/",
        "cy/help/accessibility/",
    } <= listed
    assert "advice/reporting-cybercrime/" in listed
    assert f"cy/{ADVICE_PAGE}/" not in listed  # its English page is a draft
    assert "cy/advice/types-of-cybercrime/malware/" not in listed  # no Welsh version
    assert not any(path.startswith("cy/guidance/") for path in listed)  # English only


def test_the_welsh_glossary_files_terms_in_the_welsh_alphabet(shipped_content, client):
    html = client.get("/cy/glossary/").content.decode()
    headings = re.findall(r'<h2 id="letter-([^"]+)">', html)
    # Ff and Ll are letters of their own, each after every word of its single letter.
    assert {"ff", "ll"} <= set(headings)
    # Letters Welsh lacks (K, V in an abbreviation such as VPN) follow the letter before them.
    welsh_order = [
        "0-9", "a", "b", "c", "ch", "d", "dd", "e", "f", "ff", "g", "ng", "h", "i", "j", "k", "l",
        "ll", "m", "n", "o", "p", "ph", "r", "rh", "s", "t", "th", "u", "v", "w", "x", "y", "z",
    ]  # fmt: skip
    assert headings == sorted(headings, key=welsh_order.index)
    in_ll = html.split('id="letter-ll"')[1].split("<h2")[0]
    assert "Llythyr cais" in in_ll
    # The letters along the top are the Welsh alphabet's.
    assert "<span>Ch</span>" in html or '<a href="#letter-ch">Ch</a>' in html
    assert "<span>Z</span>" not in html


def test_the_english_glossary_keeps_the_english_alphabet(shipped_content, client):
    html = client.get("/glossary/").content.decode()
    assert "letter-ll" not in html
    assert "<span>Z</span>" in html or '<a href="#letter-z">Z</a>' in html


def test_the_related_panels_mark_their_english_titles_on_a_welsh_page(shipped_content, client):
    """News and prosecution guidance are published in English only: on a Welsh page their
    titles and tags beside the guidance carry lang="en", as in the lists of their own."""
    path = "/guidance/introduction/"
    for url, marked in [(path, False), (f"/cy{path}", True), (path, False)]:
        html = client.get(url).text
        related = html[html.index('<aside class="related"') : html.index("</aside>")]
        links = re.findall(r'<a class="item-summary__title"[^>]*>', related)
        assert links, f"{url} has no related items"
        assert all(('lang="en"' in link) is marked for link in links), links
