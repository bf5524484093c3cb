"""An editor in the Editors group and an approver in the Approvers group, in Chromium:
scheduling keeps a live page live, approval end to end, a collision that only the explicit
button can overwrite, broken links refused, and a warning before deleting a linked page."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from guidance.models import GuidancePage, ScheduledChange

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and careful passphrase"


@pytest.fixture
def accounts(db):
    call_command("create_editor_group", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for username, group in (("editor", "Editors"), ("second", "Editors"), ("lawyer", "Approvers")):
        user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))


@pytest.fixture
def signed_in(browser, live_server, accounts):
    contexts = []

    def sign_in(username):
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def change_url(live_server, page):
    return f"{live_server.url}/admin/guidance/guidancepage/{page.pk}/change/"


def public_text(browser, url):
    context = browser.new_context()
    page = context.new_page()
    response = page.goto(url)
    text = page.locator("main").inner_text() if response.status == 200 else ""
    context.close()
    return response.status, text


def test_scheduling_a_change_to_a_live_page_keeps_it_live_until_the_time(
    signed_in, live_server, browser, small_tree
):
    editor = signed_in("editor")
    hacking = small_tree["hacking"]
    editor.goto(change_url(live_server, hacking))
    editor.locator("#id_body_markdown").fill("The rewritten guidance.")
    later = timezone.localtime(timezone.now() + datetime.timedelta(hours=3))
    editor.locator("#id_publish_at_0").fill(later.strftime("%Y-%m-%d"))
    editor.locator("#id_publish_at_1").fill(later.strftime("%H:%M:%S"))
    editor.get_by_role("button", name="Save", exact=True).click()

    message = editor.locator(".messagelist").inner_text()
    assert "The live version stays on the site until" in message
    assert later.strftime("%H:%M") in message
    status, text = public_text(browser, f"{live_server.url}{hacking.get_absolute_url()}")
    assert status == 200 and "Opening." in text and "rewritten" not in text
    editor.get_by_role("link", name="Expand tree").click()
    expect(editor.locator("#result_list")).to_contain_text("Live, change scheduled")

    ScheduledChange.objects.update(go_live_at=timezone.now() - datetime.timedelta(seconds=1))
    from guidance.visibility import remember_next_publication

    remember_next_publication()  # what the first request after the time does
    status, text = public_text(browser, f"{live_server.url}{hacking.get_absolute_url()}")
    assert "The rewritten guidance." in text


def test_approval_end_to_end(signed_in, live_server, browser, small_tree, settings):
    settings.APPROVAL_SECTIONS = ["guidance"]
    hacking = small_tree["hacking"]
    editor = signed_in("editor")
    editor.goto(change_url(live_server, hacking))
    editor.locator("#id_body_markdown").fill("Wording for the lawyers to check.")
    editor.get_by_label("Change note").fill("Clarified the mental element.")
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("Submitted for approval")
    url = f"{live_server.url}{hacking.get_absolute_url()}"
    assert "Wording for the lawyers" not in public_text(browser, url)[1]

    lawyer = signed_in("lawyer")
    lawyer.get_by_role("link", name="Hacking").first.click()
    expect(lawyer.locator("ins", has_text="Wording for the lawyers to check.")).to_be_visible()
    lawyer.get_by_label("Comment").fill("Accurate.")
    lawyer.get_by_role("button", name="Approve and publish").click()
    expect(lawyer.locator(".messagelist")).to_contain_text("Approved: the change is live.")

    assert "Wording for the lawyers to check." in public_text(browser, url)[1]


def test_a_move_waits_for_approval_and_the_public_keeps_the_old_address_until_then(
    signed_in, live_server, browser, small_tree, settings
):
    settings.APPROVAL_SECTIONS = ["guidance"]
    hacking = small_tree["hacking"]
    editor = signed_in("editor")
    editor.goto(f"{live_server.url}/admin/guidance/guidancepage/{hacking.pk}/move/")
    editor.get_by_label("Move into").select_option(label="— Introduction")
    editor.get_by_role("button", name="Next: choose the position").click()
    editor.get_by_label("First").check()
    editor.get_by_role("button", name="Next: check and confirm").click()
    editor.get_by_role("button", name="Move the page").click()
    expect(editor.locator(".messagelist")).to_contain_text("submitted for approval")
    old, new = hacking.get_absolute_url(), "/guidance/introduction/hacking/"
    assert public_text(browser, f"{live_server.url}{old}")[0] == 200
    assert public_text(browser, f"{live_server.url}{new}")[0] == 404

    lawyer = signed_in("lawyer")
    lawyer.get_by_role("link", name="Hacking").first.click()
    expect(lawyer.locator("#content")).to_contain_text("moves the page into “Introduction”, first")
    lawyer.get_by_role("button", name="Approve and publish").click()
    expect(lawyer.locator(".messagelist")).to_contain_text("Approved")

    status, text = public_text(browser, f"{live_server.url}{new}")
    assert status == 200 and "Opening." in text


def test_a_collision_is_never_overwritten_without_the_explicit_button(
    signed_in, live_server, small_tree
):
    hacking = small_tree["hacking"]
    first, second = signed_in("editor"), signed_in("second")
    first.goto(change_url(live_server, hacking))
    second.goto(change_url(live_server, hacking))
    second.locator("#id_body_markdown").fill("Second editor's text.")
    second.get_by_role("button", name="Save", exact=True).click()
    second.locator(".messagelist").wait_for()

    first.locator("#id_body_markdown").fill("First editor's text.")
    first.get_by_role("button", name="Save", exact=True).click()
    panel = first.get_by_role("alert")
    assert "Not saved: second changed this page" in panel.inner_text()
    expect(panel.locator("del", has_text="Second editor's text.")).to_be_visible()
    with first.expect_navigation():  # again: still refused
        first.get_by_role("button", name="Save", exact=True).click()
    expect(first.get_by_role("alert")).to_be_visible()
    assert GuidancePage.objects.get(pk=hacking.pk).body_markdown == "Second editor's text."

    first.get_by_role("button", name="Overwrite: replace their changes to body with mine").click()
    first.locator(".messagelist .success").wait_for()
    assert GuidancePage.objects.get(pk=hacking.pk).body_markdown == "First editor's text."


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("/guidance/nowhere/", "no page has this address"),
        ("/news/nothing/", "there is no news item"),
        ("/offences/#nothing", "no offence “nothing”"),
        ("/glossary/#nothing", "no glossary entry"),
        ("#nothing", "no heading or entry"),
        ("/guidance/cyber-dependent-crimes/hacking/#nothing", "no heading or entry"),
        ("../nowhere/", "no page has this address"),
        ("{server}/guidance/nowhere", "no page has this address"),
        ("/tags/nothing/", "there is no tag"),
        ("/prosecution-guidance/nothing/", "there is no prosecution guidance"),
        ("/offences/nothing/", "there is no offence"),
    ],
)
def test_each_kind_of_broken_link_is_refused(signed_in, live_server, small_tree, href, reason):
    href = href.replace("{server}", live_server.url)  # a full link to this very site
    editor = signed_in("editor")
    editor.goto(change_url(live_server, small_tree["introduction"]))
    editor.locator("#id_body_markdown").fill(f"Read [the part]({href}).")
    editor.get_by_role("button", name="Save", exact=True).click()
    error = editor.locator(".field-body_markdown .errorlist").inner_text()
    assert f"The link “the part” ({href}) leads nowhere" in error
    assert reason in error


def test_deleting_a_linked_page_warns_and_needs_a_tick(
    signed_in, live_server, small_tree, make_page
):
    make_page(
        "Overview",
        parent=small_tree["root"],
        body="See [hacking](../cyber-dependent-crimes/hacking/).",
    )
    make_page(
        "Summary",
        parent=small_tree["root"],
        body="See [hacking](/guidance/cyber-dependent-crimes/hacking).",
    )
    hacking = small_tree["hacking"]
    editor = signed_in("editor")
    editor.goto(f"{live_server.url}/admin/guidance/guidancepage/{hacking.pk}/delete/")
    warning = editor.get_by_role("region", name="2 pages link to “Hacking”").inner_text()
    assert "Guidance page: Overview" in warning  # a relative link counts too
    assert "Guidance page: Summary" in warning
    editor.get_by_role("button", name="Yes, I’m sure").click()
    assert GuidancePage.objects.filter(pk=hacking.pk).exists()  # not without the tick
    editor.get_by_label("I understand the 2 links above will lead nowhere").check()
    editor.get_by_role("button", name="Yes, I’m sure").click()
    editor.locator(".messagelist").wait_for()
    assert not GuidancePage.objects.filter(pk=hacking.pk).exists()


def test_the_link_chooser_inserts_a_markdown_link_at_the_cursor(signed_in, live_server, small_tree):
    editor = signed_in("editor")
    editor.goto(change_url(live_server, small_tree["introduction"]))
    body = editor.locator("#id_body_markdown")
    body.fill("Read about it.")
    body.evaluate("element => element.setSelectionRange(11, 13)")  # “it”
    editor.get_by_label("Find a page, offence, glossary term or news item").fill("hack")
    editor.get_by_role("button", name="Insert a link to Hacking").click()
    assert body.input_value() == "Read about [it](/guidance/cyber-dependent-crimes/hacking/)."


def test_a_page_is_moved_with_the_keyboard_alone(signed_in, live_server, small_tree):
    editor = signed_in("editor")
    editor.goto(f"{live_server.url}/admin/guidance/guidancepage/")
    editor.get_by_role("link", name="Expand tree").click()
    editor.get_by_role("link", name="Move “Hacking”").focus()
    editor.keyboard.press("Enter")
    editor.get_by_label("Move into").focus()
    editor.get_by_label("Move into").select_option(label="— Introduction")
    editor.keyboard.press("Tab")
    editor.keyboard.press("Enter")
    editor.get_by_label("First").focus()
    editor.keyboard.press("Space")
    editor.get_by_role("button", name="Next: check and confirm").press("Enter")
    expect(editor.locator("#content")).to_contain_text("Move “Hacking” into “Introduction”, first?")
    editor.get_by_role("button", name="Move the page").press("Enter")
    editor.locator(".messagelist .success").wait_for()
    assert GuidancePage.objects.get(pk=small_tree["hacking"].pk).path == (
        "guidance/introduction/hacking"
    )


def test_dragging_a_page_names_the_drop_target(signed_in, live_server, small_tree):
    editor = signed_in("editor")
    editor.goto(f"{live_server.url}/admin/guidance/guidancepage/")
    editor.get_by_role("link", name="Expand tree").click()
    rows = editor.locator("#result_list tbody tr")
    hacking = rows.filter(has=editor.get_by_role("link", name="Hacking", exact=True))
    introduction = rows.filter(has=editor.get_by_role("link", name="Introduction", exact=True))
    handle = hacking.locator(".drag-handle").bounding_box()
    editor.mouse.move(handle["x"] + 5, handle["y"] + 5)
    editor.mouse.down()
    target = introduction.bounding_box()
    editor.mouse.move(target["x"] + 200, target["y"] + target["height"] / 2, steps=8)
    assert editor.locator("#drag-line span").inner_text() == "Move into “Introduction”, last"
    editor.mouse.move(target["x"] + 200, target["y"] + target["height"] - 2, steps=3)
    assert editor.locator("#drag-line span").inner_text() == (
        "Move into “Guidance”, after “Introduction”"
    )
    editor.keyboard.press("Escape")
