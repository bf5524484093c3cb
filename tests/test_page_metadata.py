"""Being found and shared: every public page names its canonical address, its OpenGraph and
Twitter card, and both Atom feeds; guidance and advice pages carry JSON-LD breadcrumbs and
an Article with the date they last changed."""

import json
import re

import pytest

from guidance.models import GuidancePage

pytestmark = pytest.mark.django_db


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match and match.group(1)


def json_ld_blocks(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return {block["@type"]: block for block in map(json.loads, blocks)}


@pytest.mark.parametrize(
    "url", ["/", "/guidance/", "/guidance/introduction/", "/news/", "/search/", "/offences/"]
)
def test_every_public_page_has_canonical_sharing_tags_and_both_feeds(client, small_tree, url):
    html = client.get(f"{url}?utm_source=newsletter").text
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    assert meta(html, "property", "og:url") == f"http://testserver{url}"
    assert meta(html, "property", "og:site_name") == "Cybercrime guidance portal"
    title = re.search(r"<title>(.*?) – Cybercrime guidance portal</title>", html).group(1)
    assert meta(html, "property", "og:title") == title == meta(html, "name", "twitter:title")
    description = meta(html, "name", "description")
    assert description and meta(html, "property", "og:description") == description
    assert meta(html, "name", "twitter:card") == "summary"
    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/news.atom"' in html
    assert (
        '<link rel="alternate" type="application/atom+xml" href="/feeds/guidance-updates.atom"'
        in html
    )


def test_with_site_url_set_every_address_names_the_site_not_the_host_asked(
    client, small_tree, settings
):
    settings.SITE_URL = "https://guidance.example.gov.uk"
    html = client.get(small_tree["hacking"].get_absolute_url()).text
    url = "https://guidance.example.gov.uk/guidance/cyber-dependent-crimes/hacking/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "property", "og:url") == url
    blocks = json_ld_blocks(html)
    assert blocks["Article"]["url"] == url
    assert blocks["BreadcrumbList"]["itemListElement"][0]["item"] == (
        "https://guidance.example.gov.uk/"
    )
    assert "testserver" not in html.split("</head>")[0]


def test_a_title_is_escaped_once_in_every_tag(client, make_page):
    page = make_page('Fraud & "scams" <now>', slug="fraud")
    html = client.get(page.get_absolute_url()).text
    assert "<title>Fraud &amp; &quot;scams&quot; &lt;now&gt; –" in html
    assert meta(html, "property", "og:title") == "Fraud &amp; &quot;scams&quot; &lt;now&gt;"
    article = json_ld_blocks(html)["Article"]
    assert article["headline"] == 'Fraud & "scams" <now>'
    assert "<now>" not in html.split("</head>")[0]  # "<" is escaped inside the data block


def test_a_guidance_page_has_breadcrumbs_and_an_article_as_json_ld(client, small_tree):
    hacking = small_tree["hacking"]
    assert (
        "dateModified" not in json_ld_blocks(client.get(hacking.get_absolute_url()).text)["Article"]
    )  # no date known: none given
    hacking.add_public_update("Section 1 rewritten.")
    hacking.save()
    html = client.get(hacking.get_absolute_url()).text
    blocks = json_ld_blocks(html)
    trail = [
        (item["position"], item["name"]) for item in blocks["BreadcrumbList"]["itemListElement"]
    ]
    assert trail == [
        (1, "Home"), (2, "Guidance"), (3, "Cyber-dependent crimes"), (4, "Hacking"),
    ]  # fmt: skip
    article = blocks["Article"]
    assert article["url"] == "http://testserver/guidance/cyber-dependent-crimes/hacking/"
    page = GuidancePage.objects.get(pk=hacking.pk)
    assert article["dateModified"] == page.last_updated.isoformat()
    assert meta(html, "property", "og:type") == "article"


def test_pages_that_are_not_guidance_have_no_article(client, small_tree):
    assert json_ld_blocks(client.get("/news/").text) == {}
