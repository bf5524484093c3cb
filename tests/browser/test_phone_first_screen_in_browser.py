"""A reader on a phone starts reading on the first screen: at 320 and 390 CSS pixels wide,
at every text size, with or without JavaScript, the page's title starts within the first
844 pixels (the height of a 390 × 844 phone), on the home page, a guidance page and an
advice page (one with "Exit this page" above its title)."""

import re

import pytest
from playwright.sync_api import expect

from display.preferences import TEXT_SIZES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_SCREEN = 844
BANNER_LINES = (
    "p => Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight))"
)
PAGES = [
    "/",
    "/guidance/cyber-dependent-crimes/hacking/",
    "/advice/types-of-cybercrime/sextortion/",
]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript on", "javascript off"])
@pytest.mark.parametrize("width", [320, 390])
def test_the_page_title_starts_on_the_first_screen_of_a_phone(
    live_server, shipped_content, browser, width, javascript
):
    context = browser.new_context(
        viewport={"width": width, "height": FIRST_SCREEN}, java_script_enabled=javascript
    )
    page = context.new_page()
    too_low = []
    for text_size in TEXT_SIZES:
        context.clear_cookies()
        context.add_cookies([{"name": "text_size", "value": text_size, "url": live_server.url}])
        for url in PAGES:
            page.goto(f"{live_server.url}{url}")
            top = page.locator("h1").first.evaluate("h1 => h1.getBoundingClientRect().top")
            if top >= FIRST_SCREEN:
                too_low.append(f"{url} at {width}px, {text_size} text: the h1 starts at {top}px")
            banner_lines = page.locator(".beta-banner p").evaluate(BANNER_LINES)
            if banner_lines > 2:
                too_low.append(f"{url} at {width}px, {text_size} text: {banner_lines} banner lines")
    context.close()
    assert not too_low, "\n".join(too_low)


def test_on_a_phone_the_display_settings_open_from_a_disclosure_without_javascript(
    live_server, shipped_content, browser
):
    context = browser.new_context(
        viewport={"width": 390, "height": FIRST_SCREEN}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/advice/")
    largest = page.get_by_role("link", name="Largest text")
    assert not largest.is_visible()
    page.locator(".display-settings summary").click()
    largest.click()
    # Back at the same address: wait for the new page's class and its load, not the address.
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-largest\b"))
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/advice/"
    # Nothing is remembered about the disclosure: it starts closed on every page.
    assert not page.get_by_role("link", name="Largest text").is_visible()
    page.get_by_role("link", name="Search").click()
    page.wait_for_url(f"{live_server.url}/search/")
    context.close()


def test_on_a_wide_screen_the_display_settings_and_search_box_show_at_once(
    live_server, shipped_content, browser_page
):
    browser_page.goto(f"{live_server.url}/advice/")
    assert browser_page.get_by_role("link", name="Largest text").is_visible()
    assert browser_page.get_by_role("searchbox").is_visible()
    assert not browser_page.locator(".display-settings summary").is_visible()
