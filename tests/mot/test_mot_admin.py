"""Editors change the questions, answers and advice in admin; advice links must be real."""

import pytest

from mot.models import Question

pytestmark = pytest.mark.django_db


def change_form_data(question, **changes):
    answers = list(question.answers.all())
    data = {
        "text": question.text,
        "slug": question.slug,
        "position": question.position,
        "hint": question.hint,
        "step": question.step,
        "priority": question.priority,
        "todo_text": question.todo_text,
        "done_text": question.done_text,
        "advice_url": question.advice_url,
        "answers-TOTAL_FORMS": len(answers),
        "answers-INITIAL_FORMS": len(answers),
        "answers-MIN_NUM_FORMS": 2,
        "answers-MAX_NUM_FORMS": 1000,
        # The Welsh version's inline, left as it is (none).
        "translations-TOTAL_FORMS": 0,
        "translations-INITIAL_FORMS": 0,
    }
    for number, answer in enumerate(answers):
        data |= {
            f"answers-{number}-id": answer.pk,
            f"answers-{number}-question": question.pk,
            f"answers-{number}-position": answer.position,
            f"answers-{number}-value": answer.value,
            f"answers-{number}-label": answer.label,
            f"answers-{number}-outcome": answer.outcome,
        }
    return data | changes


def test_an_editor_rewords_a_question_and_its_answer(admin_client, shipped_content):
    question = Question.objects.get(slug="updates")
    url = f"/admin/mot/question/{question.pk}/change/"
    data = change_form_data(question, text="Do your devices update themselves?")
    data["answers-0-label"] = "Yes, every one"
    assert admin_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.text == "Do your devices update themselves?"
    assert question.answers.first().label == "Yes, every one"
    assert "Do your devices update themselves?" in admin_client.get("/digital-mot/").text


@pytest.mark.parametrize(
    "advice_url",
    [
        "/advice/no-such-page/",
        "/advice/protect-yourself/#no-such-heading",
        "https://example.org/",
        "/advice/protect-yourself",
    ],
)
def test_advice_must_be_a_published_page_of_this_site(admin_client, shipped_content, advice_url):
    question = Question.objects.get(slug="updates")
    url = f"/admin/mot/question/{question.pk}/change/"
    response = admin_client.post(url, change_form_data(question, advice_url=advice_url))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["advice_url"]
    question.refresh_from_db()
    assert question.advice_url == "/advice/protect-yourself/#install-updates"
