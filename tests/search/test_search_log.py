"""What people searched for: counts per query per day, and nothing personal."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from search.log import KEEP_DAYS, count_search
from search.models import SearchCount

pytestmark = pytest.mark.django_db


def counts():
    return {(row.query, row.searches, row.results) for row in SearchCount.objects.all()}


def test_a_search_is_counted_once_normalised_with_its_number_of_results(client, small_tree):
    client.get("/search/", {"q": "Hacking"})
    client.get("/search/", {"q": "  hacking! "})
    client.get("/search/", {"q": "zebra"})
    assert counts() == {("hacking", 2, 1), ("zebra", 1, 0)}
    assert SearchCount.objects.get(query="hacking").day == timezone.localdate()


def test_paging_and_filtering_the_same_search_are_not_counted_again(client, small_tree):
    client.get("/search/", {"q": "hacking"})
    client.get("/search/", {"q": "hacking", "page": "2"})
    client.get("/search/", {"q": "hacking", "kind": "guidance"})
    assert counts() == {("hacking", 1, 1)}


@pytest.mark.parametrize(
    "query",
    [
        "jane.doe@example.com hacked",
        "my account 12345678",
        "call me on 07700 900 123",
        "card 4111-1111-1111-1111",
        "+447700900123",
    ],
)
def test_a_search_holding_an_email_address_or_a_long_number_is_never_stored(
    client, small_tree, query
):
    assert client.get("/search/", {"q": query}).status_code == 200
    assert not SearchCount.objects.exists()


def test_nothing_about_the_reader_is_stored_and_no_cookie_is_set(small_tree):
    reader = Client(REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Reader's browser")
    response = reader.get("/search/", {"q": "hacking"})
    assert not response.cookies
    assert {field.name for field in SearchCount._meta.get_fields()} == {
        "id",
        "day",
        "query",
        "searches",
        "results",
    }
    stored = " ".join(str(value) for row in SearchCount.objects.values() for value in row.values())
    assert "203.0.113.7" not in stored
    assert "browser" not in stored


def test_counts_older_than_ninety_days_are_purged_when_a_day_begins_and_by_command():
    today = timezone.localdate()
    old = today - datetime.timedelta(days=KEEP_DAYS)
    kept = today - datetime.timedelta(days=KEEP_DAYS - 1)
    SearchCount.objects.create(day=old, query="old", searches=1)
    SearchCount.objects.create(day=kept, query="kept", searches=1)
    count_search("new query", 3, today=today)
    assert set(SearchCount.objects.values_list("query", flat=True)) == {"kept", "new query"}
    SearchCount.objects.create(day=old, query="old", searches=1)
    output = StringIO()
    call_command("purge_search_log", stdout=output)
    assert "Deleted 1 search counts." in output.getvalue()


def test_editors_see_top_searches_and_top_searches_with_no_results(editor_client):
    today = timezone.localdate()
    SearchCount.objects.create(day=today, query="hacking", searches=9, results=4)
    SearchCount.objects.create(day=today, query="phising", searches=5, results=0)
    SearchCount.objects.create(
        day=today - datetime.timedelta(days=40), query="long ago", searches=99, results=0
    )
    html = editor_client.get(reverse("admin:search_searchcount_changelist")).content.decode()
    no_results = html[html.index('id="no-results"') : html.index('id="top"')]
    top = html[html.index('id="top"') :]
    assert "phising" in no_results and "hacking" not in no_results
    assert top.index("hacking") < top.index("phising")
    assert "long ago" not in html  # outside the last 30 days
    assert f"{reverse('admin:search_synonym_add')}?phrase=phising" in no_results
    ninety = editor_client.get(
        reverse("admin:search_searchcount_changelist"), {"days": "90"}
    ).content.decode()
    assert "long ago" in ninety
    bad = editor_client.get(reverse("admin:search_searchcount_changelist"), {"days": "x\x00"})
    assert bad.status_code == 200


def test_editors_cannot_add_or_change_counts(editor_client):
    assert editor_client.get(reverse("admin:search_searchcount_add")).status_code == 403
