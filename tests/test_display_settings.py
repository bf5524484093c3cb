"""Text size and contrast: set by a plain link, kept in a validated cookie."""

import pytest

pytestmark = pytest.mark.django_db


def test_choosing_large_text_sets_a_cookie_and_returns_to_the_page(client, small_tree):
    response = client.get("/display/", {"text_size": "large", "next": "/guidance/introduction/"})
    assert response.status_code == 302
    assert response["Location"] == "/guidance/introduction/"
    assert response.cookies["text_size"].value == "large"
    assert response.cookies["text_size"]["samesite"] == "Lax"


def test_the_choice_is_rendered_in_the_html_element(client, small_tree):
    client.cookies["text_size"] = "largest"
    client.cookies["contrast"] = "high"
    html = client.get("/guidance/introduction/").text
    assert '<html lang="en-GB" class="text-largest contrast-high">' in html


def test_without_a_choice_the_page_follows_the_device_settings(client, small_tree):
    html = client.get("/guidance/introduction/").text
    assert 'class="text-standard contrast-standard contrast-auto"' in html


@pytest.mark.parametrize("value", ["huge", "", "large; path=/", "<script>", "x" * 5000])
def test_a_bad_cookie_value_is_ignored(client, small_tree, value):
    client.cookies["text_size"] = value
    client.cookies["contrast"] = value
    response = client.get("/guidance/introduction/")
    assert response.status_code == 200
    assert 'class="text-standard contrast-standard contrast-auto"' in response.text


@pytest.mark.parametrize(
    "query",
    [{"text_size": "enormous"}, {"contrast": "neon"}, {}, {"text_size": "large", "contrast": "x"}],
)
def test_a_setting_we_do_not_offer_is_refused(client, query):
    response = client.get("/display/", query)
    assert response.status_code == 400
    assert "text_size" not in response.cookies


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "",
        "guidance/",
    ],
)
def test_only_a_same_site_next_is_followed(client, next_url):
    response = client.get("/display/", {"contrast": "dark", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_settings_redirect_is_never_cached(client):
    response = client.get("/display/", {"contrast": "dark", "next": "/"})
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_every_page_has_the_settings_links_pointing_back_to_itself(client, small_tree):
    html = client.get("/guidance/introduction/").text
    assert "/display/?text_size=large&amp;next=/guidance/introduction/" in html
    assert "/display/?contrast=high&amp;next=/guidance/introduction/" in html
