"""A reader without JavaScript asks for a page as it stood on a date; an editor deletes a
page and brings it back from Recently deleted."""

import datetime

import pytest
import reversion
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from guidance.models import GuidancePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and careful passphrase"


def test_a_reader_without_javascript_sees_a_page_as_it_stood_on_a_date(
    live_server, small_tree, browser_page_without_js
):
    hacking = GuidancePage.objects.get(pk=small_tree["hacking"].pk)
    for day, body in ((1, "The first wording."), (10, "The second wording.")):
        hacking.body_markdown = body
        with reversion.create_revision():
            hacking.save()
            moment = datetime.datetime(2025, 3, day, 12)
            reversion.set_date_created(timezone.make_aware(moment))
    page = browser_page_without_js

    page.goto(f"{live_server.url}{hacking.get_absolute_url()}")
    page.get_by_label("See this page as it was on a date").fill("2025-03-05")
    page.get_by_role("button", name="Show", exact=True).click()

    expect(page.get_by_text("This is the page as it stood on 5 March 2025.")).to_be_visible()
    expect(page.get_by_text("The first wording.")).to_be_visible()
    page.get_by_role("link", name="Read the current version").click()
    expect(page.get_by_text("The second wording.")).to_be_visible()


def test_an_editor_deletes_a_page_and_restores_it(live_server, small_tree, browser_page):
    call_command("create_editor_group", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    hacking = small_tree["hacking"]
    page, base = browser_page, live_server.url
    page.goto(f"{base}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"{base}/admin/guidance/guidancepage/{hacking.pk}/delete/")
    page.get_by_role("button", name="Yes, I’m sure").click()
    page.wait_for_url("**/admin/guidance/guidancepage/")
    response = page.goto(f"{base}{hacking.get_absolute_url()}")
    assert response.status == 410
    assert page.get_by_role("heading", name="This page has been removed").is_visible()

    page.goto(f"{base}/admin/recovery/deleteditem/")
    page.get_by_role("link", name="Restore…").click()
    page.get_by_role("button", name="Restore “Hacking”").click()
    page.wait_for_url(f"**/admin/guidance/guidancepage/{hacking.pk}/change/")
    expect(page.get_by_text("“Hacking” is back, as it was.")).to_be_visible()
    response = page.goto(f"{base}{hacking.get_absolute_url()}")
    assert response.status == 200, response.headers
