"""The pages a reader only reaches by sending a form (the MOT checklist, the feedback pages
and their error pages) pass the same gates as the pages in PUBLIC_PAGES: valid HTML, axe in
every text size and theme, and no sideways scrolling on a small phone.

Each page is made by a real post through Django, then served to Chromium at an address on
the live server, so its stylesheet loads as it would for the reader.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client

from mot.models import Answer, Question

from .test_accessibility import axe_failures_in_every_display_setting

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def form_result_pages():
    """(name, status, html) of every page that only a form post reaches."""
    cache.clear()
    client = Client()
    pages = []

    def keep(name, response):
        pages.append((name, response.status_code, response.text))
        return response

    chosen = {}
    for number, question in enumerate(Question.objects.prefetch_related("answers")):
        outcome = [Answer.Outcome.TODO, Answer.Outcome.DONE, None][number % 3]
        answer = next((a for a in question.answers.all() if a.outcome == outcome), None)
        if answer is not None:
            chosen[question.slug] = answer.value
    keep("MOT checklist", client.post("/digital-mot/your-checklist/", chosen))
    keep("MOT questions with answers", client.post("/digital-mot/", chosen))
    keep(
        "MOT questions with an error", client.post("/digital-mot/your-checklist/", {"updates": "x"})
    )

    vote = {"page": "/advice/", "useful": "no"}
    ticket_url = client.post("/feedback/", vote, headers=SAME_ORIGIN)["Location"]
    keep("feedback what went wrong", client.get(ticket_url))
    ticket = parse_qs(urlsplit(ticket_url).query)["ticket"][0]
    keep(
        "feedback what went wrong, empty",
        client.post("/feedback/what-went-wrong/", {"ticket": ticket, "comment": ""}),
    )
    keep(
        "feedback vote without an answer",
        client.post("/feedback/", {"page": "/advice/"}, headers=SAME_ORIGIN),
    )
    keep(
        "feedback from another site",
        client.post("/feedback/", vote, headers={"Sec-Fetch-Site": "cross-site"}),
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.FEEDBACK_RATE_LIMIT_POSTS", 0, raising=False)
        keep("feedback too many", client.post("/feedback/", vote, headers=SAME_ORIGIN))
    cache.clear()
    return pages


@pytest.mark.database_independent
@pytest.mark.django_db
def test_form_result_pages_are_valid_html(client, shipped_content, vnu, tmp_path):
    pages = form_result_pages()
    assert [status for _, status, _ in pages] == [200, 200, 400, 200, 400, 400, 403, 429]
    errors = vnu([(name, html) for name, _, html in pages], tmp_path)
    assert not errors, "\n".join(f"{page} line {line}: {message}" for page, line, message in errors)


@pytest.fixture
def serve_html(live_server, browser):
    """Open a page at an address on the live server whose body is the given HTML."""
    contexts = []

    def open_page(html, viewport=None, cookies=()):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        contexts.append(context)
        if cookies:
            context.add_cookies([{**c, "url": live_server.url} for c in cookies])
        page = context.new_page()
        url = f"{live_server.url}/quality-check/form-result/"
        page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        page.goto(url)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.browser
@pytest.mark.database_independent
@pytest.mark.django_db(transaction=True)
def test_form_result_pages_pass_axe_in_every_text_size_and_theme(shipped_content, serve_html):
    failures = []
    for name, _, html in form_result_pages():
        page = serve_html(html)
        failures += [f"{name} {f}" for f in axe_failures_in_every_display_setting(page)]
    assert not failures, "\n".join(failures)


@pytest.mark.browser
@pytest.mark.database_independent
@pytest.mark.django_db(transaction=True)
def test_form_result_pages_reflow_on_a_small_phone(shipped_content, serve_html):
    too_wide = []
    for name, _, html in form_result_pages():
        page = serve_html(
            html.replace("text-standard", "text-largest"), {"width": 320, "height": 640}
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append(f"{name}: {width}px wide")
    assert not too_wide, "\n".join(too_wide)
