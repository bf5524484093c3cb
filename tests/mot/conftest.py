import pytest

from mot.models import Question


@pytest.fixture
def questions(shipped_content):
    return list(Question.objects.prefetch_related("answers"))


def answers_with_outcome(questions, outcome):
    """For each question, the value of its first answer with that outcome, if any."""
    chosen = {}
    for question in questions:
        answer = next((a for a in question.answers.all() if a.outcome == outcome), None)
        if answer is not None:
            chosen[question.slug] = answer.value
    return chosen
