"""From the answers in one form post to a personal checklist. Nothing here stores anything."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language

from .advice import advice_links
from .forms import AnswersForm
from .models import Answer, Question, QuestionTranslation


def questions_with_answers():
    questions = list(Question.objects.prefetch_related("answers"))
    in_reader_language(questions)
    return questions


def in_reader_language(questions):
    """Each question's words in the reader's language where it has them (in memory only);
    one without is marked `in_english`, for its lang="en"."""
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return
    translations = {t.question_id: t for t in QuestionTranslation.objects.filter(language=language)}
    for question in questions:
        translation = translations.get(question.pk)
        question.in_english = translation is None
        if translation is None:
            continue
        for name in ("text", "hint", "step", "done_text", "todo_text"):
            setattr(question, name, getattr(translation, name))
        for answer in question.answers.all():
            answer.label = translation.answer_labels.get(answer.value, answer.label)


def read_answers(questions, data):
    """({question slug: chosen Answer}, {question slug: error}) from posted form data
    (see AnswersForm: an unanswered question is missing, a value not among its answers is
    an error)."""
    form = AnswersForm(questions, data)
    return form.chosen_answers(), form.answer_errors()


@dataclass
class FormQuestion:
    question: Question
    chosen_value: str
    error: str


def form_questions(questions, chosen, errors=None):
    """The questions as the form shows them, with any earlier answer and error."""
    errors = errors or {}
    return [
        FormQuestion(
            question,
            chosen[question.slug].value if question.slug in chosen else "",
            errors.get(question.slug, ""),
        )
        for question in questions
    ]


@dataclass
class ChecklistItem:
    question: Question
    answer: Answer | None
    advice: object  # an AdviceLink, or None if the page has gone since the question was saved


@dataclass
class Checklist:
    first_steps: list = field(default_factory=list)  # priority 1 steps not yet done
    next_steps: list = field(default_factory=list)  # the other steps not yet done
    done: list = field(default_factory=list)
    unanswered: list = field(default_factory=list)

    @property
    def answered_any(self):
        return bool(self.first_steps or self.next_steps or self.done)


def build_checklist(questions, chosen):
    links = advice_links([question.advice_url for question in questions])
    checklist = Checklist()
    for question in sorted(questions, key=lambda q: (q.priority, q.position, q.pk)):
        answer = chosen.get(question.slug)
        item = ChecklistItem(question, answer, links.get(question.advice_url))
        if answer is None:
            checklist.unanswered.append(item)
        elif answer.outcome == Answer.Outcome.DONE:
            checklist.done.append(item)
        elif answer.outcome == Answer.Outcome.TODO:
            if question.priority == Question.Priority.FIRST:
                checklist.first_steps.append(item)
            else:
                checklist.next_steps.append(item)
    return checklist
