"""The digital MOT's answers as a Django form: one optional choice per question."""

from django import forms
from django.utils.translation import gettext_lazy as _

NOT_ONE_OF_THE_ANSWERS = _("Choose one of the answers, or leave this question out.")


class AnswersForm(forms.Form):
    """A field per question, named by its slug, whose choices are its answers' values.

    A question left unanswered is simply left out; a value that is not one of the
    question's answers (only a hand-made post can send one) is an error on that question.
    """

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.slug] = forms.ChoiceField(
                label=question.text,
                required=False,
                choices=[(answer.value, answer.label) for answer in question.answers.all()],
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": NOT_ONE_OF_THE_ANSWERS},
            )

    def chosen_answers(self):
        """{question slug: the Answer chosen} for the questions answered with a valid value."""
        self.is_valid()
        chosen = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.slug)
            if value:
                chosen[question.slug] = next(a for a in question.answers.all() if a.value == value)
        return chosen

    def answer_errors(self):
        """{question slug: the error to show beside it}."""
        return {slug: errors[0] for slug, errors in self.errors.items()}
