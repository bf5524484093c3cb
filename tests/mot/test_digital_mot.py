"""The digital MOT: questions as data, a checklist that follows the answers, nothing kept."""

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from guidance.models import GuidancePage
from mot.models import Answer, Question
from tests.sitemaps import sitemap_text

from .conftest import answers_with_outcome

pytestmark = pytest.mark.django_db


def test_there_are_ten_to_fifteen_questions_each_with_a_choice_of_answers(questions):
    assert 10 <= len(questions) <= 15
    for question in questions:
        outcomes = {answer.outcome for answer in question.answers.all()}
        assert {"done", "todo"} <= outcomes, question.slug


def test_the_question_page_is_a_plain_post_form_that_sets_no_cookie(client, questions):
    response = client.get("/digital-mot/")
    assert response.status_code == 200
    html = response.text
    assert '<form class="mot-form" method="post" action="/digital-mot/your-checklist/"' in html
    assert html.count('<fieldset class="mot-question"') == len(questions)
    assert f"Question 1 of {len(questions)}" in html
    assert "We do not store or record your answers." in html
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert response.has_header("ETag")  # stored in the shared page cache: nothing per-visitor


def test_the_questions_are_shown_in_the_order_of_the_file(client, questions):
    html = client.get("/digital-mot/").text
    positions = [html.index(escape(question.text)) for question in questions]
    assert positions == sorted(positions)


def test_every_answer_is_a_labelled_radio_button_grouped_under_its_question(client, questions):
    html = client.get("/digital-mot/").text
    for question in questions:
        for answer in question.answers.all():
            radio_id = f"{question.slug}-{answer.value}"
            assert f'id="{radio_id}" name="{question.slug}" value="{answer.value}"' in html
            assert f'<label class="radios__label" for="{radio_id}">' in html


def test_good_answers_everywhere_give_a_checklist_of_what_you_do_well(client, questions):
    chosen = answers_with_outcome(questions, Answer.Outcome.DONE)
    response = client.post("/digital-mot/your-checklist/", chosen)
    assert response.status_code == 200
    checklist = response.context["checklist"]
    assert [item.question for item in checklist.done] == sorted(
        questions, key=lambda q: (q.priority, q.position)
    )
    assert not checklist.first_steps and not checklist.next_steps and not checklist.unanswered
    assert "You already do everything we asked about." in response.text
    for question in questions:
        assert escape(question.done_text) in response.text


def test_steps_to_take_come_most_important_first_each_linking_to_its_advice(client, questions):
    chosen = answers_with_outcome(questions, Answer.Outcome.TODO)
    response = client.post("/digital-mot/your-checklist/", chosen)
    checklist = response.context["checklist"]
    steps = checklist.first_steps + checklist.next_steps
    assert {item.question.slug for item in steps} == set(chosen)
    assert [item.question.priority for item in steps] == sorted(
        item.question.priority for item in steps
    )
    assert {item.question.priority for item in checklist.first_steps} == {1}
    html = response.text
    assert html.index("Do these first") < html.index("Then do these")
    for item in steps:
        assert escape(item.question.todo_text) in html
        assert f'<a href="{item.advice.url}"' in html


def test_the_checklist_follows_each_answer(client, questions):
    email, updates, children = (
        Question.objects.get(slug=slug) for slug in ["email-password", "updates", "children"]
    )
    chosen = {"email-password": "no", "updates": "all", "children": "no-children"}
    checklist = client.post("/digital-mot/your-checklist/", chosen).context["checklist"]
    assert [item.question for item in checklist.first_steps] == [email]
    assert [item.question for item in checklist.done] == [updates]
    assert children not in [item.question for item in checklist.unanswered]  # not for them
    assert len(checklist.unanswered) == len(questions) - 3


def test_questions_left_out_are_listed_with_their_advice(client, questions):
    response = client.post("/digital-mot/your-checklist/", {})
    assert response.status_code == 200
    assert len(response.context["checklist"].unanswered) == len(questions)
    assert "Questions you left out" in response.text


def test_a_made_up_answer_gets_a_clear_message_and_keeps_the_other_answers(client, questions):
    chosen = {"email-password": "yes", "updates": "whenever"}
    response = client.post("/digital-mot/your-checklist/", chosen)
    assert response.status_code == 400
    assert "Choose one of the answers, or leave this question out." in response.text
    assert 'value="yes" checked' in response.text


@pytest.mark.parametrize(
    "value", ["x" * 5000, "yes\x00", "<script>", "ünïcødé", "yes' OR '1'='1", " yes"]
)
def test_a_hostile_answer_gets_the_same_clear_message_never_a_server_error(
    client, questions, value
):
    response = client.post("/digital-mot/your-checklist/", {"email-password": value})
    assert response.status_code == 400
    assert "Choose one of the answers, or leave this question out." in response.text
    assert "<script>" not in response.text.split("<main", 1)[1]


def test_answers_to_questions_that_do_not_exist_are_ignored(client, questions):
    response = client.post("/digital-mot/your-checklist/", {"no-such-question": "yes"})
    assert response.status_code == 200
    assert len(response.context["checklist"].unanswered) == len(questions)


def test_nothing_is_stored_and_the_checklist_is_kept_out_of_shared_caches(client, questions):
    chosen = answers_with_outcome(questions, Answer.Outcome.TODO)
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/digital-mot/your-checklist/", chosen)
    assert response.status_code == 200
    assert "Do these first" in response.text
    assert all(query["sql"].lstrip().upper().startswith("SELECT") for query in queries)
    assert response["Cache-Control"] == "private, no-cache, max-age=0"
    assert response["X-Robots-Tag"] == "noindex"
    assert not response.cookies


def test_the_checklist_is_built_in_a_fixed_number_of_queries(
    client, questions, django_assert_num_queries
):
    chosen = answers_with_outcome(questions, Answer.Outcome.TODO)
    with django_assert_num_queries(3):  # questions, their answers, the advice pages
        response = client.post("/digital-mot/your-checklist/", chosen)
    assert response.status_code == 200
    assert "Do these first" in response.text


def test_answers_are_never_logged_and_are_hidden_from_error_reports(client, questions, caplog):
    chosen = {"email-password": "no", "sharing": "sometimes"}
    with caplog.at_level(logging.DEBUG):
        response = client.post("/digital-mot/your-checklist/", chosen)
    assert "sometimes" not in caplog.text and "email-password" not in caplog.text
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_opening_the_checklist_address_without_answers_goes_to_the_questions(client, questions):
    response = client.get("/digital-mot/your-checklist/")
    assert response.status_code == 302
    assert response["Location"] == "/digital-mot/"


def test_change_your_answers_brings_them_back_in_the_form(client, questions):
    chosen = {"email-password": "no", "updates": "some"}
    checklist = client.post("/digital-mot/your-checklist/", chosen)
    assert '<input type="hidden" name="email-password" value="no">' in checklist.text
    form = client.post("/digital-mot/", chosen)
    assert form.status_code == 200
    assert 'id="email-password-no" name="email-password" value="no" checked' in form.text
    assert 'id="updates-some" name="updates" value="some" checked' in form.text
    assert form.text.count(" checked>") == 2
    assert form["Cache-Control"] == "private, no-cache, max-age=0"


def test_every_shipped_advice_link_is_a_published_page(client, questions):
    for question in questions:
        path, _, anchor = question.advice_url.partition("#")
        response = client.get(path)
        assert response.status_code == 200, question.advice_url
        assert f'id="{anchor}"' in response.text, question.advice_url


def test_a_step_whose_advice_page_was_unpublished_is_shown_without_a_link(client, questions):
    GuidancePage.objects.filter(path="advice/protect-yourself").update(status="draft")
    response = client.post("/digital-mot/your-checklist/", {"updates": "no"})
    item = response.context["checklist"].first_steps[0]
    assert item.question.slug == "updates" and item.advice is None
    assert "/advice/protect-yourself/" not in response.text


def test_a_step_whose_advice_page_is_scheduled_shows_neither_its_link_nor_its_title(
    client, questions
):
    later = timezone.now() + datetime.timedelta(days=1)
    GuidancePage.objects.filter(path="advice/protect-yourself").update(publish_at=later)
    response = client.post("/digital-mot/your-checklist/", {"updates": "no"})
    item = response.context["checklist"].first_steps[0]
    assert item.question.slug == "updates" and item.advice is None
    assert "/advice/protect-yourself/" not in response.text


def test_a_question_cannot_be_saved_linking_to_a_scheduled_page(questions):
    later = timezone.now() + datetime.timedelta(days=1)
    GuidancePage.objects.filter(path="advice/protect-yourself").update(publish_at=later)
    question = Question.objects.get(slug="updates")
    with pytest.raises(ValidationError, match="a scheduled page is refused until its time"):
        question.full_clean()


def test_the_question_page_is_in_the_sitemap_and_the_checklist_is_not(client, questions):
    sitemap = sitemap_text(client)
    assert "<loc>http://testserver/digital-mot/</loc>" in sitemap
    assert "your-checklist" not in sitemap


def test_without_questions_the_page_says_so_and_is_not_in_the_sitemap(client, db):
    response = client.get("/digital-mot/")
    assert response.status_code == 200
    assert "The questions are not available at the moment." in response.text
    assert '<form class="mot-form"' not in response.text
    assert "digital-mot" not in sitemap_text(client)
