"""Any page as it stood on a date (?as_of=YYYY-MM-DD), built from its revisions."""

import datetime

import pytest
import reversion
from django.utils import timezone

from guidance.models import GuidancePage

pytestmark = pytest.mark.django_db


def save_revision(page, on, body, title=None, status="published", note=None):
    """Save the page as an editor did on a given day (noon, London time)."""
    page = GuidancePage.objects.get(pk=page.pk)
    page.body_markdown = body
    page.status = status
    page.updated_on = on
    if title:
        page.title = title
    moment = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    if note:
        page.add_public_update(note, at=moment)
    with reversion.create_revision():
        page.save()
        reversion.set_date_created(moment)
    return page


@pytest.fixture
def two_revisions(small_tree):
    hacking = small_tree["hacking"]
    save_revision(hacking, datetime.date(2025, 3, 1), "The first wording.", title="Hacking")
    save_revision(
        hacking,
        datetime.date(2025, 3, 10),
        "The second wording.",
        title="Hacking offences",
        note="Rewrote the offences section.",
    )
    return GuidancePage.objects.get(pk=hacking.pk)


def as_of(client, page, value):
    return client.get(page.get_absolute_url(), {"as_of": value})


@pytest.mark.parametrize(
    ("day", "expected", "absent"),
    [
        ("2025-03-01", "The first wording.", "The second wording."),
        ("2025-03-09", "The first wording.", "The second wording."),
        ("2025-03-10", "The second wording.", "The first wording."),
        ("2025-04-30", "The second wording.", "The first wording."),
    ],
)
def test_the_page_shows_the_words_it_had_at_the_end_of_that_day(
    client, two_revisions, day, expected, absent
):
    response = as_of(client, two_revisions, day)
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert absent not in html
    stood_on = datetime.date.fromisoformat(day)
    assert f"This is the page as it stood on {stood_on:%-d %B %Y}." in html
    assert f'<a href="{two_revisions.get_absolute_url()}">Read the current version</a>' in html


def test_title_and_last_updated_are_as_they_were(client, two_revisions):
    html = as_of(client, two_revisions, "2025-03-05").content.decode()
    assert "<h1>Hacking</h1>" in html
    assert 'datetime="2025-03-01"' in html  # last updated: the content's date in that revision
    assert "Rewrote the offences section." not in html


def test_a_date_before_the_page_existed_says_so(client, two_revisions):
    response = as_of(client, two_revisions, "2025-02-28")
    assert response.status_code == 200
    assert "This page did not exist on 28 February 2025." in response.content.decode()


def test_a_date_when_the_page_was_a_draft_says_it_was_not_published(client, small_tree):
    page = small_tree["hacking"]
    save_revision(page, datetime.date(2025, 1, 1), "Draft words.", status="draft")
    save_revision(page, datetime.date(2025, 2, 1), "Live words.")
    html = as_of(client, page, "2025-01-15").content.decode()
    assert "This page was not published on 15 January 2025." in html
    assert "Draft words." not in html


@pytest.mark.parametrize(
    "value", ["", "yesterday", "2025-13-01", "2025-02-30", "03/03/2025", "9999-01-01", "x" * 5000]
)
def test_a_bad_or_future_date_is_a_400_with_a_message(client, two_revisions, value):
    response = as_of(client, two_revisions, value)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write the date as year-month-day" in html or "in the future" in html


def test_these_views_are_noindex_and_never_stored_in_the_page_cache(client, two_revisions):
    response = as_of(client, two_revisions, "2025-03-05")
    assert response["X-Robots-Tag"] == "noindex"
    assert 'name="robots" content="noindex"' in response.content.decode()
    assert "private" in response["Cache-Control"]
    current = client.get(two_revisions.get_absolute_url()).content.decode()
    assert "The second wording." in current
    assert "This is the page as it stood" not in current


def test_each_public_update_links_to_the_page_as_it_stood_that_day(client, two_revisions):
    html = client.get(two_revisions.get_absolute_url()).content.decode()
    assert f'href="{two_revisions.get_absolute_url()}?as_of=2025-03-10"' in html
    assert '<label for="as-of-date">See this page as it was on a date</label>' in html
