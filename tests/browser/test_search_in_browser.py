"""A reader searches from the header and pages through results, with JavaScript off."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_without_javascript_the_header_box_searches_and_filters(
    live_server, small_tree, make_page, browser_page_without_js
):
    for number in range(12):
        make_page(f"Offences note {number}", parent=small_tree["root"], body="More offences.")
    page = browser_page_without_js
    page.goto(f"{live_server.url}/guidance/introduction/")
    page.get_by_role("searchbox", name="Search the guidance and advice").fill("offences")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/search/?q=offences")
    assert page.locator("#search-count").inner_text() == ("13 results for “offences”, page 1 of 2")
    assert page.locator(".search-result").count() == 10
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(f"{live_server.url}/search/?q=offences&page=2")
    # a click waits for the next page to start loading, not to finish: expect() waits for it
    expect(page.locator(".search-result")).to_have_count(3)
    page.get_by_label("Guidance and advice (13)").check()
    page.get_by_role("button", name="Show results").click()
    expect(page).to_have_url(re.compile(r"kind=guidance"))
    assert page.get_by_role("searchbox", name="Search the guidance and advice").input_value() == (
        "offences"
    )
    assert page.locator("mark").first.inner_text().lower() == "offences"


def test_on_a_small_phone_the_header_search_is_a_link_to_the_search_page(
    live_server, small_tree, browser
):
    """The header keeps to one short row on a phone, so the page title starts on the first
    screen: the search box gives way to a "Search" link to the search page's own form."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}/display/?text_size=largest&next=/guidance/introduction/")
    page.wait_for_url(f"{live_server.url}/guidance/introduction/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert not page.get_by_role("button", name="Search").is_visible()
    page.get_by_role("link", name="Search", exact=True).click()
    page.wait_for_url(f"{live_server.url}/search/")
    page.get_by_role("searchbox").fill("hacking")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/search/?q=hacking*")
    context.close()
