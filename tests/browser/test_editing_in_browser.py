"""An editor signs in, moves a page in the tree, edits it with a preview, publishes, and
the public sees the change at the page's new address (and the old one still leads there)."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and careful passphrase"


@pytest.fixture
def editor_account(db):
    call_command("create_editor_group", stdout=open("/dev/null", "w"))  # noqa: SIM115
    from django.contrib.auth.models import Group

    user = User.objects.create_user("editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(page, base_url):
    page.goto(f"{base_url}/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")


def drag_onto_middle_of(page, handle, target_row):
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    target = target_row.bounding_box()
    middle_y = target["y"] + target["height"] / 2
    page.mouse.move(target["x"] + 200, middle_y, steps=10)
    with page.expect_navigation():  # the admin reloads the list after the move
        page.mouse.up()


def test_an_editor_moves_edits_previews_and_publishes_a_page(
    live_server, small_tree, editor_account, browser_page
):
    page = browser_page
    base = live_server.url
    sign_in(page, base)

    page.goto(f"{base}/admin/guidance/guidancepage/")
    page.get_by_role("link", name="Expand tree").click()
    hacking_row = page.locator("#result_list tr", has=page.get_by_role("link", name="Hacking"))
    introduction_row = page.locator(
        "#result_list tr", has=page.get_by_role("link", name="Introduction", exact=True)
    )
    drag_onto_middle_of(page, hacking_row.locator(".drag-handle"), introduction_row)
    small_tree["hacking"].refresh_from_db()
    assert small_tree["hacking"].path == "guidance/introduction/hacking"

    page.get_by_role("link", name="Hacking", exact=True).click()
    body = page.locator("#id_body_markdown")
    body.fill("## Who is charged\n\nHacking is **unauthorised access** to a computer.")
    live_preview = page.get_by_role("region", name="Live preview of the body")
    live_preview.locator("strong", has_text="unauthorised access").wait_for()
    assert live_preview.locator("h2", has_text="Who is charged").is_visible()

    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Preview in a new tab").click()
    preview = new_tab.value
    preview.wait_for_load_state()
    assert "your unsaved changes" in preview.locator(".preview-banner").inner_text()
    assert preview.locator("main h2", has_text="Who is charged").is_visible()
    preview.close()

    page.get_by_label("Change note").fill("Explained who is charged.")
    page.get_by_label("Show this note to the public").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist .success").wait_for()

    public = page.context.browser.new_context().new_page()
    public.goto(f"{base}/guidance/cyber-dependent-crimes/hacking/")
    assert public.url == f"{base}/guidance/introduction/hacking/"
    assert public.locator("main strong", has_text="unauthorised access").is_visible()
    public.get_by_text("Show all updates").click()
    assert public.get_by_text("Explained who is charged.").is_visible()
    public.context.close()


def test_without_javascript_an_editor_still_previews_before_saving(
    live_server, small_tree, editor_account, browser_page_without_js
):
    page = browser_page_without_js
    base = live_server.url
    sign_in(page, base)
    page.goto(f"{base}/admin/guidance/guidancepage/{small_tree['introduction'].pk}/change/")
    page.locator("#id_body_markdown").fill("A *draft* sentence, not yet saved.")

    with page.context.expect_page() as new_tab:
        page.get_by_role("button", name="Preview in a new tab").click()
    preview = new_tab.value
    preview.wait_for_load_state()
    assert preview.locator("main em", has_text="draft").is_visible()
    small_tree["introduction"].refresh_from_db()
    assert "draft" not in small_tree["introduction"].body_markdown
