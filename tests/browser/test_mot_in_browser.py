"""A reader takes the digital MOT in a real browser, with JavaScript off and on."""

import re

import pytest

from mot.models import Answer, Question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_every_question(page):
    """The first "todo" answer to priority 1 questions, the "done" answer to the rest."""
    for question in Question.objects.prefetch_related("answers"):
        outcome = Answer.Outcome.TODO if question.priority == 1 else Answer.Outcome.DONE
        answer = next(a for a in question.answers.all() if a.outcome == outcome)
        group = page.get_by_role("group", name=re.compile(re.escape(question.text)))
        group.get_by_label(answer.label, exact=True).check()


def walk_through(page, base_url):
    page.goto(f"{base_url}/digital-mot/")
    assert page.get_by_text("We do not store or record your answers.").is_visible()
    answer_every_question(page)
    page.get_by_role("button", name="Get your checklist").click()
    page.wait_for_url(f"{base_url}/digital-mot/your-checklist/")
    assert "?" not in page.url  # the answers never reach an address, so never a log
    assert page.get_by_role("heading", level=1).inner_text() == "Your digital MOT checklist"
    first = page.locator("h2:has-text('Do these first') + ol .checklist__step")
    first_steps = Question.objects.filter(priority=1).order_by("position")
    assert first.all_inner_texts() == [question.step for question in first_steps]
    done = page.locator("h2:has-text('What you already do well') + ul .checklist__step")
    assert done.count() == Question.objects.exclude(priority=1).count()
    assert page.get_by_role("heading", name="Questions you left out").count() == 0


def follow_advice_and_come_back(page, base_url):
    link = page.get_by_role("link", name="Protect yourself online: Install updates")
    link.click()
    page.wait_for_url(f"{base_url}/advice/protect-yourself/#install-updates")
    page.go_back()
    page.wait_for_url(f"{base_url}/digital-mot/your-checklist/")
    # Back shows the checklist again, not a "confirm form resubmission" error.
    assert page.get_by_role("heading", level=1).inner_text() == "Your digital MOT checklist"


def test_without_javascript_a_reader_answers_gets_a_checklist_and_goes_back(
    live_server, shipped_content, browser_page_without_js
):
    page = browser_page_without_js
    walk_through(page, live_server.url)
    assert not page.get_by_role("button", name="Print your checklist").is_visible()
    assert page.get_by_text("use Print or Save as PDF in your browser’s menu").is_visible()
    follow_advice_and_come_back(page, live_server.url)

    page.get_by_role("button", name="Change your answers").click()
    page.wait_for_url(f"{live_server.url}/digital-mot/")
    updates = page.get_by_role("group", name=re.compile("install updates automatically"))
    assert updates.get_by_label("Some of them", exact=True).is_checked()
    assert page.context.cookies() == []


def test_with_javascript_the_same_walk_through_and_a_print_button(
    live_server, shipped_content, browser_page
):
    page = browser_page
    walk_through(page, live_server.url)
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print your checklist").click()
    assert page.evaluate("window.printed") is True
    assert not page.get_by_text("use Print or Save as PDF").is_visible()
    follow_advice_and_come_back(page, live_server.url)
    assert page.context.cookies() == []


def test_the_questions_can_be_answered_with_the_keyboard_alone(
    live_server, shipped_content, browser_page
):
    page = browser_page
    page.goto(f"{live_server.url}/digital-mot/")
    page.locator("#email-password-yes").focus()
    page.keyboard.press("ArrowDown")  # moves to and chooses the next answer
    assert page.locator("#email-password-no").is_checked()
    page.get_by_role("button", name="Get your checklist").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/digital-mot/your-checklist/")
    assert page.locator(".checklist__step").first.inner_text() == (
        "Use a strong, separate password for your email"
    )


def test_the_printed_checklist_has_the_steps_and_full_advice_addresses(
    live_server, shipped_content, browser_page
):
    page = browser_page
    walk_through(page, live_server.url)
    page.emulate_media(media="print")
    for chrome in [".page-feedback", ".site-footer", "form.no-print", ".display-settings"]:
        assert page.locator(chrome).first.evaluate("e => getComputedStyle(e).display") == "none"
    address = page.locator(".checklist a").first.evaluate(
        "e => getComputedStyle(e, '::after').content"
    )
    assert re.fullmatch(rf'" \({re.escape(live_server.url)}/advice/[^)]+\)"', address)
