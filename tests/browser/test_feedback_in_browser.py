"""A reader says whether a page is useful, in a real browser (which sends Fetch Metadata)."""

import pytest

from feedback.models import Feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_without_javascript_a_reader_says_no_and_what_went_wrong(
    live_server, small_tree, browser_page_without_js
):
    page = browser_page_without_js
    page.goto(f"{live_server.url}/guidance/introduction/")
    assert page.context.cookies() == []  # the question on every page sets no cookie
    assert not page.get_by_label("Leave this field empty").is_visible()
    page.get_by_role("button", name="No this page is not useful").click()
    page.wait_for_url(f"{live_server.url}/feedback/what-went-wrong/?ticket=*")
    assert Feedback.objects.get().useful is False

    page.get_by_role("button", name="Send").click()
    assert page.get_by_role("alert").get_by_role("link").inner_text() == (
        "Enter what went wrong, or go back to the page."
    )
    page.get_by_role("alert").get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "id_comment"
    page.keyboard.type("The second paragraph is hard to follow.")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url(f"{live_server.url}/feedback/thanks/?page=*")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your feedback"
    assert Feedback.objects.get().comment == "The second paragraph is hard to follow."

    page.get_by_role("link", name="Go back to the page you were reading").click()
    page.wait_for_url(f"{live_server.url}/guidance/introduction/")
    page.go_back()
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for your feedback"
    page.go_back()  # the page with the error: shown again, nothing is sent again
    assert page.get_by_role("alert").is_visible()
    assert Feedback.objects.count() == 1
    assert Feedback.objects.get().comment == "The second paragraph is hard to follow."


def test_with_javascript_a_reader_says_yes(live_server, small_tree, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/guidance/cyber-dependent-crimes/hacking/")
    page.get_by_role("button", name="Yes this page is useful").click()
    page.wait_for_url(f"{live_server.url}/feedback/thanks/?page=*")
    feedback = Feedback.objects.get()
    assert feedback.page_path == "/guidance/cyber-dependent-crimes/hacking/"
    assert feedback.useful is True


def test_a_form_on_another_site_cannot_send_feedback(live_server, small_tree, browser_page):
    """A page elsewhere posting to /feedback/ is refused: the browser says it is cross-site."""
    page = browser_page
    page.set_content(
        f'<form method="post" action="{live_server.url}/feedback/">'
        '<input name="page" value="/guidance/introduction/">'
        '<button name="useful" value="yes">Vote</button></form>'
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Vote").click()
    assert page.get_by_role("heading", level=1).inner_text() == "We could not accept this feedback"
    assert not Feedback.objects.exists()
