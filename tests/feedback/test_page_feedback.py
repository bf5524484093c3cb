"""Is this page useful? Yes or No on every page; on No, an optional "what went wrong"."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from feedback.models import Feedback

pytestmark = pytest.mark.django_db


def ticket_from(response):
    return parse_qs(urlsplit(response["Location"]).query)["ticket"][0]


def test_every_page_asks_whether_it_is_useful_without_a_token_or_a_cookie(client, small_tree):
    response = client.get("/guidance/cyber-dependent-crimes/hacking/")
    html = response.text
    assert 'action="/feedback/"' in html
    assert (
        '<input type="hidden" name="page" value="/guidance/cyber-dependent-crimes/hacking/">'
        in (html)
    )
    assert "Is this page useful?" in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert response.has_header("ETag")  # stored in the shared page cache: nothing per-visitor


def test_the_widget_names_the_page_without_its_query_string(client, small_tree):
    html = client.get("/search/?q=my+own+name").text
    assert '<input type="hidden" name="page" value="/search/">' in html
    assert "my own name" not in html.split('class="page-feedback')[1]


def test_yes_is_stored_with_the_page_and_the_time_and_nothing_about_the_reader(vote):
    response = vote("yes", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 303
    assert response["Location"] == "/feedback/thanks/?page=%2Fguidance%2Fintroduction%2F"
    feedback = Feedback.objects.get()
    assert (feedback.page_path, feedback.useful, feedback.comment) == (
        "/guidance/introduction/",
        True,
        "",
    )
    assert feedback.created_at is not None
    assert {field.name for field in Feedback._meta.get_fields()} == {
        "id",
        "page_path",
        "useful",
        "comment",
        "created_at",
    }


def test_the_thank_you_page_links_back_to_the_page_and_is_not_indexed(client):
    response = client.get("/feedback/thanks/?page=/guidance/introduction/")
    assert response.status_code == 200
    assert '<a href="/guidance/introduction/">Go back to the page you were reading</a>' in (
        response.text
    )
    assert response["X-Robots-Tag"] == "noindex"
    assert '<meta name="robots" content="noindex">' in response.text
    assert "Is this page useful?" not in response.text


@pytest.mark.parametrize(
    "page", ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
def test_the_thank_you_page_never_links_to_another_site(client, page):
    response = client.get("/feedback/thanks/", {"page": page})
    assert response.status_code == 200
    assert "Go back to the page" not in response.text


def test_no_is_stored_and_offers_what_went_wrong_in_a_csrf_protected_form(vote):
    response = vote("no")
    assert response.status_code == 303
    assert response["Location"].startswith("/feedback/what-went-wrong/?ticket=")
    assert Feedback.objects.get().useful is False

    browser = Client(enforce_csrf_checks=True)
    form_page = browser.get(response["Location"])
    assert form_page.status_code == 200
    assert "csrfmiddlewaretoken" in form_page.text
    assert "Do not include personal information" in form_page.text
    assert "no-cache" in form_page["Cache-Control"]
    assert form_page["X-Robots-Tag"] == "noindex"

    data = {"ticket": ticket_from(response), "comment": "The table is hard to read.", "website": ""}
    assert browser.post("/feedback/what-went-wrong/", data).status_code == 403
    assert Feedback.objects.get().comment == ""

    data["csrfmiddlewaretoken"] = form_page.context["csrf_token"]
    sent = browser.post("/feedback/what-went-wrong/", data)
    assert sent.status_code == 303
    assert sent["Location"] == "/feedback/thanks/?page=%2Fguidance%2Fintroduction%2F"
    assert Feedback.objects.get().comment == "The table is hard to read."


def test_what_went_wrong_left_empty_gets_a_clear_message_and_the_no_still_counts(client, vote):
    ticket = ticket_from(vote("no"))
    response = client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": "   "})
    assert response.status_code == 400
    assert "Enter what went wrong, or go back to the page." in response.text
    assert response.text.count("Enter what went wrong") == 2  # the summary and the field
    assert 'aria-invalid="true"' in response.text
    assert '<a href="/guidance/introduction/">Go back to the page without saying more</a>' in (
        response.text
    )
    assert Feedback.objects.get().useful is False


def test_a_comment_over_1200_characters_gets_a_clear_message_and_is_not_stored(client, vote):
    ticket = ticket_from(vote("no"))
    response = client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": "x" * 1201})
    assert response.status_code == 400
    assert "must be 1,200 characters or fewer. You have written 1,201." in response.text
    assert "x" * 1201 in response.text  # what they wrote is kept for them to shorten
    assert Feedback.objects.get().comment == ""
    response = client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": "x" * 1200})
    assert response.status_code == 303
    assert Feedback.objects.get().comment == "x" * 1200


def test_a_ticket_adds_one_comment_to_its_own_answer_and_cannot_overwrite_it(client, vote):
    ticket = ticket_from(vote("no"))
    client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": "First."})
    client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": "Changed."})
    assert Feedback.objects.get().comment == "First."


@pytest.mark.parametrize("ticket", ["", "made-up", "1", '{"id": 1, "page": "/"}'])
def test_a_forged_ticket_adds_nothing(client, vote, ticket):
    vote("no")
    response = client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": "Spam"})
    assert response.status_code == 400
    assert "The time to add details has passed" in response.text
    assert Feedback.objects.get().comment == ""


def test_an_old_ticket_has_expired(client, vote, monkeypatch):
    ticket = ticket_from(vote("no"))
    monkeypatch.setattr("feedback.forms.COMMENT_TIME_LIMIT_SECONDS", -1)
    assert (
        "The time to add details has passed"
        in client.get("/feedback/what-went-wrong/", {"ticket": ticket}).text
    )
    response = client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": "Late"})
    assert response.status_code == 400
    assert Feedback.objects.get().comment == ""


def test_a_vote_without_yes_or_no_gets_a_clear_message_and_stores_nothing(vote):
    response = vote(None)
    assert response.status_code == 400
    assert "Choose Yes or No." in response.text
    assert vote("maybe").status_code == 400
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "page",
    ["", "guidance/", "//evil.example/", "https://evil.example/", "/\\evil", "/a\x00b", "/a\nb"]
    + ["/" + "a" * 500],
)
def test_a_vote_about_something_that_is_not_a_page_of_this_site_is_refused(vote, page):
    response = vote("yes", page=page)
    assert response.status_code == 400
    assert "We could not tell which page" in response.text or "Null characters" in response.text
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"},
    ],
)
def test_a_vote_sent_from_another_site_is_refused_with_a_clear_page(client, headers):
    data = {"page": "/guidance/introduction/", "useful": "yes"}
    response = client.post("/feedback/", data, headers=headers)
    assert response.status_code == 403
    assert "Your feedback was sent from another website" in response.text
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil"])
def test_without_fetch_metadata_the_origin_must_be_this_site(client, origin):
    data = {"page": "/guidance/introduction/", "useful": "yes"}
    assert client.post("/feedback/", data, headers={"Origin": origin}).status_code == 403
    assert client.post("/feedback/", data, headers={"Origin": "http://testserver"}).status_code == (
        303
    )
    assert Feedback.objects.count() == 1


def test_an_origin_in_csrf_trusted_origins_is_accepted(client, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://guidance.example.gov.uk"]
    data = {"page": "/guidance/introduction/", "useful": "yes"}
    headers = {"Origin": "https://guidance.example.gov.uk"}
    assert client.post("/feedback/", data, headers=headers).status_code == 303


def test_the_honeypot_catches_a_bot_that_fills_in_every_field(vote):
    response = vote("yes", website="https://spam.example")
    assert response.status_code == 303  # the bot is told nothing
    assert not Feedback.objects.exists()


def test_the_honeypot_on_what_went_wrong_keeps_the_comment_out(client, vote):
    ticket = ticket_from(vote("no"))
    data = {"ticket": ticket, "comment": "Buy now", "website": "spam"}
    assert client.post("/feedback/what-went-wrong/", data).status_code == 303
    assert Feedback.objects.get().comment == ""


def test_the_vote_address_only_takes_posts(client):
    assert client.get("/feedback/").status_code == 405


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("Email me at jo.bloggs@example.com please", "Email me at [email address removed] please"),
        ("Call 07700 900123 or 020-7946-0958.", "Call [number removed] or [number removed]."),
        ("My card 4111 1111 1111 1111 was used", "My card [number removed] was used"),
        ("Section 3ZA of the 1990 Act, from 2015", "Section 3ZA of the 1990 Act, from 2015"),
    ],
)
def test_email_addresses_and_long_numbers_are_removed_before_a_comment_is_stored(
    client, vote, written, stored
):
    ticket = ticket_from(vote("no"))
    client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": written})
    assert Feedback.objects.get().comment == stored
