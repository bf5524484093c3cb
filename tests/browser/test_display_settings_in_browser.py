"""A reader changes text size and colours in a real Chromium, with JavaScript off and on."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def root_font_size(page):
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def background(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_without_javascript_links_set_the_text_size_and_colours(
    live_server, small_tree, browser_page_without_js
):
    page = browser_page_without_js
    page.goto(f"{live_server.url}/guidance/introduction/")
    assert root_font_size(page) == 16
    # The link comes back to the same address: waiting for the address would not wait for
    # the new page, so the test waits for the class the server renders on it, then its load.
    page.get_by_role("link", name="Largest text").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-largest\b"))
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/guidance/introduction/"
    assert root_font_size(page) == 24
    page.get_by_role("link", name="Dark theme").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bcontrast-dark\b"))
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/guidance/introduction/"
    assert background(page) == "rgb(17, 18, 19)"
    # The choice sticks on the next page, rendered by the server with no flash.
    page.goto(f"{live_server.url}/guidance/")
    assert "text-largest" in page.evaluate("document.documentElement.className")
    assert root_font_size(page) == 24


def test_with_javascript_the_change_applies_without_a_reload(live_server, small_tree, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/guidance/introduction/")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("link", name="Large text").click()
    assert root_font_size(page) == 20
    page.get_by_role("link", name="High contrast").click()
    assert background(page) == "rgb(255, 255, 255)"
    assert "contrast-high" in page.evaluate("document.documentElement.className")
    assert page.evaluate("window.notReloaded") is True
    assert page.get_by_role("link", name="Large text").get_attribute("aria-current") == "true"
    # The cookie set by the script is what the server renders next time.
    page.reload()
    assert root_font_size(page) == 20


def test_a_forged_cookie_is_ignored_in_the_browser(live_server, small_tree, browser_page):
    page = browser_page
    page.context.add_cookies([{"name": "text_size", "value": "gigantic", "url": live_server.url}])
    page.goto(f"{live_server.url}/guidance/introduction/")
    assert root_font_size(page) == 16


def test_device_dark_mode_is_respected_until_the_reader_chooses(live_server, small_tree, browser):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{live_server.url}/guidance/introduction/")
    assert background(page) == "rgb(17, 18, 19)"
    page.get_by_role("link", name="Standard colours").click()
    assert background(page) == "rgb(255, 255, 255)"
    context.close()
