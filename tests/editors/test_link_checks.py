"""Every internal link in every body, in any form, is checked against what the site holds:
pages, news, prosecution guidance, tags, offences, glossary entries and their #anchors."""

import datetime

import pytest
from django.urls import reverse

from guidance.link_check import broken_links, pages_linking_to
from guidance.models import GuidancePage
from offences.models import Act, GlossaryTerm, Offence
from publications.models import NewsItem, ProsecutionGuidance
from tags.models import Tag

from .conftest import post_change

pytestmark = pytest.mark.django_db

HACKING = "/guidance/cyber-dependent-crimes/hacking/"


@pytest.fixture
def site(small_tree, settings):
    settings.ALLOWED_HOSTS = ["guidance.example.gov.uk", "testserver"]
    act = Act.objects.create(name="Computer Misuse Act", year=1990, chapter=18)
    offence = Offence.objects.create(
        slug="cma-s1", act=act, section="1", title="Unauthorised access", conduct="Access.",
        category="cyber-dependent", mode_of_trial="either-way",
        maximum_on_summary_conviction="a fine", maximum_on_indictment="2 years",
        longest_sentence_months=24,
    )  # fmt: skip
    term = GlossaryTerm.objects.create(term="Malware", definition="Malicious software.")
    news = NewsItem.objects.create(
        title="Arrests", slug="arrests", published_on=datetime.date(2026, 1, 5),
        body_markdown="## Who was arrested\n\nText.", status="published",
    )  # fmt: skip
    Tag.objects.create(name="Fraud", slug="fraud")
    return {**small_tree, "offence": offence, "term": term, "news": news}


def hrefs(body, base=HACKING):
    return [link.href for link in broken_links(body, base)]


@pytest.mark.parametrize(
    "href",
    [
        HACKING,
        HACKING.rstrip("/"),
        f"{HACKING}#offences",
        "https://guidance.example.gov.uk/guidance/introduction",
        "../",  # relative: up to the section
        "#offences",  # a heading of this very body
        "/news/arrests/",
        "/news/arrests/#who-was-arrested",
        "/tags/fraud",
        "/offences/cma-s1/",
        "/offences/#cma-s1",
        "/glossary/#malware",
        "/glossary/#letter-m",
        "/news/",
        "https://www.gov.uk/report-fraud",
        "mailto:someone@example.org",
    ],
)
def test_links_that_lead_somewhere_pass(site, href):
    body = f"## Offences\n\nSee [this]({href})."
    assert hrefs(body) == []


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("/guidance/no-such-page/", "no page has this address"),
        ("/guidance/no-such-page", "no page has this address"),
        ("no-such-child", "no page has this address"),  # relative to the page itself
        ("https://guidance.example.gov.uk/guidance/gone/", "no page has this address"),
        (f"{HACKING}#no-such-heading", "no heading or entry “#no-such-heading”"),
        ("#missing", "no heading or entry “#missing”"),
        ("/news/no-such-news/", "there is no news item “no-such-news”"),
        ("/news/arrests/#nowhere", "no heading or entry “#nowhere”"),
        ("/prosecution-guidance/missing/", "there is no prosecution guidance “missing”"),
        ("/tags/missing/", "there is no tag “missing”"),
        ("/offences/missing/", "there is no offence “missing”"),
        ("/offences/#missing", "no offence “missing” in the offence finder"),
        ("/glossary/#missing", "there is no glossary entry “missing”"),
        ("/nowhere-at-all/x/y/", "no page has this address"),
    ],
)
def test_each_kind_of_broken_link_is_found_with_its_reason(site, href, reason):
    (link,) = broken_links(f"See [the text]({href}).", HACKING)
    assert link.href == href
    assert link.text == "the text"
    assert reason in link.reason


def test_a_broken_link_is_refused_with_its_text_and_target(editor_client, site):
    page = site["introduction"]
    response = post_change(editor_client, page, body_markdown="See [the news](/news/nope/).")
    assert response.status_code == 200
    assert "The link “the news” (/news/nope/) leads nowhere" in response.content.decode()


def test_a_dead_link_already_in_a_page_never_blocks_an_unrelated_save(editor_client, site):
    page = site["introduction"]
    GuidancePage.objects.filter(pk=page.pk).update(
        body_markdown="Old text with [a dead link](/guidance/deleted-long-ago/)."
    )
    page.refresh_from_db()
    response = post_change(
        editor_client,
        page,
        body_markdown="New text with [a dead link](/guidance/deleted-long-ago/).",
    )
    assert response.status_code == 302
    followed = editor_client.get(response["Location"]).content.decode()
    assert "already had 1 broken link(s), not added by you" in followed
    assert "/guidance/deleted-long-ago/" in followed


def test_news_and_prosecution_guidance_bodies_are_checked_too(editor_client, site):
    item = ProsecutionGuidance.objects.create(
        title="Fraud", slug="fraud", updated_on=datetime.date(2026, 1, 1), status="published"
    )
    url = reverse("admin:publications_prosecutionguidance_change", args=[item.pk])
    data = {
        "title": "Fraud", "slug": "fraud", "updated_on": "2026-01-01", "status": "published",
        "summary": "", "external_url": "", "body_markdown": "See [offence](/offences/none/).",
    }  # fmt: skip
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "there is no offence “none”" in response.content.decode()
    news_url = reverse("admin:publications_newsitem_change", args=[site["news"].pk])
    news_data = {
        "title": "Arrests", "slug": "arrests", "published_on": "2026-01-05",
        "status": "published", "summary": "", "body_markdown": "[Gone](#nowhere)",
    }  # fmt: skip
    response = editor_client.post(news_url, news_data)
    assert response.status_code == 200
    assert "no heading or entry “#nowhere”" in response.content.decode()


def test_pages_linking_to_a_page_are_found_in_every_form(site, make_page):
    make_page("A", body=f"[x]({HACKING})")
    make_page("B", body=f"[x]({HACKING.rstrip('/')}#offences)")
    make_page("C", body=f"[x](https://guidance.example.gov.uk{HACKING})")
    make_page("D", body="[x](/guidance/cyber-dependent-crimes/hacking-and-more/)")
    titles = sorted(str(item) for _, item in pages_linking_to(site["hacking"].path))
    assert titles == ["A", "B", "C"]


def test_relative_links_and_old_addresses_count_as_links_from_every_kind_of_body(site, make_page):
    from guidance.models import PageRedirect
    from statements.models import Statement

    dependent, hacking = site["dependent"], site["hacking"]
    make_page("Sibling", parent=dependent, body="[x](../hacking/)")
    make_page("Cousin", parent=site["root"], body="[x](../cyber-dependent-crimes/hacking#offences)")
    make_page("Old address", parent=dependent, body="[x](/guidance/old-hacking/)")
    PageRedirect.objects.create(old_path="guidance/old-hacking", page=hacking)
    NewsItem.objects.create(
        title="News", slug="relative", published_on=datetime.date(2026, 1, 6),
        body_markdown="[x](../../guidance/cyber-dependent-crimes/hacking)", status="published",
    )  # fmt: skip
    ProsecutionGuidance.objects.create(
        title="Guidance note", slug="note", status="published",
        body_markdown=f"[x](https://guidance.example.gov.uk{HACKING}#offences)",
    )  # fmt: skip
    Statement.objects.create(slug="licence", title="Licence", body_markdown=f"[x]({HACKING})")
    # Near misses: a child of the sibling, a longer slug, the same slug elsewhere.
    make_page("Not a link 1", parent=dependent, body="[x](hacking/)")
    make_page("Not a link 2", parent=dependent, body="[x](../hacking-and-more/)")
    make_page("Not a link 3", parent=site["root"], body="[x](../hacking/)")

    found = sorted((label, str(item)) for label, item in pages_linking_to(hacking.path))

    assert found == [
        ("Guidance page", "Cousin"),
        ("Guidance page", "Old address"),
        ("Guidance page", "Sibling"),
        ("News", "News"),
        ("Prosecution guidance", "Guidance note"),
        ("Statement", "Licence"),
    ]


def test_welsh_versions_that_link_to_a_page_are_found_too(site, make_page):
    from guidance.models import PageTranslation
    from statements.models import Statement, StatementTranslation

    hacking = site["hacking"]
    linking = make_page("Linking", body="No link in English.")
    PageTranslation.objects.create(
        page=linking, title="Yn cysylltu", body_markdown=f"[x](/cy{HACKING}#offences)"
    )
    PageTranslation.objects.create(page=hacking, title="Hacio", body_markdown=f"[x](/cy{HACKING})")
    licence = Statement.objects.create(slug="licence", title="Licence", body_markdown="Text.")
    StatementTranslation.objects.create(
        statement=licence,
        title="Trwydded",
        body_markdown="[x](../../guidance/cyber-dependent-crimes/hacking/)",
    )

    found = sorted((label, str(item)) for label, item in pages_linking_to(hacking.path))

    assert found == [
        ("Welsh version of a page", "Yn cysylltu (cy)"),
        ("Welsh version of a statement", "Trwydded (cy)"),
    ]


def test_deleting_a_linked_page_names_the_linking_pages_and_needs_a_tick(
    editor_client, site, make_page
):
    make_page("Links to hacking", body=f"[Hacking]({HACKING})")
    hacking = site["hacking"]
    url = reverse("admin:guidance_guidancepage_delete", args=[hacking.pk])

    confirm = editor_client.get(url).content.decode()
    assert "1 page links to “Hacking”" in confirm
    assert "Guidance page: Links to hacking" in confirm

    editor_client.post(url, {"post": "yes"})
    assert GuidancePage.objects.filter(pk=hacking.pk).exists()  # not without the tick
    editor_client.post(url, {"post": "yes", "accept_broken_links": "yes"})
    assert not GuidancePage.objects.filter(pk=hacking.pk).exists()


def test_unpublishing_a_linked_page_names_the_linking_pages_and_needs_a_tick(
    editor_client, site, make_page
):
    make_page("Links to hacking", body=f"[Hacking]({HACKING})")
    hacking = site["hacking"]
    response = post_change(editor_client, hacking, status="draft")
    assert response.status_code == 200
    assert "1 other page(s) link to this page: Guidance page: “Links to hacking”" in (
        response.content.decode()
    )
    response = post_change(editor_client, hacking, status="draft", unpublish_despite_links="on")
    assert response.status_code == 302
    hacking.refresh_from_db()
    assert hacking.status == GuidancePage.Status.DRAFT
