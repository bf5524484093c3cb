"""News and prosecution guidance lists, detail pages and tag pages, with good and bad input."""

import datetime

import pytest

from guidance.models import GuidancePage
from publications.models import ProsecutionGuidance
from tags.models import Tag

pytestmark = pytest.mark.django_db


def test_tag_slugs_come_from_names(news):
    assert news["cyber"].slug == "cyber-online-crime"


def test_news_list_is_newest_first_and_paginated(client, news):
    html = client.get("/news/").text
    assert html.index("Story 23") < html.index("Story 22")
    assert "Story 13" not in html
    assert "23 items" in html
    assert "Draft story" not in html
    page_three = client.get("/news/", {"page": 3}).text
    assert "Story 03" in page_three and "Story 01" in page_three


@pytest.mark.parametrize(
    ("page", "expected"),
    [("0", "Story 03"), ("-1", "Story 03"), ("999", "Story 03"), ("abc", "Story 23"),
     ("", "Story 23"), ("1e9", "Story 23"), ("2.5", "Story 23"),
     ("99999999999999999999999", "Story 03")],
)  # fmt: skip
def test_bad_page_numbers_give_the_first_or_last_page(client, news, page, expected):
    response = client.get("/news/", {"page": page})
    assert response.status_code == 200
    assert expected in response.text


def test_filtering_by_tag_with_a_plain_get_form(client, news):
    html = client.get("/news/", {"tag": "domestic-abuse"}).text
    assert "11 items about Domestic abuse" in html
    assert "Story 01" not in html
    assert '<option value="domestic-abuse" selected>' in html
    assert '<form class="filter-form" method="get"' in html


@pytest.mark.parametrize("tag", ["no-such-tag", "../../etc", "<script>", "x" * 3000])
def test_an_unknown_tag_shows_everything_with_a_notice(client, news, tag):
    response = client.get("/news/", {"tag": tag})
    assert response.status_code == 200
    assert "There is no topic called" in response.text
    assert "<script>" not in response.text.split("There is no topic called")[1][:200]


def test_news_detail_shows_body_date_and_tags(client, news):
    html = client.get("/news/story-2/").text
    assert "<h1>Story 02</h1>" in html
    assert '<time datetime="2020-01-02">2 January 2020</time>' in html
    assert 'href="/tags/domestic-abuse/"' in html


def test_draft_news_is_not_found(client, news):
    assert client.get("/news/draft/").status_code == 404


def test_prosecution_guidance_with_an_external_link(client, news):
    entry = ProsecutionGuidance.objects.create(
        title="Stalking and harassment",
        slug="stalking-and-harassment",
        status="published",
        updated_on=datetime.date(2018, 5, 23),
        external_url="https://www.cps.gov.uk/",
    )
    entry.tags.set([news["abuse"]])
    listing = client.get("/prosecution-guidance/").text
    assert "Stalking and harassment" in listing and "23 May 2018" in listing
    detail = client.get("/prosecution-guidance/stalking-and-harassment/").text
    assert 'href="https://www.cps.gov.uk/"' in detail


def test_tag_page_lists_everything_public_with_that_tag(client, news, small_tree):
    news["abuse"].pages.add(small_tree["hacking"])
    draft = GuidancePage.objects.get(pk=small_tree["introduction"].pk)
    draft.status = GuidancePage.Status.DRAFT
    draft.save()
    news["abuse"].pages.add(draft)
    html = client.get("/tags/domestic-abuse/").text
    assert "Hacking" in html
    assert "Introduction" not in html
    assert "Story 02" in html and "Story 01" not in html


def test_a_tag_with_nothing_public_is_not_found(client, db):
    Tag.objects.create(name="Empty")
    assert client.get("/tags/empty/").status_code == 404
    assert client.get("/tags/no-such-tag/").status_code == 404
