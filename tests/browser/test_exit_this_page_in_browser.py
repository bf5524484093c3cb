"""A reader who may be watched leaves a page on abuse quickly: "Exit this page" works as a
plain link without JavaScript; with it, Shift pressed 3 times also leaves, and the page is
taken out of the Back history."""

import pytest
from django.conf import settings

from tags.models import Tag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEUTRAL_PAGE = "<!DOCTYPE html><html lang=en><title>Weather</title><h1>Weather</h1></html>"


@pytest.fixture
def advice_on_abuse(make_page):
    advice = make_page("Advice", slug="advice", summary="Help for the public.")
    page = make_page(
        "Stalkerware and domestic abuse",
        parent=advice,
        slug="stalkerware",
        body="Stalkerware is software put on a phone to watch you.\n\n## What to do\n\nText.",
    )
    Tag.objects.create(name="Domestic abuse").pages.add(page)
    return {"section": advice.get_absolute_url(), "page": page.get_absolute_url()}


def with_neutral_site(page):
    """The neutral site answers from the test, not the internet."""
    page.route(f"{settings.QUICK_EXIT_URL}**", lambda route: route.fulfill(body=NEUTRAL_PAGE))
    return page


def test_without_javascript_the_button_is_a_link_to_a_neutral_site(
    live_server, advice_on_abuse, browser_page_without_js
):
    page = with_neutral_site(browser_page_without_js)
    page.goto(f"{live_server.url}{advice_on_abuse['page']}")
    button = page.get_by_role("link", name="Emergency Exit this page")
    assert button.is_visible()
    assert not page.get_by_text("Or press the Shift key 3 times").is_visible()
    assert page.get_by_role("heading", name="If someone checks your phone or computer").is_visible()
    button.click()
    page.wait_for_url(f"{settings.QUICK_EXIT_URL}**")
    assert page.get_by_role("heading", level=1).inner_text() == "Weather"


def test_with_javascript_shift_three_times_leaves_and_back_skips_the_page(
    live_server, advice_on_abuse, browser_page
):
    page = with_neutral_site(browser_page)
    page.goto(f"{live_server.url}{advice_on_abuse['section']}")
    page.goto(f"{live_server.url}{advice_on_abuse['page']}")
    assert page.get_by_text("Or press the Shift key 3 times").is_visible()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"{settings.QUICK_EXIT_URL}**")
    page.go_back()
    # The page on abuse was replaced in the history: Back shows the page before it.
    assert page.url == f"{live_server.url}{advice_on_abuse['section']}"


def test_with_javascript_another_key_between_shifts_starts_the_count_again(
    live_server, advice_on_abuse, browser_page
):
    page = with_neutral_site(browser_page)
    page.goto(f"{live_server.url}{advice_on_abuse['page']}")
    for key in ["Shift", "Shift", "a", "Shift"]:
        page.keyboard.press(key)
    assert page.locator("[data-exit-this-page-count]").inner_text() == (
        "Shift, press 2 more times to exit."
    )
    assert page.url == f"{live_server.url}{advice_on_abuse['page']}"


def test_with_javascript_the_button_also_replaces_the_page_in_the_history(
    live_server, advice_on_abuse, browser_page
):
    page = with_neutral_site(browser_page)
    page.goto(f"{live_server.url}{advice_on_abuse['section']}")
    page.goto(f"{live_server.url}{advice_on_abuse['page']}")
    page.get_by_role("link", name="Emergency Exit this page").click()
    page.wait_for_url(f"{settings.QUICK_EXIT_URL}**")
    page.go_back()
    assert page.url == f"{live_server.url}{advice_on_abuse['section']}"


def test_a_page_on_another_topic_has_no_exit_button(live_server, advice_on_abuse, browser_page):
    browser_page.goto(f"{live_server.url}{advice_on_abuse['section']}")
    assert browser_page.get_by_role("link", name="Emergency Exit this page").count() == 0
