"""Every cookie the site sets is on the cookies page: a reader and an editor use the site in
a real browser, and whatever cookies they end up with must all be listed there."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from playwright.sync_api import expect

from statements.models import Statement
from tests.quality.pages import PUBLIC_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and careful passphrase"


@pytest.fixture
def site_with_an_editor(shipped_content):
    call_command("create_editor_group", stdout=StringIO())
    editor = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))


def cookies_listed(page, base_url):
    page.goto(f"{base_url}/help/cookies/")
    return set(page.locator("main table td:first-child code").all_inner_texts())


def read_every_page_and_choose_display_settings(page, base_url):
    for _, url in PUBLIC_PAGES:
        page.goto(f"{base_url}{url}")
    page.goto(f"{base_url}/advice/")
    # With JavaScript off each link loads the page again, at the same address: the choice has
    # arrived when the page shows it.
    page.get_by_role("link", name="Largest text").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-largest\b"))
    page.get_by_role("link", name="Dark theme").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bcontrast-dark\b"))
    page.wait_for_load_state()


def say_a_page_was_not_useful(page, base_url):
    page.goto(f"{base_url}/advice/")
    page.get_by_role("button", name="No this page is not useful").click()
    page.wait_for_url(f"{base_url}/feedback/what-went-wrong/?ticket=*")
    page.get_by_label("What went wrong?").fill("I could not find the phone number.")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(f"{base_url}/feedback/thanks/?page=*")


def edit_a_statement_in_the_admin(page, base_url):
    page.goto(f"{base_url}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")
    statement = Statement.objects.get(slug="cookies")
    page.goto(f"{base_url}/admin/statements/statement/{statement.pk}/change/")
    page.locator("#id_summary").fill("Every cookie this website sets.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{base_url}/admin/statements/statement/")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript on", "javascript off"])
def test_every_cookie_the_site_sets_is_on_the_cookies_page(
    live_server, site_with_an_editor, browser, javascript
):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    base_url = live_server.url
    # Every Set-Cookie on every response, even for a cookie gone by the end (a message).
    set_by_the_server = set()
    page.on(
        "response",
        lambda response: set_by_the_server.update(
            header["value"].split("=", 1)[0].strip()
            for header in response.headers_array()
            if header["name"].lower() == "set-cookie"
        ),
    )
    read_every_page_and_choose_display_settings(page, base_url)
    say_a_page_was_not_useful(page, base_url)
    edit_a_statement_in_the_admin(page, base_url)
    set_by_the_site = set_by_the_server | {cookie["name"] for cookie in context.cookies()}
    listed = cookies_listed(page, base_url)
    context.close()
    assert set_by_the_site - listed == set(), "set but not on the cookies page"
    assert {"text_size", "contrast", "csrftoken", "sessionid", "messages"} <= set_by_the_site
